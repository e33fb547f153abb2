import { expect, test, type Page } from '@playwright/test';
import { callApi, DEMO_PASSWORD, expectAccessible, goto, login, newAccount, unique, todayTyped } from './helpers.ts';

// Issue 5's visibility, end to end: an association worker and a CLIC worker in the same
// follow-up group see each other's « groupe de suivi » entries, never the « privée » ones.
// Both workers are fresh accounts (other specs log in with the demo accounts, and the CLIC's
// demo account belongs to the two-factor spec); the coordinator only writes data.
const COORDINATOR = 'coordination@demo.ensemblier.fr';
const ASSOCIATION = 'Entraide Lunelloise';
const CLIC = 'CLIC Est Héraultais';

async function addEntry(page: Page, type: string, title: string, body: string) {
  const form = page.getByRole('form', { name: 'Ajouter une entrée' });
  await form.getByLabel('Type').selectOption({ label: type });
  await form.getByLabel('Titre').fill(title);
  await form.getByLabel('Texte').fill(body);
  await form.getByRole('button', { name: 'Ajouter l’entrée' }).click();
  await expect(page.getByText('L’entrée est ajoutée au fil de suivi.')).toBeVisible();
}

const fil = (page: Page) => page.getByRole('region', { name: 'Fil de suivi' });

test('association and CLIC workers of one follow-up group share « groupe » entries, not private ones', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const associationEmail = await newAccount(browser, ASSOCIATION, 'partner_worker');
  const clicEmail = await newAccount(browser, CLIC, 'partner_worker');

  // The CCAS coordinator creates the file, records the person's consent and builds the group.
  const coordinator = await (await browser.newContext()).newPage();
  await login(coordinator, COORDINATOR);
  const organisations = await callApi<{ id: string; name: string }[]>(
    coordinator,
    'directory.organisation.list',
    {},
    'query',
  );
  const associationId = organisations.find((o) => o.name === ASSOCIATION)?.id;
  const clicId = organisations.find((o) => o.name === CLIC)?.id;
  expect(associationId && clicId).toBeTruthy();
  const nom = unique('Suivi').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    coordinator,
    'persons.create',
    { nom, prenom: 'Gisèle', dateNaissance: '1940-05-02', confirmNotDuplicate: true },
    'mutation',
  );
  expect(person.created).toBe(true);
  await callApi(
    coordinator,
    'persons.recordConsent',
    { personId: person.id, kind: 'consentement', mode: 'oral', occurredOn: todayTyped(), allOrganisations: true },
    'mutation',
  );
  for (const organisationId of [clicId, associationId]) {
    await callApi(coordinator, 'persons.group.add', { personId: person.id, organisationId }, 'mutation');
  }

  // The association worker writes a shared call and a private note.
  const association = await (await browser.newContext()).newPage();
  await login(association, associationEmail);
  await goto(association, `/personnes/${person.id}`);
  const group = association.getByRole('region', { name: 'Groupe de suivi' });
  await expect(group.getByText(ASSOCIATION, { exact: true })).toBeVisible();
  await expect(group.getByText(CLIC, { exact: true })).toBeVisible();
  await expect(group.getByText(/Ajoutée par le CCAS/).first()).toBeVisible();
  await expect(group.getByRole('button', { name: 'Quitter le groupe de suivi' })).toBeVisible();
  // An empty form: errors next to the fields.
  const entryForm = association.getByRole('form', { name: 'Ajouter une entrée' });
  await entryForm.getByRole('button', { name: 'Ajouter l’entrée' }).click();
  await expect(entryForm.getByLabel('Type')).toHaveAttribute('aria-invalid', 'true');
  await expect(entryForm.getByLabel('Titre')).toHaveAttribute('aria-invalid', 'true');
  await expect(entryForm.getByText('Indiquez un titre.').first()).toBeVisible();
  await addEntry(association, 'Appel', 'Appel partagé de l’Entraide', 'La personne demande un portage de repas.');
  await addEntry(association, 'Note', 'Note privée de l’Entraide', 'Réservé à notre structure.');
  await expect(fil(association).getByText('Visibilité : Groupe de suivi')).toHaveCount(1);
  await expect(fil(association).getByText('Visibilité : Privée (ma structure)')).toHaveCount(1);
  await expectAccessible(association, 'fiche personne (association)');

  // The CLIC worker sees the shared call, not the private note, and writes its own entries:
  // a shared visit through the page, a private interview through the API.
  const clic = await (await browser.newContext()).newPage();
  await login(clic, clicEmail);
  await goto(clic, `/personnes/${person.id}`);
  await expect(fil(clic).getByText('Appel partagé de l’Entraide')).toBeVisible();
  await expect(fil(clic).getByText(`(${ASSOCIATION})`, { exact: false })).toBeVisible();
  await expect(fil(clic).getByText('Note privée de l’Entraide')).toHaveCount(0);
  await addEntry(clic, 'Visite à domicile', 'Visite partagée du CLIC', 'Évaluation à domicile faite.');
  await callApi(
    clic,
    'persons.timeline.add',
    { personId: person.id, type: 'entretien', title: 'Entretien privé du CLIC', body: 'Notes du CLIC.' },
    'mutation',
  );
  await clic.reload();
  await expect(fil(clic).getByText('Entretien privé du CLIC')).toBeVisible();
  await expect(fil(clic).getByText('Note privée de l’Entraide')).toHaveCount(0);
  await expectAccessible(clic, 'fiche personne (CLIC)');

  // Back at the association: the CLIC's shared visit is there, its private interview is not.
  await goto(association, `/personnes/${person.id}`);
  await expect(fil(association).getByText('Visite partagée du CLIC')).toBeVisible();
  await expect(fil(association).getByText('Entretien privé du CLIC')).toHaveCount(0);
  await expect(fil(association).getByText('Note privée de l’Entraide')).toBeVisible();

  // The coordinator (CCAS) sees the shared entries, manages the group, and the page is accessible.
  await goto(coordinator, `/personnes/${person.id}`);
  await expect(fil(coordinator).getByText('Appel partagé de l’Entraide')).toBeVisible();
  await expect(fil(coordinator).getByText('Note privée de l’Entraide')).toHaveCount(0);
  await coordinator.getByRole('button', { name: `Retirer ${CLIC} du groupe de suivi` }).click();
  const dialog = coordinator.getByRole('alertdialog');
  await expect(dialog).toContainText('n’aura plus accès au dossier');
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expectAccessible(coordinator, 'fiche personne (coordination)');

  // The coordinator removes the association after the confirmation: its access ends at once.
  await coordinator.getByRole('button', { name: `Retirer ${ASSOCIATION} du groupe de suivi` }).click();
  await dialog.getByRole('button', { name: 'Retirer la structure' }).click();
  await expect(coordinator.getByText('La structure est retirée du groupe de suivi')).toBeVisible();
  await expect(
    coordinator.getByRole('region', { name: 'Groupe de suivi' }).getByRole('listitem').filter({ hasText: ASSOCIATION }),
  ).toHaveCount(0);
  expect((await association.goto(`/personnes/${person.id}`))?.status()).toBe(404);

  // Without JavaScript, the CLIC worker leaves the group after a confirmation step: the file is
  // closed to the CLIC at once.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const clicNoJs = await noScript.newPage();
  await clicNoJs.goto('/connexion');
  await clicNoJs.getByLabel('Adresse e-mail').fill(clicEmail);
  await clicNoJs.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await clicNoJs.getByRole('button', { name: 'Se connecter' }).click();
  await clicNoJs.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  await clicNoJs.goto(`/personnes/${person.id}`);
  await clicNoJs.getByRole('button', { name: 'Quitter le groupe de suivi' }).click();
  await expect(clicNoJs.getByText('Votre structure n’aura plus accès au dossier')).toBeVisible();
  await clicNoJs.getByRole('button', { name: 'Quitter le groupe de suivi' }).first().click();
  await clicNoJs.waitForURL(/\/personnes\?groupe=quitte/);
  const response = await clicNoJs.goto(`/personnes/${person.id}`);
  expect(response?.status()).toBe(404);
});
