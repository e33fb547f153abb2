import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { pdfText } from '../../api/test/pdf-text.ts';
import { callApi, expectAccessible, goto, login, unique } from './helpers.ts';

// Issue 5, « the access export downloads »: a CCAS coordinator opens a file's « Droits de la
// personne » page, downloads the information notice and the right-of-access export (PDF for the
// person, JSON for the record); a partner sees the rights but not the export. axe on both.
const COORDINATOR = 'coordination@demo.ensemblier.fr';
const PARTNER = 'responsable.entraide@demo.ensemblier.fr';

async function downloaded(page: Page, trigger: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return { name: (download as Download).suggestedFilename(), bytes: await readFile((await download.path())!) };
}

test('the access export downloads (coordinator): notice, PDF and JSON export', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, COORDINATOR);
  const nom = unique('Acces').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    page,
    'persons.create',
    { nom, prenom: 'Hélène', dateNaissance: '1944-05-02', confirmNotDuplicate: true },
    'mutation',
  );
  expect(person.created).toBe(true);
  await callApi(
    page,
    'persons.recordConsent',
    { personId: person.id, kind: 'information', mode: 'oral', occurredOn: '2026-01-05', allOrganisations: true },
    'mutation',
  );
  await callApi(
    page,
    'persons.timeline.add',
    {
      personId: person.id,
      type: 'note',
      visibility: 'ccas',
      title: 'Note de la coordination',
      body: 'Premier contact.',
    },
    'mutation',
  );

  // From the file, the section link leads to the rights page.
  await goto(page, `/personnes/${person.id}`);
  await page
    .getByRole('navigation', { name: 'Rubriques du dossier' })
    .getByRole('link', { name: 'Droits de la personne' })
    .click();
  await page.waitForURL(new RegExp(`/personnes/${person.id}/droits$`));
  await expect(page.getByRole('heading', { level: 2, name: 'Les droits de la personne' })).toBeVisible();
  const register = page.getByRole('region', { name: 'Registre : information, accord, opposition' });
  await expect(register).toContainText('Personne informée du partage');
  await expect(register.getByRole('link', { name: /Voir tout le registre/ })).toHaveAttribute(
    'href',
    `/personnes/${person.id}#historique`,
  );
  await expect(page.getByRole('link', { name: 'Voir les consultations du dossier' })).toBeVisible();
  await expectAccessible(page, 'droits (coordinator)');

  // The notice, from the keyboard.
  const notice = await downloaded(page, async () => {
    await page.getByRole('link', { name: 'Télécharger la notice d’information (PDF)' }).focus();
    await page.keyboard.press('Enter');
  });
  const slug = `helene-${nom.toLowerCase()}`;
  expect(notice.name).toBe(`notice-information-${slug}.pdf`);
  const noticeText = await pdfText(notice.bytes);
  expect(noticeText.text).toContain(`Hélène ${nom.toUpperCase()}`);
  expect(noticeText.text).toContain('Vous pouvez vous opposer au partage, à tout moment');

  // The export for the person (PDF) and for the record (JSON).
  const pdf = await downloaded(page, () => page.getByRole('link', { name: 'Exporter tout le dossier (PDF)' }).click());
  expect(pdf.name).toMatch(new RegExp(`^droit-d-acces-${slug}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
  const pdfContent = await pdfText(pdf.bytes);
  expect(pdfContent.title).toBe('Vos informations enregistrées');
  expect(pdfContent.text).toContain('Note de la coordination');

  const json = await downloaded(page, () =>
    page.getByRole('link', { name: 'Exporter tout le dossier (JSON)' }).click(),
  );
  expect(json.name).toMatch(new RegExp(`^droit-d-acces-${slug}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const data = JSON.parse(json.bytes.toString('utf8')) as {
    format: string;
    person: { id: string; nom: string };
    timeline: { title: string }[];
    consents: { kind: string }[];
  };
  expect(data.format).toBe('ensemblier.person-export');
  expect(data.person).toMatchObject({ id: person.id, nom });
  expect(data.timeline.map((e) => e.title)).toEqual(['Note de la coordination']);
  expect(data.consents.map((c) => c.kind)).toEqual(['information']);

  // At 360 px the page stays usable and accessible.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(page.getByRole('link', { name: 'Exporter tout le dossier (PDF)' })).toBeVisible();
  await expectAccessible(page, 'droits (360 px)');
});

test('a partner reads the rights and prints the notice, but the export is for the CCAS', async ({ page }) => {
  await login(page, PARTNER);
  const nom = unique('Partenaire').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    page,
    'persons.create',
    { nom, prenom: 'Paul', confirmNotDuplicate: true },
    'mutation',
  );
  await goto(page, `/personnes/${person.id}/droits`);
  const exportSection = page.getByRole('region', { name: 'Droit d’accès : exporter tout le dossier' });
  await expect(exportSection).toContainText('réservé à la coordination du CCAS');
  await expect(page.getByRole('link', { name: /Exporter tout le dossier/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Télécharger la notice d’information (PDF)' })).toBeVisible();
  await expectAccessible(page, 'droits (partner)');
  const denied = await page.request.get(`/personnes/${person.id}/droits/export/pdf`);
  expect(denied.status()).toBe(403);
  const unknown = await page.request.get('/personnes/00000000-0000-4000-8000-000000000000/droits');
  expect(unknown.status()).toBe(404);
});
