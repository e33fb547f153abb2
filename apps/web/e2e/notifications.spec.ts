import { expect, test } from '@playwright/test';
import { callApi, DEMO_PASSWORD, expectAccessible, goto, login, unique, todayTyped } from './helpers.ts';

// Its own data: a new person and a referral created through the API by the association's
// manager; the SSIAD's manager reads the notification. Other specs use other accounts.
const SENDER = 'responsable.entraide@demo.ensemblier.fr';
const READER = 'responsable.ssiad@demo.ensemblier.fr';

const trpc = callApi;

test('the bell, the notifications page, the mail preference and the person page', async ({ browser }) => {
  const senderContext = await browser.newContext();
  const sender = await senderContext.newPage();
  await login(sender, SENDER);

  // The association creates a person, records their consent and sends a referral to the SSIAD.
  const nom = unique('Notif').replace(/[^A-Za-z]/g, '');
  const person = await trpc<{ created: boolean; id: string }>(
    sender,
    'persons.create',
    { nom, prenom: 'Lucienne', dateNaissance: '1942-03-14', confirmNotDuplicate: true },
    'mutation',
  );
  expect(person.created).toBe(true);
  await trpc(
    sender,
    'persons.recordConsent',
    { personId: person.id, kind: 'consentement', mode: 'oral', occurredOn: todayTyped(), allOrganisations: true },
    'mutation',
  );
  const services = await trpc<{ items: { id: string; nom: string; organisation: { type: string } }[] }>(
    sender,
    'directory.search',
    { q: 'soins infirmiers', page: 1, pageSize: 20 },
    'query',
  );
  const ssiad = services.items.find((s) => s.organisation.type === 'ssiad');
  expect(ssiad, 'the SSIAD service of the demo').toBeTruthy();
  const referral = await trpc<{ id: string }>(
    sender,
    'referrals.create',
    {
      idempotencyKey: crypto.randomUUID(),
      personId: person.id,
      recipients: [{ kind: 'service', serviceId: ssiad!.id }],
      thematiques: ['sante--acces-aux-soins'],
      motif: 'Soins à domicile après une hospitalisation.',
    },
    'mutation',
  );

  // The SSIAD's manager: the bell names its unread count and lists the new notification.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await login(reader, READER);
  await goto(reader, '/tableau-de-bord');
  // The menu counts the referrals waiting for an answer, in words for screen readers.
  await expect(
    reader
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: /^Orientations \(\d+ en attente\)$/ }),
  ).toBeVisible();
  const bell = reader.getByRole('button', { name: /^Notifications, \d+ non lues?$/ });
  await expect(bell).toBeVisible();
  await expect(bell).toHaveAttribute('aria-expanded', 'false');
  await bell.click();
  await expect(bell).toHaveAttribute('aria-expanded', 'true');
  const panel = reader.getByRole('region', { name: 'Dernières notifications' });
  await expect(panel.locator(`a[href*="${referral.id}"]`).first()).toBeVisible();
  await expectAccessible(reader, 'bell panel open');
  await reader.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(bell).toBeFocused();

  // Keyboard: Enter opens it again, "Tout voir" leads to the page.
  await reader.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  await panel.getByRole('link', { name: 'Tout voir' }).click();
  await reader.waitForURL(/\/notifications$/);
  await expect(reader.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expectAccessible(reader, '/notifications');

  // Unread is said in words; "Marquer comme lu" marks one item.
  const item = reader
    .locator('main')
    .getByRole('listitem')
    .filter({ has: reader.locator(`a[href*="${referral.id}"]`) })
    .first();
  await expect(item.getByText('Non lue')).toBeVisible();
  const before = Number((await bell.textContent())?.match(/(\d+) non lue/)?.[1] ?? 0);
  await item.getByRole('button', { name: /^Marquer comme lu/ }).click();
  await expect(reader.getByText('La notification est marquée comme lue.')).toBeVisible();
  await expect(item.getByText('Non lue')).toHaveCount(0);
  await expect(reader.getByRole('button', { name: /^Notifications/ })).toHaveAccessibleName(
    before - 1 > 0 ? `Notifications, ${before - 1} non lue${before - 1 > 1 ? 's' : ''}` : 'Notifications',
  );

  // The filter lives in the URL; the read item is no longer listed there.
  await reader.getByLabel('Non lues seulement').check();
  await reader.getByRole('button', { name: 'Afficher' }).click();
  await reader.waitForURL(/non-lues=1/);
  await expect(reader.locator(`main a[href*="${referral.id}"]`)).toHaveCount(0);
  await goto(reader, '/notifications');

  // Opening an item goes to its referral through the route that marks it read.
  const link = reader.locator(`main a[href*="${referral.id}"]`).first();
  await expect(link).toHaveAttribute(
    'href',
    new RegExp(`^/notifications/[^?]+\\?vers=%2Forientations%2F${referral.id}`),
  );
  await link.click();
  await reader.waitForURL(new RegExp(`/orientations/${referral.id}$`));

  // Mail preference on the account page (set back afterwards: other specs read the mails).
  await goto(reader, '/compte');
  await expectAccessible(reader, '/compte');
  const none = reader.getByRole('radio', { name: 'Aucun courriel (seulement la cloche)' });
  await none.check();
  await reader.getByRole('button', { name: 'Enregistrer mon choix' }).click();
  await expect(reader.getByText('Votre choix de courriels est enregistré.')).toBeVisible();
  await goto(reader, '/compte');
  await expect(none).toBeChecked();
  await reader.getByRole('radio', { name: 'Un courriel à chaque notification' }).check();
  await reader.getByRole('button', { name: 'Enregistrer mon choix' }).click();
  await expect(reader.getByText('Votre choix de courriels est enregistré.')).toBeVisible();

  // The person page of the sender: identity, history, the referral, and an objection confirmed in a dialog.
  await goto(sender, `/personnes/${person.id}`);
  await expect(sender.getByRole('heading', { level: 1 })).toContainText(nom.toUpperCase());
  await expect(sender.getByText('Accord de la personne').first()).toBeVisible();
  await expect(sender.locator(`a[href="/orientations/${referral.id}"]`)).toBeVisible();
  await expectAccessible(sender, '/personnes/[id]');

  await sender.getByRole('radio', { name: /Opposition de la personne/ }).check();
  await sender.getByRole('radio', { name: 'Par téléphone' }).check();
  await sender.getByRole('radio', { name: 'Certaines structures' }).check();
  await sender.getByRole('checkbox', { name: /SSIAD/ }).first().check();
  await sender.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  const dialog = sender.getByRole('alertdialog');
  await expect(dialog).toContainText(
    'Les structures concernées ne pourront plus recevoir d’orientation pour cette personne et n’auront plus accès à son dossier.',
  );
  await expectAccessible(sender, 'objection confirmation');
  await dialog.getByRole('button', { name: 'Confirmer l’opposition' }).click();
  await expect(sender.getByText(/L’opposition de la personne est enregistrée/)).toBeVisible();
  await expect(sender.locator('#historique').getByText('Opposition de la personne')).toBeVisible();

  await senderContext.close();
  await readerContext.close();
});

test('an unknown person is the French 404 page', async ({ page }) => {
  await login(page, SENDER);
  const response = await page.goto('/personnes/00000000-0000-4000-8000-000000000000');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
});

test('without JavaScript: the bell is a link, and an objection is confirmed in the page', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(SENDER);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));

  const bell = page.getByRole('link', { name: /^Notifications/ });
  await expect(bell).toHaveAttribute('href', '/notifications');
  await bell.click();
  await page.waitForURL(/\/notifications$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();

  await page.goto('/tableau-de-bord');
  const nom = unique('Sansjs').replace(/[^A-Za-z]/g, '');
  const person = await trpc<{ id: string }>(
    page,
    'persons.create',
    { nom, prenom: 'Marcel', confirmNotDuplicate: true },
    'mutation',
  );
  await page.goto(`/personnes/${person.id}`);
  await page.getByRole('radio', { name: /Opposition de la personne/ }).check();
  await page.getByRole('radio', { name: 'Oralement, en entretien' }).check();
  await page.getByRole('radio', { name: 'Toutes les structures du réseau' }).check();
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  // Nothing is recorded yet: the page names the consequence and asks to confirm.
  await expect(page.getByText('Confirmez l’opposition')).toBeVisible();
  await expect(page.getByText(/ne pourront plus recevoir d’orientation pour cette personne/).first()).toBeVisible();
  await expect(page.locator('#historique').getByText('Opposition de la personne')).toHaveCount(0);
  await expect(page.getByRole('radio', { name: /Opposition de la personne/ })).toBeChecked();
  await page.getByRole('button', { name: 'Confirmer l’opposition' }).click();
  await expect(page.getByText(/L’opposition de la personne est enregistrée/)).toBeVisible();
  await expect(page.locator('#historique').getByText('Opposition de la personne')).toBeVisible();
  await context.close();
});
