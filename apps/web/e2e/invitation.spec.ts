import { expect, test } from '@playwright/test';
import { expectAccessible, goto, login, logout, mailLink, ready, unique } from './helpers.ts';

test('an admin invites a partner worker, who sets a password from the mailed link and logs in', async ({ page }) => {
  const email = `${unique('invite')}@exemple.fr`;
  await login(page, 'admin@demo.ensemblier.fr');
  await goto(page, '/administration/structures');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'CLIC Est Héraultais' }).click();
  await ready(page);
  await expect(page.getByRole('heading', { level: 1, name: 'CLIC Est Héraultais' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Nom et prénom').fill('Lina Invitée');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Rôle').selectOption({ label: 'Intervenant de structure' });
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(page.getByText(/Invitation envoyée/).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();
  await logout(page);

  const link = await mailLink(page, email, /invitation/);
  await expectAccessible(page, 'dev outbox');
  await goto(page, new URL(link).pathname);
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Mot de passe', { exact: true }).fill('un long mot de passe');
  await page.getByLabel('Confirmation du mot de passe').fill('un long mot de passe');
  await page.getByRole('button', { name: /Activer mon compte/ }).click();
  await page.waitForURL(/\/connexion\?bienvenue=1/);
  await ready(page);
  await expect(page.getByText(/compte est activé/)).toBeVisible();

  await login(page, email, 'un long mot de passe');
  await expect(page).toHaveURL(/\/tableau-de-bord/);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav.getByRole('link', { name: 'Tableau de bord' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await expect(page.getByText('CLIC Est Héraultais').first()).toBeVisible();
});

test('a used or unknown invitation link explains what to do', async ({ page }) => {
  await goto(page, '/invitation/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/lien/i);
  await expectAccessible(page);
});
