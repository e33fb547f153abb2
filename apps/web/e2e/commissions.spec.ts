import { expect, test, type Browser, type Page } from '@playwright/test';
import { callApi, expectAccessible, goto, login, unique } from './helpers.ts';

// A commission séance end to end: the coordinator (secrétaire of a commission created for the
// test) instructs three demandes from the persons' files, creates the séance, builds its agenda,
// opens it, records the attendance (quorum shown live) and three decisions; the présidente
// (commission@, another browser) and the coordinator sign the grants; the séance is closed and
// the procès-verbal and a letter are downloaded. Presentation mode shows no applicant's name.
// Also: an urgent secours decided from a demande page (confirmation dialog), a signed decision
// corrected from the séance page, and the commission's configuration saved without JavaScript
// after an error (what was typed, checkboxes included, is kept).
// Only new rows: a commission type, persons and demandes of the test's own.

const COORDINATION = 'coordination@demo.ensemblier.fr';
const PRESIDENTE = 'commission@demo.ensemblier.fr';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

test('a coordinator runs a séance: agenda, attendance and quorum, decisions, two signatures, PV and letter', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const coord = await signedIn(browser, COORDINATION);
  const year = new Date().getFullYear();
  const candidates = await callApi<{ users: { id: string; email: string }[] }>(
    coord,
    'commissions.config.memberCandidates',
    undefined,
    'query',
  );
  const idOf = (email: string) => candidates.users.find((u) => u.email === email)!.id;
  const commissionName = unique('Commission des secours');
  await callApi(
    coord,
    'commissions.config.create',
    {
      name: commissionName,
      aidKinds: ['secours_financier'],
      envelopes: [{ aidKind: 'secours_financier', year, budgetCents: 500_000 }],
      members: [
        { userId: idOf(COORDINATION), voting: true, capacities: ['secretaire', 'delegataire_urgence'] },
        { userId: idOf(PRESIDENTE), voting: true, capacities: ['president'] },
      ],
    },
    'mutation',
  );

  // Three demandes instructed and declared complete.
  const suffix = unique('x')
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6);
  const people = [
    { nom: `Aubertin${suffix}`, prenom: 'Rosalie', dateNaissance: '1984-05-17', montant: 30000 },
    { nom: `Castelnau${suffix}`, prenom: 'Firmin', dateNaissance: '1957-11-02', montant: 45000 },
    { nom: `Delorme${suffix}`, prenom: 'Apolline', dateNaissance: '1991-08-30', montant: 20000 },
  ];
  const commissionTypeId = async () =>
    (
      await callApi<{ items: { id: string; name: string }[] }>(coord, 'commissions.config.list', {}, 'query')
    ).items.find((t) => t.name === commissionName)!.id;
  // Each demande is instructed from the person's file: lines, amount, purpose, rapport social,
  // pièces, then declared complete.
  const numeros: string[] = [];
  for (const p of people) {
    const person = await callApi<{ id: string }>(
      coord,
      'persons.create',
      {
        nom: p.nom,
        prenom: p.prenom,
        dateNaissance: p.dateNaissance,
        adresse: '7 impasse des Glycines',
        communeInsee: '34145',
        confirmNotDuplicate: true,
      },
      'mutation',
    );
    await goto(coord, `/personnes/${person.id}`);
    await coord.getByRole('link', { name: 'Demande d’aide', exact: true }).click();
    await expect(coord.getByRole('heading', { level: 1, name: /Nouvelle demande d’aide/ })).toBeVisible();
    await coord.getByRole('combobox', { name: /^Commission/ }).selectOption({ label: commissionName });
    await coord.getByLabel('Aide demandée').selectOption({ label: 'Secours financier' });
    await coord.getByLabel('Objet de la demande').fill('Facture d’électricité en retard');
    await coord.getByLabel('Montant demandé (en euros)').fill(String(p.montant / 100));
    const resource = coord.getByRole('group', { name: 'Ressources mensuelles, ligne 1' });
    await resource.getByLabel('Type').selectOption({ label: 'RSA' });
    await resource.getByLabel('Montant mensuel (euros)').fill('607');
    const charge = coord.getByRole('group', { name: 'Charges mensuelles, ligne 1' });
    await charge.getByLabel('Type').selectOption({ value: 'loyer' });
    await charge.getByLabel('Montant mensuel (euros)').fill('420');
    await coord
      .getByLabel('Rapport social', { exact: true })
      .fill('Situation suivie depuis six mois, dette d’énergie après une perte d’emploi.');
    await coord
      .getByLabel('Synthèse pour la séance')
      .fill('Personne seule, dette d’énergie après une baisse de ressources.');
    await coord.getByRole('button', { name: 'Créer la demande' }).click();
    const heading = coord.getByRole('heading', { level: 1, name: /Demande d’aide n° \d{4}-\d+/ });
    await expect(heading).toBeVisible();
    numeros.push((await heading.textContent())!.match(/\d{4}-\d+/)![0]);
    const pieces = coord.getByRole('group', { name: 'Pièces justificatives' }).getByRole('combobox');
    for (const select of await pieces.all()) await select.selectOption({ label: 'Non requise' });
    await coord.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect(coord.getByText('La demande a été enregistrée.')).toBeVisible();
    await coord.getByRole('button', { name: 'Déclarer la demande complète' }).click();
    await expect(coord.getByText('La demande est complète', { exact: false })).toBeVisible();
  }
  await expectAccessible(coord, 'demande complète');

  // An urgent secours on a fourth demande (created through the API, still in instruction: the
  // coordinator may decide one): the dialog names the consequence; a refusal without its motive
  // is explained; then it is recorded.
  const fourth = await callApi<{ id: string }>(
    coord,
    'persons.create',
    { nom: `Esnault${suffix}`, prenom: 'Basile', dateNaissance: '1978-02-14', confirmNotDuplicate: true },
    'mutation',
  );
  const urgentDemande = await callApi<{ id: string }>(
    coord,
    'commissions.demandes.create',
    {
      personId: fourth.id,
      commissionTypeId: await commissionTypeId(),
      aidKind: 'secours_financier',
      objet: 'Nuit d’hôtel',
      montantDemandeCents: 15000,
      household: [{ relation: 'demandeur', birthDate: '1978-02-14' }],
    },
    'mutation',
  );
  await goto(coord, `/commissions/demandes/${urgentDemande.id}`);
  const urgent = coord.getByRole('form', { name: 'Secours d’urgence' });
  const decideUrgently = async () => {
    await urgent.getByRole('button', { name: 'Décider en urgence' }).click();
    const dialog = coord.getByRole('alertdialog');
    await expect(dialog).toContainText('la prochaine séance de la commission ratifiera la décision');
    await dialog.getByRole('button', { name: 'Décider en urgence' }).click();
  };
  await urgent.getByRole('radio', { name: 'Refus' }).check();
  await decideUrgently();
  await expect(
    urgent.getByText('Indiquez le motif du refus : il figurera dans la lettre de décision.').first(),
  ).toBeVisible();
  await urgent.getByRole('radio', { name: 'Refus' }).check();
  await urgent.getByLabel('Motif de l’urgence').fill('Hébergement d’urgence pris en charge par le 115');
  await decideUrgently();
  await expect(coord.getByText('La décision d’urgence est enregistrée.', { exact: false })).toBeVisible();
  await expectAccessible(coord, 'demande décidée en urgence');

  // The séance.
  await goto(coord, '/commissions/seances/nouvelle');
  await coord.getByLabel('Commission').selectOption({ label: commissionName });
  await coord.getByLabel('Date').fill(`10/12/${year}`);
  await coord.getByLabel('Heure').fill('14:30');
  await coord.getByLabel('Lieu').fill('Salle du conseil, CIAS');
  await expectAccessible(coord, 'nouvelle séance');
  await coord.getByRole('button', { name: 'Créer la séance' }).click();
  await coord.waitForURL(/\/commissions\/seances\/[0-9a-f-]+\?fait=creee/);
  const seanceUrl = coord.url().split('?')[0]!;

  // Agenda from the complete demandes.
  for (const n of numeros) await coord.getByRole('checkbox', { name: new RegExp(`Dossier ${n}`) }).check();
  await coord.getByRole('button', { name: 'Inscrire à l’ordre du jour' }).click();
  await expect(coord.getByText('L’ordre du jour a été mis à jour.')).toBeVisible();
  await coord.getByRole('button', { name: 'Convoquer les membres' }).click();
  await expect(coord.getByText('Les membres ont été convoqués par courriel.')).toBeVisible();

  // Presentation mode (the default): initials and file numbers, no name, birth date or address.
  const html = await coord.content();
  for (const p of people) {
    expect(html).not.toContain(p.nom);
    expect(html).not.toContain(p.prenom);
    expect(html).not.toContain(p.dateNaissance);
    expect(html).not.toContain(p.dateNaissance.split('-').reverse().join('/'));
  }
  expect(html).not.toContain('Glycines');
  await expect(coord.getByRole('heading', { name: `R. A. — dossier ${numeros[0]}` })).toBeVisible();
  await expectAccessible(coord, 'séance planifiée');

  // Open, attendance: one of two present → no quorum; both → quorum.
  await coord.getByRole('button', { name: 'Ouvrir la séance' }).click();
  await expect(coord.getByText('La séance est ouverte.')).toBeVisible();
  await coord.getByLabel(/^Hélène Membre de commission/).selectOption({ label: 'Excusé' });
  await coord.getByLabel(/^Karim Coordinateur/).selectOption({ label: 'Présent' });
  await coord.getByRole('button', { name: 'Enregistrer la feuille de présence' }).click();
  await expect(coord.getByText('La feuille de présence a été enregistrée.')).toBeVisible();
  await expect(coord.getByText(/Quorum non atteint : 1 sur 2 requis/)).toBeVisible();
  await coord.getByLabel(/^Hélène Membre de commission/).selectOption({ label: 'Présent' });
  await coord.getByRole('button', { name: 'Enregistrer la feuille de présence' }).click();
  await expect(coord.getByText(/Quorum atteint : 2 membres votants sur 2/)).toBeVisible();

  // Three decisions: accord, refus, accord partiel.
  const decide = async (numero: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>) => {
    const form = coord.getByRole('form', { name: `Décision sur le dossier ${numero}` });
    await fill(form);
    await form.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expect(coord.getByText('La décision a été enregistrée.')).toBeVisible();
    await expect(form).toHaveCount(0);
  };
  await decide(numeros[0]!, async (f) => {
    await f.getByRole('radio', { name: 'Accord', exact: true }).check();
    await f.getByLabel('Montant accordé (en euros)').fill('300');
    await f.getByLabel('Forme de l’aide').selectOption({ label: 'Versée à un tiers (bailleur, fournisseur…)' });
    await f.getByLabel('Tiers bénéficiaire du versement').fill('Énergies du Sud');
  });
  // A refusal without its motive is explained next to the field.
  const refusal = coord.getByRole('form', { name: `Décision sur le dossier ${numeros[1]}` });
  await refusal.getByRole('radio', { name: 'Refus' }).check();
  await refusal.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await expect(
    coord.getByText('Indiquez le motif du refus : il figurera dans la lettre de décision.').first(),
  ).toBeVisible();
  await decide(numeros[1]!, async (f) => {
    await f.getByRole('radio', { name: 'Refus' }).check();
    await f.getByLabel('Motif').fill('Ressources au-dessus du barème de la commission');
  });
  await decide(numeros[2]!, async (f) => {
    await f.getByRole('radio', { name: 'Accord partiel' }).check();
    await f.getByLabel('Montant accordé (en euros)').fill('150');
    await f.getByLabel('Forme de l’aide').selectOption({ label: 'Versée à la personne' });
    await f.getByLabel('Motif').fill('Participation attendue de la famille');
  });
  await expectAccessible(coord, 'séance ouverte');

  // Two signatures on each grant: the secrétaire here, the présidente in her own browser.
  for (let i = 0; i < 2; i++) {
    await coord.getByRole('button', { name: 'Signer la décision' }).first().click();
    await expect(coord.getByText('Votre signature a été enregistrée.')).toBeVisible();
    await expect(coord.getByRole('button', { name: 'Signer la décision' })).toHaveCount(1 - i);
  }
  const presidente = await signedIn(browser, PRESIDENTE);
  await goto(presidente, seanceUrl);
  for (let i = 0; i < 2; i++) {
    await presidente.getByRole('button', { name: 'Signer la décision' }).first().click();
    await expect(presidente.getByText('Votre signature a été enregistrée.')).toBeVisible();
    await expect(presidente.getByRole('button', { name: 'Signer la décision' })).toHaveCount(1 - i);
  }
  await expect(presidente.getByText(/Signatures \(2 sur 2\)/)).toHaveCount(2);

  // A signed decision is corrected by a new decision that references it.
  await goto(coord, seanceUrl);
  const third = coord
    .getByRole('listitem')
    .filter({ has: coord.getByRole('heading', { name: new RegExp(`dossier ${numeros[2]}$`) }) });
  await third.getByText('Rectifier cette décision').click();
  const correction = coord.getByRole('form', { name: `Rectification de la décision sur le dossier ${numeros[2]}` });
  await correction.getByRole('radio', { name: 'Accord partiel' }).check();
  await correction.getByLabel('Montant accordé (en euros)').fill('120');
  await correction.getByLabel('Forme de l’aide').selectOption({ label: 'Versée à la personne' });
  await correction.getByLabel('Ce que corrige cette décision').fill('Erreur de montant : la famille verse 80 €');
  await correction.getByRole('button', { name: 'Enregistrer la décision rectificative' }).click();
  await expect(coord.getByText('La décision rectificative a été enregistrée', { exact: false })).toBeVisible();
  await expect(third.getByText('Rectifiée par une décision ultérieure.')).toBeVisible();
  await expect(third.getByText('Décision rectificative : Accord partiel')).toBeVisible();

  // Close; the PV and a letter are downloaded.
  await coord.getByRole('button', { name: 'Clore la séance' }).click();
  await expect(coord.getByText('La séance est close : le procès-verbal a été enregistré.')).toBeVisible();
  const [pv] = await Promise.all([
    coord.waitForEvent('download'),
    coord.getByRole('link', { name: 'Télécharger le procès-verbal (PDF)' }).click(),
  ]);
  expect(pv.suggestedFilename()).toMatch(/^proces-verbal-seance-\d{4}-\d+\.pdf$/);
  const pvBytes = await (await coord.request.get(`${seanceUrl}/proces-verbal`)).body();
  expect(pvBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const [letter] = await Promise.all([
    coord.waitForEvent('download'),
    coord.getByRole('link', { name: 'Lettre de décision (PDF)' }).first().click(),
  ]);
  expect(letter.suggestedFilename()).toMatch(/^decision-\d{4}-\d+\.pdf$/);
  await expectAccessible(coord, 'séance close');

  // The grant is notified (its letter stored), then paid to the creditor: the payments log.
  const first = coord
    .getByRole('listitem')
    .filter({ has: coord.getByRole('heading', { name: new RegExp(`dossier ${numeros[0]}$`) }) });
  await first.getByRole('button', { name: 'Notifier la décision' }).click();
  await expect(coord.getByText('La décision a été notifiée : la lettre est enregistrée.')).toBeVisible();
  await first.getByText('Enregistrer un versement').click();
  const pay = coord.getByRole('form', { name: `Versement pour le dossier ${numeros[0]}` });
  await pay.getByLabel('Date du versement').fill(`15/12/${year}`);
  await pay.getByRole('button', { name: 'Enregistrer le versement' }).click();
  await expect(coord.getByText('Le versement a été enregistré.')).toBeVisible();
  // At 360 px: no horizontal scroll, still accessible.
  await coord.setViewportSize({ width: 360, height: 740 });
  await goto(coord, seanceUrl);
  expect(await coord.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(coord, 'séance close à 360 px');

  // The statistics page lists the envelope consumed (300 + 150 €).
  await goto(coord, '/commissions/statistiques');
  await expect(coord.getByRole('heading', { name: `Statistiques des commissions ${year}`, level: 1 })).toBeVisible();
  await expect(
    coord.getByRole('table', { name: `Journal des versements ${year}` }).getByText('Énergies du Sud'),
  ).toBeVisible();
  await expectAccessible(coord, 'statistiques');

  // The configuration, without JavaScript (the form reloads): a failed save keeps what was
  // typed, checkboxes included, and shows the error next to its field; corrected, it is saved.
  await goto(coord, '/commissions');
  await coord.getByRole('link', { name: commissionName }).click();
  await expect(coord.getByRole('heading', { level: 1, name: commissionName })).toBeVisible();
  const nojs = await (
    await browser.newContext({ javaScriptEnabled: false, storageState: await coord.context().storageState() })
  ).newPage();
  await nojs.goto(coord.url());
  const colis = nojs.getByRole('checkbox', { name: 'Colis alimentaire' });
  const signataire = nojs
    .getByRole('group', { name: 'Membre 1', exact: true })
    .getByRole('checkbox', { name: 'Signataire des décisions' });
  const budget = nojs.getByRole('group', { name: 'Enveloppe 1', exact: true }).getByLabel('Montant (euros)');
  await colis.check();
  await signataire.check();
  await budget.fill('beaucoup');
  await nojs.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(budget).toHaveAttribute('aria-invalid', 'true');
  await expect(colis).toBeChecked();
  await expect(signataire).toBeChecked();
  await budget.fill('5000');
  await nojs.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(nojs.getByText('La configuration a été enregistrée.')).toBeVisible();
  await expect(colis).toBeChecked();
  await expect(signataire).toBeChecked();
});
