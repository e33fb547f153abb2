import { expect, test } from '@playwright/test';
import { callApi, expectAccessible, goto, login, newAccount } from './helpers.ts';

// « Personnes »: the CCAS coordinator searches a demo person (Mme Odette Granier, born 27/01/1935
// in Marsillargues, who has a referral to the SSIAD) and opens her file. Read-only: no spec
// changes this account.

test('a coordinator searches a person by name, birth date and commune, then opens the file', async ({ page }) => {
  await login(page, 'coordination@demo.ensemblier.fr');
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Personnes' })
    .click();
  await expect(page).toHaveURL(/\/personnes$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Personnes' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nouvelle orientation' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recherchez une personne' })).toBeVisible();
  await expect(page.getByText('Tapez au moins 2 lettres du nom ou du prénom')).toBeVisible();
  await expectAccessible(page, '/personnes');

  // One letter is not enough: the error is next to the field and the title says so.
  const nom = page.getByRole('searchbox', { name: 'Nom ou prénom' });
  await nom.fill('g');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/\/personnes\?nom=g$/);
  await expect(nom).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Tapez au moins 2 lettres du nom ou du prénom de la personne.').first()).toBeVisible();
  await expect(page).toHaveTitle(/^Erreur : /);
  await expectAccessible(page, '/personnes (erreur)');

  // Case does not matter, words may be the beginning of the nom or prénom; the commune is
  // chosen among the suggestions and travels as its code.
  await nom.fill('GRANIER odet');
  await page.getByRole('textbox', { name: 'Date de naissance' }).fill('27/01/1935');
  await page.getByRole('combobox', { name: 'Commune' }).fill('Marsill');
  await page.getByRole('option', { name: /Marsillargues/ }).click();
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/nom=GRANIER(\+|%20)odet&naissance=27%2F01%2F1935&commune=34151/);
  await expect(page.getByRole('status').filter({ hasText: '1 personne trouvée.' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Granier' });
  await expect(row).toContainText('Odette');
  await expect(row).toContainText('27 janv. 1935');
  await expect(row).toContainText('Marsillargues');
  await expectAccessible(page, '/personnes (résultats)');

  // A wrong date is explained next to its field.
  await page.getByRole('textbox', { name: 'Date de naissance' }).fill('31/02/1935');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('textbox', { name: 'Date de naissance' })).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByText('La date de naissance doit être une date réelle, au format JJ/MM/AAAA.').first(),
  ).toBeVisible();

  // A typo: close names are offered, and said to be approximate.
  await goto(page, '/personnes?nom=granjer');
  await expect(page.getByRole('status').filter({ hasText: /Aucun nom ne commence par « granjer »/ })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Odette' })).toContainText('Granier');

  // Nobody by that name among the files the user may see: the empty state says what to do.
  await goto(page, '/personnes?nom=zzyzx');
  await expect(page.getByRole('heading', { name: 'Aucune personne trouvée' })).toBeVisible();
  await expect(page.getByText(/parmi les dossiers que vous pouvez consulter/)).toBeVisible();
  await expectAccessible(page, '/personnes (aucun résultat)');

  // On a phone the table becomes cards; the link opens the file.
  await page.setViewportSize({ width: 360, height: 740 });
  await goto(page, '/personnes?nom=granier');
  await expectAccessible(page, '/personnes (téléphone)');
  await page
    .getByRole('link', { name: /Granier/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/personnes\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Odette granier/i);
  await page.getByRole('link', { name: 'Revenir à la recherche de personnes' }).click();
  await expect(page).toHaveURL(/\/personnes$/);
});

// « Mes dossiers » and the filters without a name: a new worker of the association (an account of
// its own) creates two files — the creator is their référent — then finds them by référent, birth
// year and commune, the filters in the URL, without JavaScript too.
test('a worker lists the files she is référent of and narrows them without a name', async ({ browser, page }) => {
  test.setTimeout(120_000); // a new account first (invitation mail, activation)
  const email = await newAccount(browser, 'Entraide Lunelloise', 'partner_worker');
  await login(page, email);
  // Letters only (a name word), unique to this run.
  const letters = Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  const nom = `Vermeil${letters}`;
  for (const [prenom, date, commune] of [
    ['Aline', '14/02/1931', '34146'],
    ['Bruno', '15/03/1932', '34145'],
  ] as const) {
    await callApi(
      page,
      'persons.create',
      { nom, prenom, dateNaissance: date, communeInsee: commune, confirmNotDuplicate: true },
      'mutation',
    );
  }

  await goto(page, '/personnes');
  await page.getByRole('link', { name: 'Mes dossiers (je suis référent)' }).click();
  await expect(page).toHaveURL(/\/personnes\?referent=moi$/);
  await expect(page.getByRole('status').filter({ hasText: 'Vous êtes référent de 2 dossiers.' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Référent' })).toHaveValue('moi');
  await expect(page.getByRole('row').filter({ hasText: 'Aline' })).toContainText('14 févr. 1931');
  await expect(page.getByRole('row').filter({ hasText: 'Bruno' })).toContainText('Lunel');
  await expectAccessible(page, '/personnes (mes dossiers)');

  // A birth year narrows « mes dossiers », without a name; the filters travel in the URL.
  await page.getByRole('textbox', { name: 'Année de naissance' }).fill('1931');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/annee=1931/);
  await expect(page).toHaveURL(/referent=moi/);
  await expect(page.getByRole('status').filter({ hasText: '1 personne trouvée.' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: nom })).toContainText('Aline');
  await expect(page.getByRole('row').filter({ hasText: 'Bruno' })).toHaveCount(0);

  // A wrong year is explained next to its field.
  await page.getByRole('textbox', { name: 'Année de naissance' }).fill('19x1');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('textbox', { name: 'Année de naissance' })).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByText('L’année de naissance doit comporter 4 chiffres, par exemple 1950.').first(),
  ).toBeVisible();
  await expectAccessible(page, '/personnes (année erronée)');

  // Commune and référent chosen in the form, no name: the other file.
  await goto(page, '/personnes');
  await page.getByRole('combobox', { name: 'Commune' }).fill('Lunel-V');
  await page.getByRole('option', { name: /Lunel-Viel/ }).click();
  await page.getByRole('combobox', { name: 'Référent' }).selectOption({ label: 'Moi (mes dossiers)' });
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/commune=34146/);
  await expect(page.getByRole('row').filter({ hasText: nom })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: nom })).toContainText('Aline');

  // Nothing matches every criterion: the empty state says what to do.
  await goto(page, '/personnes?referent=moi&annee=1990');
  await expect(page.getByRole('heading', { name: 'Aucune personne trouvée' })).toBeVisible();
  await expect(page.getByText(/retirez un critère/)).toBeVisible();

  // On a phone, without JavaScript: the GET form still searches, pages render on the server.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  await context.addCookies(await page.context().cookies());
  const phone = await context.newPage();
  await phone.goto('/personnes?referent=moi');
  await phone.getByRole('textbox', { name: 'Année de naissance' }).fill('1932');
  await phone.getByRole('button', { name: 'Rechercher' }).click();
  await expect(phone).toHaveURL(/referent=moi/);
  await expect(phone).toHaveURL(/annee=1932/);
  await expect(phone.getByRole('link', { name: new RegExp(`${nom}.*Bruno`, 'i') })).toBeVisible();
  await context.close();
  // axe needs JavaScript: the same page at 360 px in the main browser.
  await page.setViewportSize({ width: 360, height: 740 });
  await goto(page, '/personnes?referent=moi&annee=1932');
  await expect(page.getByRole('link', { name: new RegExp(`${nom}.*Bruno`, 'i') })).toBeVisible();
  await expectAccessible(page, '/personnes (téléphone)');
});

for (const email of ['benevole@demo.ensemblier.fr', 'commission@demo.ensemblier.fr']) {
  test(`${email.split('@')[0]} has no « Personnes » (404)`, async ({ page }) => {
    await login(page, email);
    await expect(
      page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Personnes' }),
    ).toHaveCount(0);
    const response = await page.goto('/personnes?nom=granier');
    expect(response?.status()).toBe(404);
    await expect(page.getByText('Granier')).toHaveCount(0);
  });
}
