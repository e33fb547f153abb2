import { expect, test } from '@playwright/test';
import { callApi, expectAccessible, goto, login, unique } from './helpers.ts';

// Issue 5, « Qui a consulté ce dossier »: a coordinator opens a file, the territory admin sees
// that read (who, organisation, role, reason) in the file's consultation list.
const COORDINATOR = 'coordination@demo.ensemblier.fr';
const ADMIN = 'admin@demo.ensemblier.fr';

test('the CCAS admin sees who consulted the file', async ({ browser }) => {
  test.setTimeout(90_000);
  const coordinator = await (await browser.newContext()).newPage();
  await login(coordinator, COORDINATOR);
  const nom = unique('Consulte').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    coordinator,
    'persons.create',
    { nom, prenom: 'Odette', dateNaissance: '1938-03-14', confirmNotDuplicate: true },
    'mutation',
  );
  expect(person.created).toBe(true);

  // Opening the file is one consultation; the coordinator sees the link to the list.
  await goto(coordinator, `/personnes/${person.id}`);
  const section = coordinator.getByRole('region', { name: 'Qui a consulté ce dossier' });
  await expect(section).toBeVisible();
  await section.getByRole('link', { name: 'Voir les consultations du dossier' }).click();
  await coordinator.waitForURL(new RegExp(`/personnes/${person.id}/consultations$`));
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Qui a consulté ce dossier' })).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await login(admin, ADMIN);
  await goto(admin, `/personnes/${person.id}/consultations`);
  await expect(admin.getByRole('heading', { level: 1, name: 'Qui a consulté ce dossier' })).toBeVisible();
  await expect(admin.getByText('1 consultation', { exact: true })).toBeVisible();
  const row = admin.getByRole('row').filter({ hasText: 'CIAS du Pays de Lunel' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Structure qui a créé le dossier');
  await expect(row).toContainText(/\d{1,2} \S+ \d{4} à \d{1,2}\sh\s\d{2}/);
  await expectAccessible(admin, 'consultations (admin)');
});

test('another professional may not list the consultations', async ({ page }) => {
  await login(page, 'responsable.entraide@demo.ensemblier.fr');
  const response = await page.goto('/personnes/00000000-0000-4000-8000-000000000000/consultations');
  expect(response?.status()).toBe(404);
});
