import { expect, test } from '@playwright/test';
import { navigationFor, type Role } from '@ensemblier/shared';
import { expectAccessible, login, logout } from './helpers.ts';

const USERS: { email: string; role: Role; home: RegExp }[] = [
  { email: 'admin@demo.ensemblier.fr', role: 'admin', home: /\/administration\/structures/ },
  { email: 'coordination@demo.ensemblier.fr', role: 'coordinator', home: /\/tableau-de-bord/ },
  { email: 'responsable.ssiad@demo.ensemblier.fr', role: 'partner_manager', home: /\/tableau-de-bord/ },
  { email: 'infirmier.ssiad@demo.ensemblier.fr', role: 'partner_worker', home: /\/tableau-de-bord/ },
  { email: 'benevole@demo.ensemblier.fr', role: 'volunteer', home: /\/tableau-de-bord/ },
  { email: 'commission@demo.ensemblier.fr', role: 'commission_member', home: /\/tableau-de-bord/ },
];

for (const user of USERS) {
  test(`${user.role} logs in and sees the menu of their role`, async ({ page }) => {
    await login(page, user.email);
    await expect(page).toHaveURL(user.home);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    // A counter may follow a label (« Orientations 3 (3 en attente) »): compare the labels.
    await expect(nav.getByRole('link')).toHaveText(
      navigationFor(user.role).map((e) => new RegExp(`^\\s*${e.label}(\\s|$)`)),
    );
    await expectAccessible(page);
    await logout(page);
    await page.goto('/tableau-de-bord');
    await expect(page).toHaveURL(/\/connexion/);
  });
}
