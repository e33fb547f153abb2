import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

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

/** Calls the API through the web's /api proxy with the page's session (tRPC over HTTP). */
export async function callApi<T>(page: Page, path: string, input: unknown, kind: 'query' | 'mutation'): Promise<T> {
  const origin = new URL(page.url()).origin;
  const response =
    kind === 'query'
      ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await page.request.post(`/api/trpc/${path}`, {
          data: input,
          headers: { origin, 'content-type': 'application/json' },
        });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  expect(body.error, `${path}: ${JSON.stringify(body.error)}`).toBeUndefined();
  return body.result!.data;
}

/**
 * A new account of its own for a spec that changes an account (password, second factor…):
 * the admin invites it to the organisation, the invitation link sets DEMO_PASSWORD. Specs
 * run in parallel: none may change an account another spec logs in with.
 */
export async function newAccount(
  browser: Browser,
  organisationName: string,
  role: 'partner_manager' | 'partner_worker' | 'volunteer',
  name = 'Compte de test',
): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `${unique('compte')}@exemple.fr`;
  await login(page, 'admin@demo.ensemblier.fr');
  const list = await callApi<{ items: { id: string; name: string }[] }>(
    page,
    'admin.organisations.list',
    { q: organisationName, page: 1, pageSize: 20 },
    'query',
  );
  const organisation = list.items.find((o) => o.name === organisationName);
  expect(organisation, organisationName).toBeDefined();
  await callApi(page, 'admin.members.invite', { organisationId: organisation!.id, email, name, role }, 'mutation');
  await logout(page);
  const link = await mailLink(page, email, /invitation/);
  await goto(page, new URL(link).pathname);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByLabel('Confirmation du mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Activer mon compte/ }).click();
  await page.waitForURL(/\/connexion\?bienvenue=1/);
  await context.close();
  return email;
}

/** Today in Paris, as typed in a date field (JJ/MM/AAAA). */
export function todayTyped(): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date());
}
