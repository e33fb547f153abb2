import { readFile, writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectAccessible, goto, login, unique } from './helpers.ts';

/** A small data·inclusion export: two structures, three services, one of them with an unknown thématique. */
function dataInclusionFile(prefix: string) {
  const structure = (id: string, nom: string, code_insee: string) => ({
    source: 'dora',
    id: `${prefix}--${id}`,
    nom,
    code_insee,
    date_maj: '2025-03-01',
  });
  const service = (id: string, structureId: string, nom: string, thematiques: string[]) => ({
    source: 'dora',
    id: `${prefix}--svc-${id}`,
    structure_id: `${prefix}--${structureId}`,
    nom,
    description: `${nom} : accueil et accompagnement.`,
    thematiques,
    zone_eligibilite: ['34145'],
    date_maj: '2025-04-15',
  });
  return {
    structures: [
      structure('ccas', `CCAS de Lunel-Viel ${prefix}`, '34146'),
      structure('resto', `Restos du Cœur de Marsillargues ${prefix}`, '34151'),
    ],
    services: [
      service('budget', 'ccas', 'Aide à la gestion du budget', [
        'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
      ]),
      service('colis', 'resto', 'Colis alimentaires', ['equipement-et-alimentation--alimentation']),
      service('inconnu', 'resto', 'Service mal classé', ['thematique-inventee']),
    ],
  };
}

test('an admin imports a data·inclusion file, reads the report, then downloads the export', async ({
  page,
}, testInfo) => {
  const prefix = unique('e2e');
  const path = testInfo.outputPath('data-inclusion.json');
  await writeFile(path, JSON.stringify(dataInclusionFile(prefix)));

  await login(page, 'admin@demo.ensemblier.fr');
  await goto(page, '/administration/annuaire');
  await expect(page.getByRole('heading', { level: 1, name: 'Import et export de l’annuaire' })).toBeVisible();
  await expectAccessible(page);

  // Without a file: the error is next to the field and in the summary.
  await page.getByRole('button', { name: 'Importer le fichier' }).click();
  await expect(page.getByRole('link', { name: 'Choisissez un fichier à importer.' })).toBeVisible();
  await expect(page).toHaveTitle(/^Erreur : /);
  await expectAccessible(page, 'import form with an error');

  await page.getByLabel(/Fichier à importer/).setInputFiles(path);
  await page.getByRole('button', { name: 'Importer le fichier' }).click();
  const report = page.getByRole('region', { name: 'Résultat de l’import' });
  await expect(report).toBeVisible();
  await expect(report.getByText('2 créées, 0 mise à jour, 0 inchangée')).toBeVisible();
  await expect(report.getByText('2 créés, 0 mis à jour, 0 inchangé')).toBeVisible();
  const rejected = report.getByRole('table', { name: 'Lignes rejetées et motif' });
  await expect(rejected.getByRole('row')).toHaveCount(2); // header + one row
  await expect(rejected).toContainText(`${prefix}--svc-inconnu`);
  await expect(rejected).toContainText('thématique inconnue : « thematique-inventee »');
  await expectAccessible(page, 'import report');
  // Usable on a phone: nothing wider than the screen, still accessible.
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page, 'import report at 360 px');
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: testInfo.outputPath('report-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Importing the same file again creates nothing.
  await page.getByLabel(/Fichier à importer/).setInputFiles(path);
  await page.getByRole('button', { name: 'Importer le fichier' }).click();
  await expect(report.getByText('0 créée, 0 mise à jour, 2 inchangées')).toBeVisible();

  // The export carries the imported structures.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'data·inclusion, JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^annuaire-\d{4}-\d{2}-\d{2}-data-inclusion\.json$/);
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    structures: { id: string; nom: string }[];
    services: { id: string }[];
  };
  expect(exported.structures.map((s) => s.id)).toContain(`${prefix}--ccas`);
  expect(exported.services.map((s) => s.id)).toContain(`${prefix}--svc-colis`);
});

test('a coordinator sees only the exports and downloads HSDS', async ({ page }) => {
  await login(page, 'coordination@demo.ensemblier.fr');
  await goto(page, '/administration/annuaire');
  await expect(page.getByRole('heading', { level: 2, name: 'Exporter le réseau' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Importer un export data·inclusion' })).toHaveCount(0);
  await expectAccessible(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Open Referral HSDS 3.0, JSON' }).click();
  const hsds = JSON.parse(await readFile((await (await downloading).path())!, 'utf8')) as Record<string, unknown[]>;
  expect(hsds.organization!.length).toBeGreaterThan(0);
  expect(hsds.taxonomy_term!.length).toBeGreaterThan(0);
});
