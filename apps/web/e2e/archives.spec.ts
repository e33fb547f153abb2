import { expect, test, type Page } from '@playwright/test';
import { callApi, expectAccessible, goto, login, unique } from './helpers.ts';

// Issue 5, retention: a file of our own, made inactive by running the retention job at a chosen
// instant for it alone (development endpoint), is archived, then proposed for elimination; the
// archivist reads it (read-only), approves the elimination with a motive; axe on every page.
const COORDINATOR = 'coordination@demo.ensemblier.fr';
const ARCHIVIST = 'archiviste@demo.ensemblier.fr';
const MONTH = 31 * 86_400_000;

async function sweepAt(page: Page, now: Date, personId: string) {
  const response = await page.request.post('/api/dev/retention-sweep', {
    data: { now: now.toISOString(), personIds: [personId] },
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { archived: number; proposed: number };
}

test('the archivist reads an archived file and approves its elimination', async ({ browser }) => {
  test.setTimeout(120_000);
  const coordinator = await (await browser.newContext()).newPage();
  await login(coordinator, COORDINATOR);
  const nom = unique('Archive').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    coordinator,
    'persons.create',
    { nom, prenom: 'Odile', dateNaissance: '1931-05-02', confirmNotDuplicate: true },
    'mutation',
  );
  expect(person.created).toBe(true);

  // 25 months later the file is archived; 5 years after that (follow-up file) its elimination is proposed.
  const archivedAt = new Date(Date.now() + 25 * MONTH);
  expect(await sweepAt(coordinator, archivedAt, person.id)).toMatchObject({ archived: 1, proposed: 0 });
  expect(await sweepAt(coordinator, new Date(archivedAt.getTime() + 62 * MONTH), person.id)).toMatchObject({
    archived: 0,
    proposed: 1,
  });
  // Gone for the coordinator.
  const gone = await coordinator.goto(`/personnes/${person.id}`);
  expect(gone?.status()).toBe(404);

  const page = await (await browser.newContext()).newPage();
  await login(page, ARCHIVIST);
  // The archivist's first screen is the archives; the main navigation offers them too.
  await expect(page).toHaveURL(/\/archives$/);
  await page.getByRole('link', { name: 'Archives', exact: true }).first().click();
  await page.waitForURL(/\/archives$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Archives' })).toBeVisible();
  await expectAccessible(page, 'archives');

  // The archived file, read-only.
  await page.getByRole('link', { name: `${nom} Odile` }).click();
  await page.waitForURL(new RegExp(`/archives/${person.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `${nom} Odile` })).toBeVisible();
  await expect(page.getByText('Dossier archivé, lecture seule')).toBeVisible();
  await expect(page.getByText('Dossier de suivi social', { exact: true })).toBeVisible();
  await expectAccessible(page, 'archived file');

  // The eliminations to decide: a motive is required, the dialog names the consequence.
  await goto(page, '/archives/eliminations');
  await expect(page.getByRole('heading', { level: 1, name: 'Éliminations à décider' })).toBeVisible();
  await expectAccessible(page, 'eliminations');
  await page.getByRole('link', { name: `Approuver l’élimination du dossier de ${nom} Odile` }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Cette action est irréversible.');
  await expectAccessible(page, 'elimination dialog');
  await dialog.getByRole('button', { name: 'Éliminer définitivement' }).click();
  await expect(dialog.getByText('Indiquez le motif de votre décision.')).toBeVisible();
  await dialog.getByLabel(/Motif de votre décision/).fill('Délai de conservation échu, aucune demande en cours.');
  await dialog.getByRole('button', { name: 'Éliminer définitivement' }).click();
  await page.waitForURL(/fait=approuvee/);
  await expect(page.getByRole('status').filter({ hasText: 'Élimination approuvée' })).toBeVisible();

  // The decision is listed; the file is no longer in the archives.
  await page.getByRole('link', { name: 'Décisions prises' }).click();
  await page.waitForURL(/etat=decidees/);
  const row = page.getByRole('row').filter({ hasText: 'Délai de conservation échu, aucune demande en cours.' });
  await expect(row).toContainText('Odile Archiviste');
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('row').filter({ hasText: 'Délai de conservation échu' })).toContainText(
      'Dossier éliminé',
    );
  }).toPass({ timeout: 20_000 });
  await expectAccessible(page, 'decisions');
  const eliminated = await page.goto(`/archives/${person.id}`);
  expect(eliminated?.status()).toBe(404);
});

test('the archives do not exist for other roles', async ({ page }) => {
  await login(page, COORDINATOR);
  const response = await page.goto('/archives');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('link', { name: 'Archives', exact: true })).toHaveCount(0);
});

test('the archives at 360 px: cards, no horizontal scroll, axe', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, ARCHIVIST);
  for (const path of ['/archives', '/archives/eliminations', '/archives/eliminations?etat=decidees']) {
    await goto(page, path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
    await expectAccessible(page, `${path} (360 px)`);
  }
});

test('the administrator sees the territory’s retention rules', async ({ page }) => {
  await login(page, 'admin@demo.ensemblier.fr');
  await goto(page, '/administration/conservation');
  await expect(page.getByRole('heading', { level: 1, name: 'Règles de conservation des dossiers' })).toBeVisible();
  await expect(page.getByLabel(/Délai d’archivage/)).toHaveValue('24');
  await expect(page.getByLabel(/Dossier d’aide/)).toHaveValue('10');
  await expect(page.getByText('Procès-verbal de commission : conservé sans limite')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Règles de conservation' })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page, 'retention rules');
});
