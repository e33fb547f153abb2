import { expect, test } from '@playwright/test';
import { callApi, expectAccessible, goto, login, unique } from './helpers.ts';

// The register of vulnerable people (issue 7), end to end: the CCAS coordinator creates a file,
// registers the person from it (form, French errors), finds her in the register, exports the
// CSV for the prefecture, then radiates her through the dialog. Only a person created here is
// touched; the demo registrations stay as they are.

test('a coordinator registers a person she created, exports the register as CSV, then radiates her', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await login(page, 'coordination@demo.ensemblier.fr');
  const nom = unique('Registre').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    page,
    'persons.create',
    {
      nom,
      prenom: 'Augustine',
      dateNaissance: '1938-06-14',
      adresse: '8 rue des Glycines',
      communeInsee: '34145',
      confirmNotDuplicate: true,
    },
    'mutation',
  );
  expect(person.created).toBe(true);

  // From the file: « Inscrire au registre ».
  await goto(page, `/personnes/${person.id}`);
  await page.getByRole('link', { name: 'Inscrire au registre' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Inscrire Augustine');
  // The address comes from the file.
  await expect(page.getByLabel(/^Adresse/)).toHaveValue('8 rue des Glycines');

  // Submitting without the required choices: French errors, summary first.
  await page.getByRole('button', { name: 'Inscrire au registre' }).click();
  await expect(page.getByRole('heading', { name: /Le formulaire contient \d+ erreurs?/ })).toBeVisible();
  await expect(page.getByText('Choisissez la situation de la personne.').first()).toBeVisible();
  await expect(page).toHaveTitle(/^Erreur : /);
  await expectAccessible(page, 'register form with errors');

  await page.getByRole('radio', { name: 'Par téléphone' }).check();
  await page.getByRole('radio', { name: '65 ans et plus' }).check();
  await page.getByRole('checkbox', { name: 'La personne vit seule ou est isolée' }).check();
  await page.getByLabel(/^Digicode/).fill('B1234');
  await page.getByLabel(/^Numéro 1/).fill('04 67 12 34 56');
  await page.getByLabel(/^Contact 1 : nom/).fill('Henri Voisin');
  await page.getByLabel(/^Contact 1 : lien/).fill('voisin');
  await page.getByLabel(/^Contact 1 : téléphone/).fill('0611223344');
  await page.getByRole('button', { name: 'Inscrire au registre' }).click();

  await expect(page.getByText('La personne est inscrite au registre.')).toBeVisible();
  await expect(page.getByText('Inscrite au registre', { exact: true })).toBeVisible();
  await expect(page.getByText('04 67 12 34 56')).toBeVisible();
  const detailUrl = new URL(page.url()).pathname;
  await expectAccessible(page, 'registration detail');

  // The register: she is listed (filter: isolated people), with the navigation entry.
  await goto(page, '/tableau-de-bord');
  await page.getByRole('link', { name: 'Registre', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registre des personnes vulnérables');
  await page.getByLabel('Isolement').selectOption('oui');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByRole('link', { name: `Augustine ${nom.toUpperCase()}` })).toBeVisible();
  await expectAccessible(page, 'register list');

  // The CSV for the prefecture: BOM, « ; », French headers, her row.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger le CSV (tableur)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^registre-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await (await page.request.get('/registre/export/csv?isole=oui')).body();
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.toString('utf8');
  expect(text.split('\r\n')[0]).toBe(
    '\ufeffNom;Prénom;Situation;Isolée;Adresse;Commune (INSEE);Accès;Téléphones;Personnes à prévenir;Médecin traitant;Services à domicile;Inscrite le',
  );
  const row = text.split('\r\n').find((l) => l.startsWith(`${nom};`));
  expect(row).toContain('Augustine;65 ans et plus;Oui;8 rue des Glycines;34145;Digicode B1234;04 67 12 34 56 (Fixe)');

  // At 360 px wide: no horizontal scroll, axe clean.
  await page.setViewportSize({ width: 360, height: 740 });
  await goto(page, '/registre');
  await expect(async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  }).toPass({ timeout: 5_000 });
  await expectAccessible(page, 'register list at 360 px');

  // Radiation through the dialog: the reason « à sa demande » needs how she asked.
  await page.setViewportSize({ width: 1280, height: 800 });
  await goto(page, detailUrl);
  await page.getByRole('button', { name: 'Radier du registre' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(/^Motif/).selectOption('demande');
  await dialog.getByLabel(/^Comment la personne l’a demandé/).selectOption('ecrit');
  await dialog.getByRole('button', { name: 'Radier du registre' }).click();
  await expect(page.getByText(/La personne est radiée du registre\./)).toBeVisible();
  await expect(page.getByText('Radiée du registre', { exact: true })).toBeVisible();
  await expect(page.getByText('04 67 12 34 56')).toHaveCount(0);
  await expectAccessible(page, 'radiated registration');
});
