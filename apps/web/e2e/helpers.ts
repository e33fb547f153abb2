import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Ensemblier-demo-2026';

/** Waits until the page is hydrated (the root layout sets the attribute in onMount). */
export async function ready(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor();
}

export async function goto(page: Page, path: string) {
  await page.goto(path);
  await ready(page);
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await goto(page, '/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion') || url.pathname === '/connexion/verification');
  await ready(page);
}

export async function logout(page: Page) {
  await page.getByRole('button', { name: /Votre compte/ }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/connexion/);
}

/** axe with the WCAG 2.1 A and AA rules: no violation allowed. */
export async function expectAccessible(page: Page, label = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** The newest mail sent to `to`, read from the dev outbox page (the worker sends it). */
export async function mailLink(page: Page, to: string, pattern: RegExp): Promise<string> {
  let link: string | undefined;
  await expect(async () => {
    await goto(page, '/dev/courriels');
    const mail = page.getByRole('article').filter({ hasText: to }).first();
    await expect(mail).toBeVisible();
    link = (await mail.getByRole('link', { name: pattern }).first().getAttribute('href')) ?? undefined;
    expect(link).toBeTruthy();
  }).toPass({ timeout: 20_000 });
  return link!;
}

export function unique(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
