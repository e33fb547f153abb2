import { expect, test, type Page } from '@playwright/test';
import { callApi, expectAccessible, goto, login, newAccount, unique } from './helpers.ts';

// Heatwave / cold-spell campaigns (issue 7), end to end: the coordinator registers two people
// of her own, launches a campaign through the form (French errors first) with a volunteer account
// made for this spec; the volunteer logs one call « joint » and one « non joint » on her phone-sized
// page; the coordinator's board, left open, shows the progress by itself. axe on every page, and
// at 360 px. Only persons and accounts created here are touched; the campaign is closed at the end.

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('a coordinator launches a campaign, a volunteer logs calls, the board follows by itself', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const volunteerEmail = await newAccount(browser, 'CIAS du Pays de Lunel', 'volunteer');

  await login(page, 'coordination@demo.ensemblier.fr');
  const people: { id: string; nom: string }[] = [];
  for (const prenom of ['Odette', 'Lucien']) {
    const nom = unique('Campagne').replace(/[^A-Za-z]/g, '');
    const person = await callApi<{ id: string }>(
      page,
      'persons.create',
      { nom, prenom, dateNaissance: '1936-03-02', communeInsee: '34145', confirmNotDuplicate: true },
      'mutation',
    );
    await callApi(
      page,
      'visits.register.create',
      {
        personId: person.id,
        requestedBy: 'personne',
        consentMode: 'oral',
        consentOn: '2026-01-10',
        situation: 'age_65',
        adresse: `3 rue des ${prenom}s`,
        communeInsee: '34145',
        digicode: '12B',
        telephones: [{ numero: '0467223344', type: 'fixe' }],
      },
      'mutation',
    );
    people.push({ id: person.id, nom });
  }
  const [odette, lucien] = people as [{ id: string; nom: string }, { id: string; nom: string }];

  const volunteer = await (await browser.newContext()).newPage();
  await login(volunteer, volunteerEmail);
  const me = await callApi<{ user: { id: string } }>(volunteer, 'auth.me', {}, 'query');

  // The campaigns page, then the form: nobody chosen → the error next to the field.
  await goto(page, '/visites/campagnes');
  await expect(page.getByRole('heading', { level: 1, name: 'Campagnes canicule et grand froid' })).toBeVisible();
  await expectAccessible(page, 'campaigns list');
  await page.getByRole('link', { name: 'Lancer une campagne' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lancer une campagne' })).toBeVisible();
  await expectAccessible(page, 'campaign form');
  await page.getByLabel(/^Délai avant signalement/).fill('3');
  await page.getByRole('radio', { name: 'Autre épisode exceptionnel' }).check();
  await page.getByRole('button', { name: 'Lancer la campagne' }).click();
  await expect(page.getByRole('heading', { name: /Le formulaire contient \d+ erreurs?/ })).toBeVisible();
  await expect(page.getByText('Choisissez au moins un bénévole ou agent pour les appels.').first()).toBeVisible();
  await expect(page).toHaveTitle(/^Erreur : /);
  // What was typed is kept.
  await expect(page.getByLabel(/^Délai avant signalement/)).toHaveValue('3');
  await expectAccessible(page, 'campaign form with errors');

  const title = unique('Canicule test');
  await page.getByLabel(/^Titre de la campagne/).fill(title);
  await page.locator(`input[name="callers"][value="${me.user.id}"]`).check();
  await page.getByRole('button', { name: 'Lancer la campagne' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('La campagne est lancée')).toBeVisible();
  const boardUrl = new URL(page.url()).pathname;
  const live = page.locator('[aria-live="polite"]').filter({ hasText: 'jointe' });
  await expect(live).toContainText('0 personne jointe sur');
  await expect(page.getByText(/Mis à jour à/)).toBeVisible();
  await expectAccessible(page, 'campaign board');

  // The volunteer's side: « Mes visites » leads to her campaign; then her list with each person's card.
  await goto(volunteer, '/visites');
  await expect(volunteer.getByRole('heading', { name: 'Campagne d’appels en cours' })).toBeVisible();
  await expect(volunteer.getByRole('link', { name: 'Ouvrir ma liste d’appels' }).first()).toBeVisible();
  await goto(volunteer, '/visites/campagnes');
  await expectAccessible(volunteer, 'volunteer campaigns');
  await volunteer.getByRole('link', { name: 'Ouvrir ma liste d’appels' }).first().click();
  await expect(volunteer.getByRole('heading', { level: 1, name: 'Mes appels' })).toBeVisible();
  const odetteCard = volunteer.locator(`#personne-${odette.id}`);
  await expect(odetteCard).toContainText('3 rue des Odettes');
  await expect(odetteCard.getByRole('link', { name: /Appeler le 04.67.22.33.44/ })).toBeVisible();
  await volunteer.setViewportSize({ width: 360, height: 740 });
  await noHorizontalScroll(volunteer);
  await expectAccessible(volunteer, 'calls page at 360 px');

  await odetteCard.getByText(/Noter l’appel à Odette/).click();
  await odetteCard.getByRole('radio', { name: 'Jointe, tout va bien' }).check();
  await odetteCard.getByRole('button', { name: 'Enregistrer l’appel' }).click();
  // Kept on the phone, then sent at once: reached, she leaves « À joindre ».
  await expect(volunteer.getByText('1 saisie envoyée à votre coordinateur.')).toBeVisible();
  await expect(volunteer.locator(`#personne-${odette.id}`)).toHaveCount(0);

  // Without network the call waits on the phone, and goes when the connection returns.
  await volunteer.context().setOffline(true);
  const lucienCard = volunteer.locator(`#personne-${lucien.id}`);
  await lucienCard.getByText(/Noter l’appel à Lucien/).click();
  await lucienCard.getByRole('button', { name: 'Enregistrer l’appel' }).click();
  // Checked on the phone: the French error next to the field, nothing kept.
  await expect(lucienCard.getByText('Indiquez le résultat de l’appel.').first()).toBeVisible();
  await lucienCard.getByRole('radio', { name: 'Non jointe' }).check();
  await lucienCard.getByRole('button', { name: 'Enregistrer l’appel' }).click();
  await expect(
    volunteer.getByText(`Appel à Lucien ${lucien.nom.toUpperCase()} enregistré sur ce téléphone. Il sera envoyé`),
  ).toBeVisible();
  await expect(volunteer.getByText('1 saisie en attente d’envoi')).toBeVisible();
  await expect(lucienCard.getByText('Appel en attente d’envoi')).toBeVisible();
  await expectAccessible(volunteer, 'a call waiting on the phone, offline');
  await volunteer.context().setOffline(false);
  await expect(volunteer.getByText('Tout est envoyé.')).toBeVisible({ timeout: 20_000 });
  await expect(volunteer.locator(`#personne-${lucien.id}`)).toContainText('Non jointe, à rappeler');
  await expectAccessible(volunteer, 'calls page after two calls');

  // The board, left open, refreshes by itself (every 20 s).
  await expect(live).toContainText('1 personne jointe sur', { timeout: 45_000 });
  await expect(page).toHaveURL(new RegExp(`${boardUrl}`));
  await page.getByLabel('Où en est l’appel').selectOption('non_joint');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByRole('link', { name: `Lucien ${lucien.nom.toUpperCase()}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Odette ${odette.nom.toUpperCase()}` })).toHaveCount(0);
  await page.setViewportSize({ width: 360, height: 740 });
  await noHorizontalScroll(page);
  await expectAccessible(page, 'campaign board at 360 px');

  // The list shows the campaign's figures; then the campaign is closed.
  await goto(page, '/visites/campagnes');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page, 'campaigns list at 360 px');
  await goto(page, boardUrl);
  await page.getByRole('button', { name: 'Clôturer la campagne' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Clôturer la campagne' }).click();
  await expect(page.getByText('La campagne est close')).toBeVisible();
  await goto(volunteer, new URL(volunteer.url()).pathname);
  await expect(volunteer.getByRole('heading', { name: 'Cette campagne est close' })).toBeVisible();
});
