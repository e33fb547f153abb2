import { expect, test } from '@playwright/test';
import { expectAccessible, goto, login } from './helpers.ts';

test('at 360 px the shell, the dashboard and the admin pages are usable and accessible', async ({ page }) => {
  await login(page, 'admin@demo.ensemblier.fr');
  for (const path of [
    '/tableau-de-bord',
    '/administration/structures',
    '/administration/journal',
    '/compte/securite',
  ]) {
    await goto(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal scroll on ${path}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, `${path} @360`);
  }
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('link', { name: 'Administration' }).last()).toBeVisible();
  await expectAccessible(page, 'phone menu open');
});
