import { expect, test } from '@playwright/test';
import { expectAccessible, goto, login, mailLink, ready } from './helpers.ts';

test('a worker who forgot their password resets it from the mailed link', async ({ page }) => {
  await goto(page, '/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await ready(page);
  await expectAccessible(page);
  await page.getByLabel('Adresse e-mail').fill('intervenante.entraide@demo.ensemblier.fr');
  await page.getByRole('button', { name: /Recevoir un lien/ }).click();
  await expect(page.getByText(/Si un compte existe/)).toBeVisible();
  const link = await mailLink(page, 'intervenante.entraide@demo.ensemblier.fr', /mot de passe|nouveau/i);
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
  await login(page, 'intervenante.entraide@demo.ensemblier.fr', 'mon nouveau mot de passe');
  await expect(page).toHaveURL(/\/tableau-de-bord/);
});
