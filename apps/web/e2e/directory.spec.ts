import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, goto, login, ready, unique } from './helpers.ts';

const WORKER = 'infirmier.ssiad@demo.ensemblier.fr';
const MANAGER = 'responsable.ssiad@demo.ensemblier.fr';

/** Types in the commune combobox and picks `name` with the keyboard. */
async function pickCommune(page: Page, field: ReturnType<Page['getByRole']>, typed: string, name: RegExp) {
  await field.fill(typed);
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByRole('option', { name }).first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /propos/ })).toHaveText(
    /\d+ (communes proposées|commune proposée|propositions?)/,
  );
  // Down arrow until the wanted option is the active descendant.
  for (let i = 0; i < 10; i++) {
    await field.press('ArrowDown');
    const activeId = await field.getAttribute('aria-activedescendant');
    const text = activeId ? await page.locator(`[id="${activeId}"]`).innerText() : '';
    if (name.test(text)) break;
  }
  await field.press('Enter');
  await expect(listbox).toBeHidden();
}

test('a partner worker finds a service by thématique and commune, with the keyboard', async ({ page }) => {
  await login(page, WORKER);
  await goto(page, '/annuaire');
  await expect(page.getByRole('heading', { level: 1, name: 'Annuaire des services' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /services? trouvés?/ })).toBeVisible();
  await expectAccessible(page, '/annuaire with results');

  await page.getByLabel('Thématique').selectOption({ label: 'Soins infirmiers à domicile' });
  const commune = page.getByRole('combobox', { name: /Commune de la personne/ });
  await expect(commune).toHaveAttribute('aria-expanded', 'false');
  await commune.fill('Lune');
  await expect(commune).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('option', { name: /^Lunel\b/ }).first()).toBeVisible();
  await expectAccessible(page, '/annuaire with the combobox open');
  await commune.press('Escape');
  await expect(commune).toHaveAttribute('aria-expanded', 'false');
  await pickCommune(page, commune, 'Lunel', /^Lunel\s+34400/);
  await expect(commune).toHaveValue('Lunel (34400)');

  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(/commune=34145/);
  expect(page.url()).toContain('thematique=autonomie-domicile--soins-infirmiers-a-domicile');
  expect(new URL(page.url()).searchParams.has('public'), 'empty filters stay out of the URL').toBe(false);
  await expect(page.getByRole('status').filter({ hasText: /trouvés? pour Lunel/ })).toBeVisible();
  const card = page
    .getByRole('article')
    .filter({ has: page.getByRole('link', { name: 'Soins infirmiers à domicile' }) });
  await expect(card).toContainText('SSIAD de l’Étang de l’Or');
  await expect(card).toContainText(/Liste d’attente \(≈\s15\sjours\)|Places disponibles|Complet/);
  await expect(card).toContainText(/Mis à jour le \d{1,2}\s\S+\s\d{4}/);
  await expect(card).toContainText('Accepte les orientations');

  // The back button restores the previous search.
  await card.getByRole('link', { name: 'Soins infirmiers à domicile' }).click();
  await ready(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Soins infirmiers à domicile' })).toBeVisible();
  await expect(page.getByText(/Mis à jour le/).first()).toBeVisible();
  await expect(page.getByText(/Liste d’attente|Places disponibles|Complet/).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Orienter vers ce service' })).toHaveAttribute(
    'href',
    /\/orientations\/nouvelle\?service=/,
  );
  await expect(page.getByText('Lunel-Viel').first()).toBeVisible(); // zone as commune names
  await expectAccessible(page, 'service page');
  await page.goBack();
  await expect(page).toHaveURL(/commune=34145/);
  await expect(page.getByRole('combobox', { name: /Commune de la personne/ })).toHaveValue('Lunel (34400)');

  // The organisation.
  await goto(page, '/annuaire?q=soins+infirmiers');
  await page.getByRole('link', { name: 'SSIAD de l’Étang de l’Or' }).first().click();
  await ready(page);
  await expect(page.getByRole('heading', { level: 1, name: 'SSIAD de l’Étang de l’Or' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Soins infirmiers à domicile' })).toBeVisible();
  await expectAccessible(page, 'organisation page');
});

test('a text search with a typo finds the épicerie; an empty result says what to do', async ({ page }) => {
  await login(page, WORKER);
  await goto(page, '/annuaire');
  await page.getByLabel('Que cherchez-vous ?').fill('epiceri');
  await page.getByLabel('Que cherchez-vous ?').press('Enter');
  await page.waitForURL(/q=epiceri/);
  await expect(page.getByRole('link', { name: 'Épicerie solidaire', exact: true })).toBeVisible();

  await goto(page, '/annuaire?q=zzzqqqxxx&capacite=complet');
  await expect(page.getByRole('heading', { name: 'Aucun service ne correspond à votre recherche' })).toBeVisible();
  await expect(page.getByText(/Retirez le filtre de disponibilité/)).toBeVisible();
  await expectAccessible(page, 'empty search');
});

test('a partner manager updates the capacity; the search shows it at once', async ({ page }) => {
  await login(page, MANAGER);
  await goto(page, '/annuaire?q=alzheimer');
  await page.getByRole('link', { name: 'Équipe spécialisée Alzheimer à domicile' }).click();
  await ready(page);
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Enregistrer la disponibilité' }) });
  await form.getByLabel('Liste d’attente').check();
  const delay = form.getByLabel(/Délai d’attente habituel/);
  await delay.fill('');
  await form.getByRole('button', { name: 'Enregistrer la disponibilité' }).click();
  await expect(page.getByRole('link', { name: /Indiquez le délai d’attente/ })).toBeVisible();
  await expectAccessible(page, 'capacity form with an error');
  await delay.fill('30');
  await form.getByRole('button', { name: 'Enregistrer la disponibilité' }).click();
  await expect(page.getByText(/La disponibilité a été mise à jour/)).toBeVisible();

  await goto(page, '/annuaire?q=alzheimer');
  const card = page.getByRole('article').filter({ hasText: 'Équipe spécialisée Alzheimer à domicile' });
  await expect(card).toContainText(/Liste d’attente \(≈\s30\sjours\)/);

  // "Toujours à jour", as the monthly reminder links to it.
  await card.getByRole('link', { name: 'Équipe spécialisée Alzheimer à domicile' }).click();
  await page.waitForURL(/\/annuaire\/services\//);
  await goto(page, `${new URL(page.url()).pathname}?confirmer=1`);
  await expect(page.getByRole('heading', { name: 'Ces informations sont-elles toujours exactes ?' })).toBeVisible();
  await page.getByRole('button', { name: 'Toujours à jour' }).first().click();
  await expect(page.getByText(/confirmé à jour pour six mois/)).toBeVisible();
});

test('a partner manager creates a service with the form, edits it, then archives it', async ({ page }) => {
  const name = unique('Atelier mémoire');
  await login(page, MANAGER);
  await goto(page, '/annuaire?q=soins+infirmiers');
  await page.getByRole('link', { name: 'SSIAD de l’Étang de l’Or' }).first().click();
  await ready(page);
  await page.getByRole('link', { name: 'Ajouter un service' }).click();
  await page.waitForURL(/\/annuaire\/services\/nouveau/);
  await ready(page);
  await expectAccessible(page, 'service form');

  await page.getByRole('button', { name: 'Publier le service' }).click();
  await expect(page.getByRole('heading', { name: /Le formulaire contient \d+ erreurs?/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Choisissez au moins une thématique/ })).toBeVisible();
  await expectAccessible(page, 'service form with errors');

  await page.getByLabel(/Nom du service/).fill(name);
  await page.getByLabel('Chercher une thématique').fill('soins infirm');
  await expect(page.getByText('1 thématique correspond.')).toBeVisible();
  await page.getByLabel('Soins infirmiers à domicile').check();
  await page.getByLabel('Chercher une thématique').fill('');
  await page.locator('summary', { hasText: 'Aide alimentaire' }).click(); // opens the category
  await page.getByLabel('Colis alimentaires').check();
  await expect(page.getByText('2 thématiques cochées')).toBeVisible();
  const zone = page.getByRole('combobox', { name: /Ajouter une commune ou un département/ });
  await pickCommune(page, zone, 'Marsill', /^Marsillargues/);
  await expect(page.getByRole('button', { name: 'Retirer Marsillargues (34590)' })).toBeVisible();
  await zone.fill('34');
  await expect(page.getByRole('option', { name: /Tout le département : Hérault/ })).toBeVisible();
  await zone.press('ArrowDown');
  await zone.press('Enter');
  await page.getByRole('button', { name: /Retirer Hérault/ }).click();
  await expect(page.getByRole('button', { name: /Retirer Hérault/ })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Téléphone' }).fill('04.67.00.11.22');
  await page.getByLabel('Horaires d’accueil').fill('Mo-Fr 09:00-12:00');
  await page.getByRole('button', { name: 'Publier le service' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Le service a été créé')).toBeVisible();
  await expect(page.getByText('Du lundi au vendredi')).toBeVisible();
  await expect(page.getByText('04 67 00 11 22')).toBeVisible();
  await expect(page.getByText(/Ce service ne reçoit pas d’orientations par Ensemblier/)).toBeVisible();

  await page.getByRole('link', { name: 'Modifier', exact: true }).click();
  await ready(page);
  await expect(page.getByRole('button', { name: 'Retirer Marsillargues (34590)' })).toBeVisible();
  await page.getByLabel('Accepte les orientations par Ensemblier').check();
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page.getByText('Les modifications ont été enregistrées')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Orienter vers ce service' })).toBeVisible();

  await page.getByRole('button', { name: 'Archiver le service' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(/disparaîtra de l’annuaire/);
  await expectAccessible(page, 'archive dialog');
  await dialog.getByRole('button', { name: 'Archiver le service' }).click();
  await expect(page.getByText(/Le service a été archivé/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'SSIAD de l’Étang de l’Or' })).toBeVisible();
});

test('a coordinator sees the services to confirm', async ({ page }) => {
  await login(page, 'coordination@demo.ensemblier.fr');
  await goto(page, '/annuaire');
  await page.getByRole('link', { name: /Services à confirmer \(\d+\)/ }).click();
  await ready(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Services à confirmer' })).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await expectAccessible(page, 'services to confirm');
});

test('without JavaScript the commune is a text field resolved by the server', async ({ page, browser }, testInfo) => {
  await login(page, WORKER);
  const context = await browser.newContext({
    storageState: await page.context().storageState(),
    javaScriptEnabled: false,
    baseURL: testInfo.project.use.baseURL,
    locale: 'fr-FR',
  });
  const noJs = await context.newPage();
  await noJs.goto('/annuaire');
  await noJs.getByLabel(/Commune de la personne/).fill('marsillargues');
  await noJs.getByRole('button', { name: 'Rechercher' }).click();
  await expect(noJs).toHaveURL(/commune=34151/);
  await expect(noJs.getByLabel(/Commune de la personne/)).toHaveValue('Marsillargues (34590)');
  await expect(noJs.getByRole('status').filter({ hasText: /pour Marsillargues/ })).toBeVisible();
  await noJs.getByLabel(/Commune de la personne/).fill('Lunelxyz');
  await noJs.getByRole('button', { name: 'Rechercher' }).click();
  await expect(noJs.getByText(/Aucune commune ne (correspond à|s’appelle) « Lunelxyz »/).first()).toBeVisible();
  await expect(noJs.getByRole('status').filter({ hasText: /la commune est à préciser/ })).toBeVisible();
  await context.close();
});

test('at 360 px the directory fits the screen and the filters fold', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, WORKER);
  await goto(page, '/annuaire?q=aide');
  const toggle = page.getByRole('button', { name: /^Filtres/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('Thématique')).toBeHidden();
  await toggle.click();
  await expect(page.getByLabel('Thématique')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page, '/annuaire at 360 px');
});
