import { expect, test } from '@playwright/test';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { expectAccessible, goto, login, logout, ready } from './helpers.ts';

// Enrolling changes how the account logs in: this spec owns an account no other spec uses.

test('a worker enrols a TOTP second factor, then logs in with a code and with a recovery code', async ({ page }) => {
  await login(page, 'evaluatrice.clic@demo.ensemblier.fr');
  await goto(page, '/compte/securite');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Activer la double authentification' }).click();
  await ready(page);
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole('img', { name: /QR code/i })).toBeVisible();
  await expectAccessible(page);
  const key = decodeBase32IgnorePadding(secret);
  await page.getByLabel(/Code à 6 chiffres/).fill(generateTOTP(key, 30, 6));
  await page.getByRole('button', { name: /Confirmer/ }).click();
  const codes = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().innerText()).trim();
  await expectAccessible(page);
  await logout(page);

  await login(page, 'evaluatrice.clic@demo.ensemblier.fr');
  await expect(page).toHaveURL(/\/connexion\/verification/);
  await expectAccessible(page);
  await page.getByLabel(/^Code/).fill('000000');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByText(/Ce code n’est pas valide/).first()).toBeVisible();
  await page.getByLabel(/^Code/).fill(generateTOTP(key, 30, 6));
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForURL(/\/tableau-de-bord/);
  await logout(page);

  await login(page, 'evaluatrice.clic@demo.ensemblier.fr');
  await page.getByLabel(/^Code/).fill(recovery);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForURL(/\/tableau-de-bord/);
});
