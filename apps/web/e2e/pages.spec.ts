import { expect, test } from '@playwright/test';
import { expectAccessible, goto, login } from './helpers.ts';

test('public pages have no accessibility violation', async ({ page }) => {
  for (const path of [
    '/connexion',
    '/mot-de-passe/oublie',
    '/mot-de-passe/nouveau/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '/invitation/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '/dev/courriels',
    '/page-qui-n-existe-pas',
  ]) {
    await goto(page, path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, path);
  }
});

test('the logged-in pages of an admin have no accessibility violation', async ({ page }) => {
  await login(page, 'admin@demo.ensemblier.fr');
  for (const path of [
    '/tableau-de-bord',
    '/compte',
    '/compte/securite',
    '/administration/structures',
    '/administration/structures?status=all&q=cl',
    '/administration/structures/nouvelle',
    '/administration/journal',
  ]) {
    await goto(page, path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, path);
  }
});

test('the login form works with the keyboard alone', async ({ page }) => {
  await goto(page, '/connexion');
  await page.keyboard.press('Tab'); // skip link or first field
  const email = page.getByLabel('Adresse e-mail');
  for (let i = 0; i < 10 && !(await email.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await page.keyboard.type('benevole@demo.ensemblier.fr');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ensemblier-demo-2026');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tableau-de-bord/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('a wrong password says what to do, next to the form, and keeps the email', async ({ page }) => {
  await goto(page, '/connexion');
  await page.getByLabel('Adresse e-mail').fill('commission@demo.ensemblier.fr');
  await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByText('Adresse e-mail ou mot de passe incorrect.').first()).toBeVisible();
  await expect(page.getByLabel('Adresse e-mail')).toHaveValue('commission@demo.ensemblier.fr');
  await expectAccessible(page, 'login with error');
});

test('pages carry security headers, and cross-site POSTs are refused by the web app and its API proxy', async ({
  page,
  request,
  baseURL,
}) => {
  const res = await page.goto('/connexion');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');

  const evil = 'https://evil.example';
  const form = await request.post('/connexion', {
    headers: { origin: evil, 'content-type': 'application/x-www-form-urlencoded' },
    data: 'email=admin%40demo.ensemblier.fr&password=Ensemblier-demo-2026',
    maxRedirects: 0,
  });
  expect(form.status()).toBe(403);
  const plain = await request.post('/api/trpc/auth.login', {
    headers: { origin: baseURL!, 'content-type': 'text/plain' },
    data: JSON.stringify({ email: 'admin@demo.ensemblier.fr', password: 'Ensemblier-demo-2026' }),
  });
  expect(plain.status()).toBe(403);
  expect(plain.headers()['set-cookie']).toBeUndefined();
});
