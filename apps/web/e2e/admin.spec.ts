import { expect, test } from '@playwright/test';
import { expectAccessible, goto, login, ready, unique } from './helpers.ts';

test('an admin creates, edits and deactivates an organisation, then finds it in the journal', async ({ page }) => {
  const name = unique('Association des Jardins');
  await login(page, 'admin@demo.ensemblier.fr');
  await goto(page, '/administration/structures');
  await page.getByRole('link', { name: 'Ajouter une structure' }).click();
  await ready(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: /Créer la structure/ }).click();
  await expect(page.getByRole('link', { name: /Indiquez le nom de la structure|Le nom doit/ })).toBeVisible(); // error summary link
  await expectAccessible(page, 'create form with errors');
  await page.getByLabel(/Nom de la structure/).fill(name);
  await page.getByLabel(/Type/).selectOption({ label: 'Association' });
  await page.getByLabel(/Téléphone/).fill('04 67 12 34 56');
  await page.getByRole('button', { name: /Créer la structure/ }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  await page.getByRole('button', { name: 'Désactiver la structure' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(/ne pourront plus/);
  await expectAccessible(page, 'confirm dialog');
  await dialog.getByRole('button', { name: 'Désactiver' }).click();
  await expect(page.getByText('Désactivée').first()).toBeVisible();

  await goto(page, '/administration/journal');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: /Désactivation d’une structure/ })
      .first(),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /Vérifier l’intégrité/ }).click();
  await expect(page.getByText(/Journal intègre/)).toBeVisible();
});

test('a partner manager sees only their own organisation in administration', async ({ page }) => {
  await login(page, 'responsable.ssiad@demo.ensemblier.fr');
  await goto(page, '/administration');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('SSIAD de l’Étang de l’Or');
  await expectAccessible(page);
  await expect(page.getByLabel('Rôle').locator('option')).toHaveText([
    'Responsable de structure',
    'Intervenant de structure',
    'Bénévole',
  ]);
  await goto(page, '/administration/structures');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Accès refusé|pas accès/);
});
