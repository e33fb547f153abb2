import { expect, test, type Page } from '@playwright/test';
import { callApi, expectAccessible, goto, login, unique } from './helpers.ts';

// Issue 5, duplicate files: the CCAS coordinator finds two files of the same person (she
// created both, with a typo), compares them, keeps one with a value of the other, confirms, and
// lands on the kept file; an old link to the merged file leads there too.
const COORDINATOR = 'coordination@demo.ensemblier.fr';

interface Pair {
  a: { id: string };
  b: { id: string };
}

/** The page of « Doublons possibles » that lists the pair (the demo data has pairs of its own). */
async function pageOfPair(page: Page, ids: string[]): Promise<number> {
  for (let n = 1; n <= 50; n++) {
    const list = await callApi<{ items: Pair[]; total: number; pageSize: number }>(
      page,
      'persons.duplicates.list',
      { page: n },
      'query',
    );
    if (list.items.some((i) => ids.includes(i.a.id) && ids.includes(i.b.id))) return n;
    if (n * list.pageSize >= list.total) break;
  }
  throw new Error('pair not listed');
}

test('the coordinator merges two files of the same person', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, COORDINATOR);
  const nom = unique('Fusion').replace(/[^A-Za-z]/g, '');
  const create = (input: Record<string, unknown>) =>
    callApi<{ created: boolean; id: string }>(
      page,
      'persons.create',
      { prenom: 'Gisèle', dateNaissance: '1941-05-06', confirmNotDuplicate: true, ...input },
      'mutation',
    );
  const kept = await create({ nom, telephone: '0611111111' });
  const merged = await create({ nom: `${nom}e`, prenom: 'Gisele', telephone: '0622222222' });
  await callApi(
    page,
    'persons.timeline.add',
    { personId: merged.id, type: 'appel', title: 'Appel noté sur le doublon' },
    'mutation',
  );

  // From « Personnes », the coordinator's link to the duplicates.
  await goto(page, '/personnes');
  await page.getByRole('link', { name: 'Doublons possibles' }).click();
  await page.waitForURL(/\/personnes\/doublons$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Doublons possibles' })).toBeVisible();
  const n = await pageOfPair(page, [kept.id, merged.id]);
  if (n > 1) await goto(page, `/personnes/doublons?page=${n}`);
  const row = page.getByRole('row').filter({ hasText: `${nom}e Gisele` });
  await expect(row).toContainText('Même date de naissance');
  await expect(row).toContainText('Nom ou prénom presque identique');
  await expectAccessible(page, 'doublons');

  // Keyboard: « Comparer » is a link reached and followed with the keyboard.
  const compare = row.getByRole('link', { name: /^Comparer/ });
  await compare.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/personnes\/doublons\/comparer\?/);
  await expect(page.getByRole('heading', { level: 1, name: 'Comparer deux dossiers' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: `Dossier 1 : ${nom} Gisèle` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: `Dossier 2 : ${nom}e Gisele` })).toBeVisible();
  await expectAccessible(page, 'comparer');

  // Keep file 1, with the telephone of file 2.
  await page.getByRole('radio', { name: new RegExp(`^Dossier 1 : ${nom} Gisèle`) }).check();
  await page.getByRole('radio', { name: '0622222222 (dossier 2)' }).check();
  await expect(page.getByText(/sera fusionné dans celui de/).first()).toContainText(`${nom}e Gisele`);
  await page.getByRole('button', { name: 'Fusionner les dossiers…' }).press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Fusionner ces deux dossiers ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Cette action est définitive.');
  await expectAccessible(page, 'confirmation de la fusion');
  await dialog.getByRole('button', { name: 'Fusionner les dossiers' }).click();

  await page.waitForURL(new RegExp(`/personnes/${kept.id}\\?fait=fusion$`));
  await expect(page.getByText(/Les deux dossiers sont fusionnés/)).toBeVisible();
  await expect(page.getByText('Appel noté sur le doublon')).toBeVisible();
  const file = await callApi<{ person: { telephone?: string | null } }>(
    page,
    'persons.get',
    { personId: kept.id },
    'query',
  );
  expect(file.person.telephone).toBe('0622222222');

  // An old link to the merged file leads to the kept one.
  await goto(page, `/personnes/${merged.id}`);
  await expect(page).toHaveURL(new RegExp(`/personnes/${kept.id}\\?fait=fusionne$`));
  await expect(page.getByText('Le dossier demandé a été fusionné dans celui-ci')).toBeVisible();
  await expectAccessible(page, 'dossier gardé');
});

test('the comparison page at 360 px, and the duplicates for others', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await login(page, COORDINATOR);
  const nom = unique('Telephone').replace(/[^A-Za-z]/g, '');
  const ids: string[] = [];
  for (const prenom of ['Rémi', 'Remi'])
    ids.push(
      (
        await callApi<{ id: string }>(
          page,
          'persons.create',
          { nom, prenom, dateNaissance: null, confirmNotDuplicate: true },
          'mutation',
        )
      ).id,
    );
  await goto(page, `/personnes/doublons/comparer?a=${ids[0]}&b=${ids[1]}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Comparer deux dossiers' })).toBeVisible();
  await expect(page.getByText('Date de naissance inconnue dans au moins un des dossiers')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await expectAccessible(page, 'comparer (360 px)');
  await context.close();

  const partner = await (await browser.newContext()).newPage();
  await login(partner, 'responsable.entraide@demo.ensemblier.fr');
  expect((await partner.goto('/personnes/doublons'))?.status()).toBe(404);
  await goto(partner, '/personnes');
  await expect(partner.getByRole('heading', { level: 1, name: 'Personnes' })).toBeVisible();
  await expect(partner.getByRole('link', { name: 'Doublons possibles' })).toHaveCount(0);
});

test('without JavaScript, the merge asks for a second confirmation step', async ({ browser }) => {
  test.setTimeout(90_000);
  const withJs = await browser.newContext();
  const setup = await withJs.newPage();
  await login(setup, COORDINATOR);
  const nom = unique('Sansjs').replace(/[^A-Za-z]/g, '');
  const ids: string[] = [];
  for (const prenom of ['Anatole', 'Anatol'])
    ids.push(
      (
        await callApi<{ id: string }>(
          setup,
          'persons.create',
          { nom, prenom, dateNaissance: '1939-02-11', confirmNotDuplicate: true },
          'mutation',
        )
      ).id,
    );
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await withJs.storageState() });
  const page = await context.newPage();
  await page.goto(`/personnes/doublons/comparer?a=${ids[0]}&b=${ids[1]}`);
  await page.getByRole('radio', { name: new RegExp(`^Dossier 2 : ${nom} Anatol\\b`) }).check();
  await page.getByRole('button', { name: 'Fusionner les dossiers…' }).click();
  const step = page.getByRole('alert').filter({ hasText: 'Fusionner ces deux dossiers ?' });
  await expect(step).toContainText('Cette action est définitive.');
  await step.getByRole('button', { name: 'Fusionner les dossiers' }).click();
  await page.waitForURL(new RegExp(`/personnes/${ids[1]}\\?fait=fusion$`));
  await expect(page.getByText(/Les deux dossiers sont fusionnés/)).toBeVisible();
  await context.close();
  await withJs.close();
});

test('a file merged meanwhile: nothing is merged, the list says so', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, COORDINATOR);
  const nom = unique('Concurrent').replace(/[^A-Za-z]/g, '');
  const ids: string[] = [];
  for (const prenom of ['Hortense', 'Hortence', 'Hortens'])
    ids.push(
      (
        await callApi<{ id: string }>(
          page,
          'persons.create',
          { nom, prenom, dateNaissance: '1936-09-10', confirmNotDuplicate: true },
          'mutation',
        )
      ).id,
    );
  await goto(page, `/personnes/doublons/comparer?a=${ids[0]}&b=${ids[1]}`);
  // Meanwhile, the second file is merged into a third one.
  const other = await callApi<{ persons: { version: number }[] }>(
    page,
    'persons.duplicates.compare',
    { personId: ids[2], otherPersonId: ids[1] },
    'query',
  );
  await callApi(
    page,
    'persons.merge',
    {
      keptPersonId: ids[2],
      mergedPersonId: ids[1],
      keptVersion: other.persons[0]!.version,
      mergedVersion: other.persons[1]!.version,
    },
    'mutation',
  );
  await page.getByRole('button', { name: 'Fusionner les dossiers…' }).click();
  await page
    .getByRole('alertdialog', { name: 'Fusionner ces deux dossiers ?' })
    .getByRole('button', { name: 'Fusionner les dossiers' })
    .click();
  // Back to the list, which says what happened and leads to the file that holds them now.
  await page.waitForURL(new RegExp(`/personnes/doublons\\?fusionne=${ids[2]}$`));
  await expect(
    page.getByText(/a été fusionné entre-temps dans un autre dossier : rien n’a été fusionné/),
  ).toBeVisible();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expectAccessible(page, 'doublons après un refus');
  await page.getByRole('link', { name: 'Ouvrir le dossier qui le contient maintenant' }).click();
  await page.waitForURL(new RegExp(`/personnes/${ids[2]}$`));
});
