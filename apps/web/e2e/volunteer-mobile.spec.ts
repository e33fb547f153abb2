import { expect, test, type Browser, type Page } from '@playwright/test';
import { callApi, expectAccessible, goto, login, logout, newAccount, ready, unique } from './helpers.ts';

// The volunteer's app (issue 7) on a 360 px phone: « Mes visites » shows only the logistics card
// of the persons assigned to the volunteer; with the network cut, two visits are logged and kept
// on the phone (the page itself reopens from the service worker); back online the queue syncs;
// syncing the same records again leaves two rows; the « situation préoccupante » alert reaches the
// coordinator's bell; logging out wipes the phone. And the app installs: a valid web manifest,
// an active service worker, and Chromium reports no installability error.

const ASSOCIATION = 'Entraide Lunelloise';

const REGISTRATION = {
  requestedBy: 'personne',
  consentMode: 'oral',
  consentOn: '2026-01-12',
  situation: 'age_65',
  isole: true,
  communeInsee: '34145',
  batiment: 'C',
  etage: '2',
  digicode: '2468B',
  cles: 'Clé chez la gardienne Secrète',
  accesNotes: 'Sonner deux fois',
  telephones: [{ numero: '0467223344', type: 'fixe' }],
  contactsUrgence: [{ nom: 'Neveu Urgence-Secrète', lien: 'neveu', telephone: '0611223344' }],
  medecin: { nom: 'Dr Secret', telephone: '0467000000' },
  servicesDomicile: [],
};

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

/** The queue as the phone stores it (IndexedDB), read in the page. */
function readQueue(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('ensemblier-visites');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('queue').objectStore('queue').get('queue');
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

function writeQueue(page: Page, queue: unknown): Promise<void> {
  return page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('ensemblier-visites');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('queue', 'readwrite');
          tx.objectStore('queue').put(value, 'queue');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    queue,
  );
}

test('offline, the volunteer logs two visits; back online they sync once; the alert reaches the coordinator', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const volunteerEmail = await newAccount(browser, ASSOCIATION, 'volunteer');
  const coordinator = await signedIn(browser, 'coordination@demo.ensemblier.fr');
  const volunteer = await signedIn(browser, volunteerEmail);
  const me = await callApi<{ user: { id: string } }>(volunteer, 'auth.me', {}, 'query');

  // Two registered persons, each given to the new volunteer in a weekly programme from today.
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date());
  const persons: { id: string; nom: string; prenom: string; programmeId: string }[] = [];
  for (const prenom of ['Odette', 'Raymond']) {
    const nom = unique('Visite').replace(/[^A-Za-z]/g, '');
    const person = await callApi<{ id: string }>(
      coordinator,
      'persons.create',
      { nom, prenom, dateNaissance: '1937-02-11', confirmNotDuplicate: true },
      'mutation',
    );
    await callApi(
      coordinator,
      'visits.register.create',
      { ...REGISTRATION, personId: person.id, adresse: `${persons.length + 3} rue des Amandiers` },
      'mutation',
    );
    const { programmeId } = await callApi<{ programmeId: string }>(
      coordinator,
      'visits.programmes.create',
      { personId: person.id, visitorUserIds: [me.user.id], recurrence: 'semaine', startsOn: today },
      'mutation',
    );
    persons.push({ id: person.id, nom, prenom, programmeId });
  }
  const [odette, raymond] = persons as [(typeof persons)[0], (typeof persons)[0]];

  // « Mes visites »: the two cards, logistics only (no spare-key holder, no contacts, no doctor).
  await goto(volunteer, '/visites');
  await expect(volunteer.getByRole('heading', { level: 1, name: 'Mes visites' })).toBeVisible();
  await expect(volunteer.getByRole('heading', { level: 3, name: `Odette ${odette.nom}` })).toBeVisible();
  await expect(volunteer.getByRole('heading', { level: 3, name: `Raymond ${raymond.nom}` })).toBeVisible();
  await expect(volunteer.getByText('code 2468B').first()).toBeVisible();
  await expect(volunteer.getByRole('link', { name: /Appeler 04 67 22 33 44/ }).first()).toBeVisible();
  const html = await volunteer.content();
  for (const secret of ['Secrète', 'Dr Secret', '0611223344', '1937-02-11', '11/02/1937'])
    expect(html).not.toContain(secret);
  await expectAccessible(volunteer, '« Mes visites » at 360 px');

  // The service worker takes the page over and keeps it for offline use.
  await volunteer.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await goto(volunteer, '/visites');
  await expect
    .poll(() => volunteer.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 15_000 })
    .toBe(true);
  await goto(volunteer, '/visites');
  await expect(volunteer.getByText('Tout est envoyé.')).toBeVisible();

  // The network goes away; the page reopens from the phone.
  await volunteer.context().setOffline(true);
  await volunteer.reload();
  await ready(volunteer);
  await expect(volunteer.getByRole('heading', { level: 1, name: 'Mes visites' })).toBeVisible();
  await expect(volunteer.getByText('Hors connexion', { exact: true })).toBeVisible();

  // Visit 1: done, 30 min, « Bien ».
  await volunteer.getByRole('link', { name: `Noter la visite de Odette ${odette.nom}` }).click();
  const form1 = volunteer.getByRole('form', { name: /Noter une visite ou un appel — Odette/ });
  await expect(form1).toBeVisible();
  // Nothing chosen: a French error next to the field, nothing queued.
  await form1.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(form1.getByText('Indiquez comment s’est passée la visite.').first()).toBeVisible();
  await expectAccessible(volunteer, 'visit form with an error, offline');
  await form1.getByRole('radio', { name: 'Visite faite' }).check();
  await form1.getByRole('radio', { name: '30 min' }).check();
  await form1.getByRole('radio', { name: '4 sur 5 : Bien' }).check();
  await form1.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(volunteer.getByText('Elle sera envoyée au retour de la connexion.')).toBeVisible();
  await expect(volunteer.getByText('1 saisie en attente d’envoi')).toBeVisible();

  // Visit 2, by keyboard: a fall, « situation préoccupante ».
  await volunteer.getByRole('link', { name: `Noter la visite de Raymond ${raymond.nom}` }).focus();
  await volunteer.keyboard.press('Enter');
  const form2 = volunteer.getByRole('form', { name: /Noter une visite ou un appel — Raymond/ });
  await form2.getByRole('radio', { name: 'Visite faite' }).check();
  await form2.getByRole('radio', { name: '2 sur 5 : Pas bien' }).check();
  await form2.getByRole('checkbox', { name: 'Chute' }).check();
  await form2.getByLabel('Note').fill('Chute dans la salle de bains hier, hématome.');
  await form2.getByRole('checkbox', { name: /Situation préoccupante/ }).check();
  await form2.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(volunteer.getByText('2 saisies en attente d’envoi')).toBeVisible();
  await expect(volunteer.getByText(`Visite ou appel — Raymond ${raymond.nom}`, { exact: false })).toBeVisible();
  await expectAccessible(volunteer, 'two visits waiting, offline');

  // What waits on the phone: only what a visit needs (no card, no address).
  const queued = (await readQueue(volunteer)) as {
    userId: string;
    entries: { clientId: string; payload: Record<string, unknown> }[];
  };
  expect(queued.userId).toBe(me.user.id);
  expect(queued.entries).toHaveLength(2);
  for (const entry of queued.entries) {
    expect(Object.keys(entry.payload).sort()).toEqual(
      [
        'clientId',
        'durationMinutes',
        'kind',
        'mood',
        'needs',
        'note',
        'occurredAt',
        'outcome',
        'personId',
        'programmeId',
        'situationPreoccupante',
      ].sort(),
    );
  }

  // Back online: the queue syncs by itself.
  await volunteer.context().setOffline(false);
  await expect(volunteer.getByText('Tout est envoyé.')).toBeVisible({ timeout: 20_000 });
  await expect(volunteer.getByText('2 saisies envoyées à votre coordinateur.')).toBeVisible();

  // Syncing the same two records again (a lost answer, a second tab): still one row each.
  await writeQueue(volunteer, queued);
  await goto(volunteer, '/visites');
  await expect(volunteer.getByText('Tout est envoyé.')).toBeVisible({ timeout: 20_000 });
  for (const p of [odette, raymond]) {
    const programme = await callApi<{ visits: { kind: string; outcome: string; alert: boolean }[] }>(
      coordinator,
      'visits.programmes.get',
      { programmeId: p.programmeId },
      'query',
    );
    expect(programme.visits).toHaveLength(1);
    expect(programme.visits[0]).toMatchObject({ kind: 'visite', outcome: 'realisee', alert: p === raymond });
  }

  // The alert reached the coordinators' bell (no person data in it, a link to the file).
  await goto(coordinator, '/tableau-de-bord');
  const bell = coordinator.getByRole('button', { name: /^Notifications, \d+ non lues?$/ });
  await bell.click();
  const panel = coordinator.getByRole('region', { name: 'Dernières notifications' });
  const alert = panel.locator(`a[href*="${encodeURIComponent(`/personnes/${raymond.id}`)}"]`).first();
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Situation préoccupante signalée');

  // Logging out wipes the phone: no queue database, no cached « Mes visites ».
  await logout(volunteer);
  const left = await volunteer.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    cached: await caches.has('ensemblier-visites-pages'),
  }));
  expect(left.databases).not.toContain('ensemblier-visites');
  expect(left.cached).toBe(false);
});

test('the app installs: a valid web manifest, an active service worker, no installability error', async ({
  playwright,
}, testInfo) => {
  // A persistent profile: Chromium never offers to install from an off-the-record context (the
  // default test contexts), so its installability verdict is asked in a real profile.
  const use = testInfo.project.use;
  const context = await playwright.chromium.launchPersistentContext(testInfo.outputPath('profil'), {
    executablePath: use.launchOptions?.executablePath,
    args: use.launchOptions?.args,
    baseURL: use.baseURL,
    viewport: { width: 360, height: 740 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await login(page, 'benevole@demo.ensemblier.fr');
    await goto(page, '/visites');
    await expectAccessible(page, '« Mes visites » of the demo volunteer at 360 px');

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const response = await page.request.get(new URL(href!, page.url()).href);
    expect(response.ok()).toBe(true);
    expect(response.headers()['content-type']).toMatch(/application\/manifest\+json/);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      lang: string;
      start_url: string;
      scope: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest.lang).toBe('fr');
    expect(manifest.name.length).toBeGreaterThan(0);
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(manifest.display).toBe('standalone');
    expect(manifest.start_url.startsWith(manifest.scope)).toBe(true);
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png' && i.purpose !== 'maskable');
      expect(icon, size).toBeDefined();
      const image = await page.request.get(new URL(icon!.src, page.url()).href);
      expect(image.headers()['content-type']).toBe('image/png');
      // The PNG header says the declared size.
      const bytes = await image.body();
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(size);
    }
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

    // The service worker is active for the whole site.
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, state: registration.active?.state, script: registration.active?.scriptURL };
    });
    expect(worker.state).toBe('activated');
    expect(new URL(worker.scope).pathname).toBe('/');
    expect(new URL(worker.script!).pathname).toBe('/service-worker.js');

    // Chromium's own verdict: the manifest parses without error and the app is installable.
    await goto(page, '/visites');
    const cdp = await context.newCDPSession(page);
    const parsed = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[] };
    expect(parsed.errors).toEqual([]);
    await expect
      .poll(
        async () =>
          ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] })
            .installabilityErrors,
        { timeout: 15_000 },
      )
      .toEqual([]);
  } finally {
    await context.close();
  }
});
