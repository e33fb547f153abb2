import { expect, test } from '@playwright/test';
import { callApi, expectAccessible, goto, login, unique } from './helpers.ts';

// Demandes d'aide (issue 6): the CCAS coordinator creates a new person's file (household and
// budget: a single parent with children of 6 and 10), instructs a demande d'aide from the file
// for the demo « Commission des aides facultatives », reads the units of consumption, the reste
// à vivre per UC per month and per day and the quotient familial with their formulas, the
// barème's suggestion, marks the pièces and the demande complete; axe on each page. The demo
// persons and their demandes are left alone.

/** « 1 234,56 € » whatever the spaces Intl puts in it. */
const euros = (text: string) => new RegExp(text.replace(/ /g, '\\s?').replace('€', '\\s?€'));

test('a coordinator instructs a demande from a file, reads the reste à vivre and marks it complete', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await login(page, 'coordination@demo.ensemblier.fr');
  const year = new Date().getFullYear();
  const nom = unique('Demande').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    page,
    'persons.create',
    { nom, prenom: 'Alice', dateNaissance: '1990-04-01', confirmNotDuplicate: true },
    'mutation',
  );
  for (const age of [6, 10])
    await callApi(
      page,
      'persons.situation.household.add',
      {
        personId: person.id,
        relation: 'enfant',
        prenom: `Enfant${age}`,
        dateNaissance: `${year - age}-01-02`,
        aCharge: true,
      },
      'mutation',
    );
  for (const [kind, type, amountCents] of [
    ['ressource', 'salaire', 120_000],
    ['ressource', 'apl_al', 30_890],
    ['charge', 'loyer', 75_000],
    ['charge', 'energie', 13_000],
    ['charge', 'telephone_internet', 10_000],
    ['charge', 'credit', 20_000],
  ] as const)
    await callApi(page, 'persons.situation.budget.add', { personId: person.id, kind, type, amountCents }, 'mutation');

  // From the person's file.
  await goto(page, `/personnes/${person.id}`);
  await page.getByRole('link', { name: 'Demande d’aide', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Nouvelle demande d’aide pour Alice/ })).toBeVisible();
  // The household and the budget of the file are prefilled.
  await expect(page.getByLabel('Date de naissance').first()).toHaveValue('01/04/1990');
  await expectAccessible(page, 'nouvelle demande');

  // An error first, next to its field.
  await page.getByRole('button', { name: 'Créer la demande' }).click();
  await expect(page.getByRole('heading', { name: /Le formulaire contient/ })).toBeVisible();

  await page
    .getByRole('combobox', { name: /^Commission/ })
    .selectOption({ label: 'Commission des aides facultatives' });
  await page.getByLabel('Aide demandée').selectOption({ label: 'Secours financier' });
  await page.getByLabel('Objet de la demande').fill('Achat de fournitures de première nécessité');
  await page.getByLabel('Montant demandé (en euros)').fill('300');
  await page.getByRole('button', { name: 'Créer la demande' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /Demande d’aide n° \d{4}-\d{4}/ })).toBeVisible();
  await expect(page.getByText('La demande a été créée.', { exact: false })).toBeVisible();
  // The figures, with their formulas: 1,6 UC; 528,90 € ÷ 1,6 = 330,56 € per UC per month; ÷ 30 = 11,02 € per day.
  await expect(page.getByTestId('uc')).toHaveText('1,6 UC');
  await expect(page.getByTestId('rav-mois')).toHaveText(euros('330,56 €'));
  await expect(page.getByTestId('rav-jour')).toHaveText(euros('11,02 €'));
  await expect(page.getByText(/÷\s+1,6\s+UC\s+÷\s+30\s+jours/)).toBeVisible();
  await expect(page.getByTestId('qf')).toHaveText(euros('503 €'));
  await expect(page.getByText(/prestations familiales mensuelles\)\s+÷\s+3\s+parts/)).toBeVisible();
  await expect(page.getByTestId('suggestion')).toHaveText('Accord partiel');
  await expectAccessible(page, 'demande en instruction');

  // « Complète » is refused while the rapport social is missing: the error says what to fix.
  await page.getByRole('button', { name: 'Déclarer la demande complète' }).click();
  await expect(page.getByText('Rédigez le rapport social avant de déclarer la demande complète.')).toBeVisible();

  // The rapport social and the pièces, then complete.
  await page.getByLabel('Rapport social', { exact: true }).fill('Mère seule avec deux enfants ; baisse de revenus.');
  const pieces = page.getByRole('group', { name: 'Pièces justificatives' }).getByRole('combobox');
  for (const select of await pieces.all()) await select.selectOption({ label: 'Non requise' });
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('La demande a été enregistrée.')).toBeVisible();
  await page.getByRole('button', { name: 'Déclarer la demande complète' }).click();
  await expect(page.getByText('La demande est complète', { exact: false })).toBeVisible();
  await expect(page.getByText('Complète', { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('rav-jour')).toHaveText(euros('11,02 €'));
  await expectAccessible(page, 'demande complète');

  // The list shows it, filtered by state.
  await goto(page, '/commissions/demandes?etat=complete');
  await expect(page.getByRole('cell', { name: new RegExp(`Alice ${nom}`, 'i') })).toBeVisible();
  await expectAccessible(page, 'liste des demandes');

  // The commissions and the configuration of the demo commission (read only here: nothing is saved).
  await goto(page, '/commissions');
  await page.getByRole('link', { name: 'Commission des aides facultatives' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Commission des aides facultatives' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Enveloppes', exact: true })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Barème' })).toBeVisible();
  await expectAccessible(page, 'configuration d’une commission');
});
