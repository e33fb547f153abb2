import { expect, test, type Locator } from '@playwright/test';
import { callApi, expectAccessible, goto, login, newAccount, unique } from './helpers.ts';

// « Situation et foyer »: an association worker (a fresh account; the demo accounts and
// persons are left alone) creates a file, fills the family situation, adds a household member
// and two budget lines, and reads the totals; errors show next to their fields; axe at desktop
// width and at 360 px. A volunteer cannot open the page.
const ASSOCIATION = 'Entraide Lunelloise';

const region = (page: import('@playwright/test').Page, name: string) => page.getByRole('region', { name });
/** « 1 234,56 € » whatever the spaces Intl puts in it. */
const euros = (text: string) => new RegExp(text.replace(/ /g, '\\s?').replace('€', '\\s?€'));

async function open(details: Locator) {
  if ((await details.getAttribute('open')) === null) await details.locator('summary').first().click();
}

test('a worker fills the household and the budget, and reads the totals', async ({ browser }) => {
  test.setTimeout(120_000);
  const email = await newAccount(browser, ASSOCIATION, 'partner_worker');
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  const nom = unique('Foyer').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    page,
    'persons.create',
    { nom, prenom: 'Rose', dateNaissance: '1952-03-04', confirmNotDuplicate: true },
    'mutation',
  );
  expect(person.created).toBe(true);

  await goto(page, `/personnes/${person.id}/situation`);
  await expect(page.getByRole('heading', { level: 1, name: `Rose ${nom.toUpperCase()}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Situation et foyer' })).toHaveAttribute('aria-current', 'page');
  // Empty states say what to do.
  await expect(page.getByText('La situation de cette personne n’est pas encore renseignée.')).toBeVisible();
  await expect(page.getByText('Aucun membre du foyer enregistré')).toBeVisible();
  await expect(page.getByText('Aucune ressource ni charge enregistrée')).toBeVisible();
  // Sensitive sections say so, and who sees them.
  const gir = region(page, 'Autonomie (GIR)');
  await expect(gir.getByText('Information sensible : Santé')).toBeVisible();
  await expect(gir.getByText(/jamais|seulement par les professionnels/)).toBeVisible();
  await expectAccessible(page, 'situation vide');

  // Family situation and housing.
  const famille = region(page, 'Famille et logement');
  await open(famille.locator('details'));
  await famille.getByLabel('Situation familiale').selectOption({ label: 'Veuf ou veuve' });
  await famille.getByLabel('Type de logement').selectOption({ label: 'Appartement' });
  await famille.getByLabel('Statut d’occupation').selectOption({ label: 'Locataire du parc social' });
  await famille.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('La situation familiale et le logement sont enregistrés.')).toBeVisible();
  const famille2 = region(page, 'Famille et logement');
  await expect(famille2.getByRole('definition').filter({ hasText: 'Locataire du parc social' })).toBeVisible();
  // The form closed again after the save.
  await expect(famille2.getByLabel('Statut d’occupation')).toBeHidden();

  // A household member: first an error next to the field, then the member.
  const foyer = region(page, 'Foyer');
  const addMember = foyer.getByRole('form', { name: 'Ajouter un membre du foyer' });
  await addMember.getByLabel('Lien avec la personne').selectOption({ label: 'Petit-enfant' });
  await addMember.getByRole('button', { name: 'Ajouter au foyer' }).click();
  await expect(addMember.getByLabel('Prénom')).toHaveAttribute('aria-invalid', 'true');
  await expect(addMember.getByText('Indiquez le prénom.').first()).toBeVisible();
  await addMember.getByLabel('Prénom').fill('Théo');
  await addMember.getByLabel('Date de naissance').fill('03/09/2010');
  await addMember.getByLabel('À la charge de la personne ou du foyer').check();
  await addMember.getByRole('button', { name: 'Ajouter au foyer' }).click();
  await expect(page.getByText('Le membre du foyer est ajouté.')).toBeVisible();
  const theo = region(page, 'Foyer').getByRole('listitem').filter({ hasText: 'Petit-enfant' });
  await expect(theo).toHaveCount(1);
  await expect(theo.getByText(/Théo/).first()).toBeVisible();
  await expect(theo.getByText(/Né·e le 3\s+sept\.\s+2010\s+·\s+À charge/)).toBeVisible();

  // Budget lines typed in euros.
  const budget = region(page, 'Ressources et charges du foyer');
  await open(budget.locator('details.add').first());
  const addRessource = budget.getByRole('form', { name: 'Ajouter une ressource' });
  await addRessource.getByLabel('Nature').selectOption({ label: 'Pension de retraite' });
  await addRessource.getByLabel('Montant mensuel (en euros)').fill('douze');
  await addRessource.getByRole('button', { name: 'Ajouter une ressource' }).click();
  await expect(
    page
      .getByRole('form', { name: 'Ajouter une ressource' })
      .getByText('Indiquez un montant en euros, par exemple 1 234,56.')
      .first(),
  ).toBeVisible();
  const retry = page.getByRole('form', { name: 'Ajouter une ressource' });
  await expect(retry.getByLabel('Montant mensuel (en euros)')).toHaveAttribute('aria-invalid', 'true');
  await retry.getByLabel('Montant mensuel (en euros)').fill('1 234,56');
  await retry.getByRole('button', { name: 'Ajouter une ressource' }).click();
  await expect(page.getByText('La ligne est ajoutée au budget.')).toBeVisible();

  const budget2 = region(page, 'Ressources et charges du foyer');
  await open(budget2.locator('details.add').nth(1));
  const addCharge = budget2.getByRole('form', { name: 'Ajouter une charge' });
  await addCharge.getByLabel('Nature').selectOption({ label: 'Loyer ou mensualité de prêt immobilier' });
  await addCharge.getByLabel('Montant mensuel (en euros)').fill('450');
  await addCharge.getByRole('button', { name: 'Ajouter une charge' }).click();
  await expect(page.getByText('La ligne est ajoutée au budget.')).toBeVisible();

  const totals = page.getByRole('definition');
  await expect(totals.filter({ hasText: euros('1 234,56 €') }).first()).toBeVisible();
  await expect(totals.filter({ hasText: euros('450,00 €') }).first()).toBeVisible();
  await expect(totals.filter({ hasText: euros('784,56 €') }).first()).toBeVisible();
  await expectAccessible(page, 'situation remplie');

  // At 360 px: nothing wider than the screen, still accessible.
  await page.setViewportSize({ width: 360, height: 740 });
  // Polled: the layout settles after the resize (and any notice's entry animation).
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
    .toBeLessThanOrEqual(0);
  await expectAccessible(page, 'situation à 360 px');

  // A volunteer never reaches it.
  const volunteer = await (await browser.newContext()).newPage();
  await login(volunteer, 'benevole@demo.ensemblier.fr');
  const response = await volunteer.goto(`/personnes/${person.id}/situation`);
  expect(response?.status()).toBe(404);
});
