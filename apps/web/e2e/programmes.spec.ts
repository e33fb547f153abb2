import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { callApi, expectAccessible, goto, login, newAccount, unique } from './helpers.ts';

// The coordinator's side of the visits (issue 7), end to end: a person of her own on the register,
// a programme with a volunteer of its own (invited here, so the demo volunteer's « Mes visites »
// stays as other specs expect), the list and the visitor's load, a visit with a « situation
// préoccupante » alert logged by the volunteer through the API, the alert in the programme's
// history and in « Alertes », marked handled with a note, and the statistics with their CSV.

const VISITORS_ORG = 'Visiteurs bénévoles du Lunellois';

async function noHorizontalScroll(page: Page, label: string) {
  await expect(async () => {
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((e) => {
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false;
          return true;
        })
        .slice(0, 3)
        .map((e) => `${e.tagName}.${e.className}`);
      return { by: document.documentElement.scrollWidth - window.innerWidth, wide };
    });
    expect(overflow.by, `${label}: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(1);
  }).toPass({ timeout: 5_000 });
}

test('a coordinator pairs a volunteer with a registered person, follows up the alert, reads the statistics', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const visitorName = `Bénévole ${unique('Prog').replace(/[^A-Za-z]/g, '')}`;
  const volunteerEmail = await newAccount(browser, VISITORS_ORG, 'volunteer', visitorName);

  await login(page, 'coordination@demo.ensemblier.fr');
  // A person of her own, registered on the register.
  const nom = unique('Programme').replace(/[^A-Za-z]/g, '');
  const person = await callApi<{ created: boolean; id: string }>(
    page,
    'persons.create',
    {
      nom,
      prenom: 'Odette',
      dateNaissance: '1936-02-03',
      adresse: '4 rue des Visites',
      communeInsee: '34145',
      confirmNotDuplicate: true,
    },
    'mutation',
  );
  const { registrationId } = await callApi<{ registrationId: string }>(
    page,
    'visits.register.create',
    {
      personId: person.id,
      requestedBy: 'personne',
      consentMode: 'oral',
      consentOn: '2026-01-12',
      situation: 'age_65',
      isole: true,
      adresse: '4 rue des Visites',
      communeInsee: '34145',
      telephones: [{ numero: '0467998877', type: 'fixe' }],
    },
    'mutation',
  );
  const fullName = `Odette ${nom.toUpperCase()}`;

  // From the register entry: « Programme de visites » opens « Nouveau programme » for her.
  await goto(page, `/registre/${registrationId}`);
  await page.getByRole('link', { name: 'Programme de visites' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouveau programme de visites');
  await expect(page.getByText(`Personne visitée : ${fullName}`)).toBeVisible();
  await expectAccessible(page, 'new programme');

  // No visitor chosen: the French error next to the field, what was typed is kept.
  await page.getByRole('radio', { name: 'Toutes les deux semaines' }).check();
  await page.getByRole('button', { name: 'Créer le programme' }).click();
  await expect(page.getByRole('heading', { name: /Le formulaire contient 1 erreur/ })).toBeVisible();
  await expect(page.getByText('Choisissez au moins un bénévole ou agent.').first()).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Toutes les deux semaines' })).toBeChecked();
  await expect(page).toHaveTitle(/^Erreur : /);
  await expectAccessible(page, 'new programme with an error');

  await page.getByRole('checkbox', { name: new RegExp(visitorName) }).check();
  await page.getByRole('button', { name: 'Créer le programme' }).click();
  await expect(page.getByText(/Le programme est créé/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Programme de visites de ${fullName}`);
  const programmeUrl = new URL(page.url()).pathname;
  const programmeId = programmeUrl.split('/').pop()!;
  await expect(page.getByText('Aucune visite ni aucun appel enregistré pour le moment.')).toBeVisible();
  await expectAccessible(page, 'programme page');

  // The list: her programme, and the volunteer's load.
  await goto(page, '/visites/programmes');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programmes de visites');
  await page.getByLabel('Visiteur', { exact: true }).selectOption({ label: visitorName });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByText('1 programme', { exact: true })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: fullName }) });
  await expect(row).toContainText('Toutes les deux semaines');
  await expect(row).toContainText(visitorName);
  const load = page.getByRole('row').filter({ has: page.getByRole('link', { name: visitorName }) });
  await expect(load).toContainText(/Programmes en cours\s*1\s*Visites attendues par mois\s*2,2\s*En retard\s*0/);
  await expectAccessible(page, 'programmes list');

  // The volunteer logs a visit with an alert (as her phone would sync it).
  const volunteerContext = await browser.newContext();
  const volunteer = await volunteerContext.newPage();
  await login(volunteer, volunteerEmail);
  await callApi(
    volunteer,
    'visits.log',
    {
      clientId: randomUUID(),
      personId: person.id,
      programmeId,
      kind: 'visite',
      outcome: 'realisee',
      occurredAt: new Date().toISOString(),
      durationMinutes: 45,
      mood: 2,
      needs: ['sante'],
      note: 'Elle a fait une chute hier',
      situationPreoccupante: true,
    },
    'mutation',
  );
  await volunteerContext.close();

  // In the programme's history.
  await goto(page, programmeUrl);
  const visitRow = page.getByRole('row').filter({ hasText: 'Elle a fait une chute hier' });
  await expect(visitRow).toContainText(visitorName);
  await expect(visitRow).toContainText('Visite faite');
  await expect(visitRow).toContainText('45 min');
  await expect(visitRow).toContainText('Pas bien');
  await expect(visitRow).toContainText('Alerte à traiter');

  // In « Alertes »: marked handled, the note is required.
  await goto(page, '/visites/alertes');
  const card = page.getByRole('article', { name: fullName });
  await expect(card).toContainText('Elle a fait une chute hier');
  await expect(card).toContainText(visitorName);
  await expect(card).toContainText('Santé');
  await expectAccessible(page, 'alerts');
  await card.getByRole('button', { name: 'Marquer comme traitée' }).click();
  const cardAgain = page.getByRole('article', { name: fullName });
  await expect(cardAgain.getByText(/Indiquez ce qui a été fait/).first()).toBeVisible();
  await expectAccessible(page, 'alerts with an error');
  await cardAgain.getByLabel(/^Ce qui a été fait/).fill('Appel à sa fille, passage de l’infirmière demandé.');
  await cardAgain.getByRole('button', { name: 'Marquer comme traitée' }).click();
  await expect(page.getByText('L’alerte est marquée comme traitée.')).toBeVisible();
  await expect(page.getByRole('article', { name: fullName })).toHaveCount(0);
  await page.getByRole('link', { name: 'Traitées' }).click();
  const handled = page.getByRole('article', { name: fullName });
  await expect(handled).toContainText('Traitée le');
  await expect(handled).toContainText('Karim Coordinateur');
  await expect(handled).toContainText('Appel à sa fille, passage de l’infirmière demandé.');
  await goto(page, programmeUrl);
  await expect(page.getByRole('row').filter({ hasText: 'Elle a fait une chute hier' })).toContainText('Alerte traitée');

  // Statistics: her volunteer's row, then the CSV.
  await goto(page, '/visites/statistiques');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistiques des visites');
  const visitorRow = page.getByRole('row').filter({ hasText: visitorName });
  await expect(visitorRow).toContainText('0,8 h');
  await expect(page.getByRole('link', { name: 'les campagnes' })).toHaveAttribute('href', '/visites/campagnes');
  await expectAccessible(page, 'statistics');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger (CSV) par visiteur' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^statistiques-visites-visiteurs-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
  const csv = await (await page.request.get('/visites/statistiques/export?tableau=visiteurs')).body();
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines[0]!.split(';')).toEqual([
    'Visiteur',
    'Visites faites',
    'Appels faits',
    'Absences',
    'Refus',
    'Heures de visite',
    'Personnes visitées',
    'Alertes signalées',
    'Alertes traitées',
    'Délai médian de traitement (minutes)',
  ]);
  const cells = lines.find((l) => l.startsWith(`${visitorName};`))!.split(';');
  expect(cells.slice(0, 9)).toEqual([visitorName, '1', '0', '0', '0', '0,8', '1', '1', '1']);
  expect(Number(cells[9])).toBeGreaterThanOrEqual(0);
  const monthly = (await (await page.request.get('/visites/statistiques/export?tableau=mois')).body()).toString('utf8');
  expect(monthly.trimEnd().split('\r\n')).toHaveLength(1 + 12 + 1);

  // At 360 px: every page without horizontal scroll, axe clean.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of [
    '/visites/programmes',
    programmeUrl,
    '/visites/programmes/nouveau',
    '/visites/alertes?etat=traitees',
    '/visites/statistiques',
  ]) {
    await goto(page, path);
    await noHorizontalScroll(page, path);
    await expectAccessible(page, `${path} at 360 px`);
  }
});
