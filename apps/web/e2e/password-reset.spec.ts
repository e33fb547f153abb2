import { expect, test } from '@playwright/test';
import { expectAccessible, goto, login, logout, mailLink, newAccount, ready } from './helpers.ts';

// Both tests change a password: each uses an account of its own (other specs log in with the
// demo accounts, in parallel).

test('a worker who forgot their password resets it from the mailed link', async ({ page, browser }) => {
  const worker = await newAccount(browser, 'Entraide Lunelloise', 'partner_worker');
  await goto(page, '/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await ready(page);
  await expectAccessible(page);
  await page.getByLabel('Adresse e-mail').fill(worker);
  await page.getByRole('button', { name: /Recevoir un lien/ }).click();
  await expect(page.getByText(/Si un compte existe/)).toBeVisible();
  const link = await mailLink(page, worker, /mot de passe|nouveau/i);
  await goto(page, new URL(link).pathname);
  await expectAccessible(page);
  await page.getByLabel('Nouveau mot de passe').fill('court');
  await page.getByLabel('Confirmation du mot de passe').fill('court');
  await page.getByRole('button', { name: /Enregistrer/ }).click();
  await expect(page.getByText('Le mot de passe doit contenir au moins 12 caractères.').first()).toBeVisible();
  await expectAccessible(page, 'reset form with errors');
  await page.getByLabel('Nouveau mot de passe').fill('mon nouveau mot de passe');
  await page.getByLabel('Confirmation du mot de passe').fill('mon nouveau mot de passe');
  await page.getByRole('button', { name: /Enregistrer/ }).click();
  await page.waitForURL(/\/connexion\?motdepasse=1/);
  await login(page, worker, 'mon nouveau mot de passe');
  await expect(page).toHaveURL(/\/tableau-de-bord/);
});

test('a logged-in manager changes their password from the security page', async ({ page, browser }) => {
  const manager = await newAccount(browser, 'Entraide Lunelloise', 'partner_manager');
  await login(page, manager);
  await goto(page, '/compte/securite');
  await page.getByLabel('Mot de passe actuel').fill('pas le bon mot de passe');
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('une phrase de passe neuve');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('une phrase de passe neuve');
  await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
  await expect(page.getByText('Ce mot de passe ne correspond pas à votre mot de passe actuel.').first()).toBeVisible();
  await expectAccessible(page, 'change password with errors');
  await page.getByLabel('Mot de passe actuel').fill('Ensemblier-demo-2026');
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('une phrase de passe neuve');
  await page.getByLabel('Confirmation du nouveau mot de passe').fill('une phrase de passe neuve');
  await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
  await expect(page.getByText('Votre mot de passe a été changé.')).toBeVisible();
  await logout(page);
  await login(page, manager, 'une phrase de passe neuve');
  await expect(page).toHaveURL(/\/tableau-de-bord/);
});
