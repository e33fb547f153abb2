import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDemandeBudget, DEFAULT_BAREME } from '@ensemblier/shared';
import { codeOf, failure, inTerritory, type Browser } from './harness.ts';
import { COLIS_SERVICE, newPerson, PDF_BYTES, sendReferral, setupWorld, type World } from './referrals-helpers.ts';

/**
 * Demandes d'aide, the instruction (issue 6): created from a person's file with the household
 * and budget prefilled, the barème's figures computed by the shared functions (a reference
 * household checked by hand), the instruction transitions through the shared state machine
 * (allowed and refused through the API), who sees a demande (the instructing organisation and the
 * CCAS; volunteers, other partners and commission members get NOT_FOUND), audit with the person,
 * French validation errors.
 */

let w: World;
let users: Record<string, string>;
let typeId: string;
let personId: string;
let demandeId: string;
const today = () => w.h.clock.now().toISOString().slice(0, 10);
const year = () => Number(today().slice(0, 4));

beforeAll(async () => {
  w = await setupWorld();
  const rows = await inTerritory(w.h, (tx) => tx`SELECT id, email FROM app_user`);
  users = Object.fromEntries(rows.map((r) => [String(r.email).split('@')[0], r.id as string]));
  const t = await w.coordination.trpc.commissions.config.create.mutate({
    name: 'Commission des aides facultatives (test)',
    aidKinds: ['secours_financier', 'impaye_energie', 'colis_alimentaire'],
    envelopes: [{ aidKind: 'secours_financier', year: year(), budgetCents: 1_000_000 }],
    members: [
      { userId: users.commission!, voting: true, capacities: ['president'] },
      { userId: users.coordination!, voting: true, capacities: ['secretaire'] },
    ],
  });
  typeId = t.id;
  // The reference household on the file: a single parent with children of 6 and 10.
  personId = await newPerson(w.coordination, { dateNaissance: '1990-04-01' });
  for (const age of [6, 10])
    await w.coordination.trpc.persons.situation.household.add.mutate({
      personId,
      relation: 'enfant',
      prenom: `Enfant${age}`,
      dateNaissance: `${year() - age}-01-02`,
      aCharge: true,
    });
  const lines: [string, string, number][] = [
    ['ressource', 'salaire', 120_000],
    ['ressource', 'apl_al', 30_890],
    ['charge', 'loyer', 75_000],
    ['charge', 'energie', 13_000],
    ['charge', 'telephone_internet', 10_000],
    ['charge', 'credit', 20_000],
  ];
  for (const [kind, type, amountCents] of lines)
    await w.coordination.trpc.persons.situation.budget.add.mutate({
      personId,
      kind: kind as 'ressource' | 'charge',
      type,
      amountCents,
    });
});
afterAll(() => w.h.close());

const auditOf = (objectId: string) =>
  inTerritory(
    w.h,
    (tx) => tx`SELECT action, person_id, user_id FROM audit_event WHERE object_id = ${objectId} ORDER BY seq`,
  );

describe('a demande from a person’s file', () => {
  it('prefills the household and the budget lines of the file, mapped onto the barème’s types', async () => {
    const p = await w.coordination.trpc.commissions.demandes.prefill.query({ personId });
    expect(p.household.map((m) => [m.relation, m.birthDate])).toEqual([
      ['demandeur', '1990-04-01'],
      ['enfant', `${year() - 10}-01-02`],
      ['enfant', `${year() - 6}-01-02`],
    ]);
    expect(p.lines.map((l) => [l.kind, l.type, l.amountCents]).sort()).toEqual(
      [
        ['ressource', 'salaire', 120_000],
        ['ressource', 'aide_logement', 30_890],
        ['charge', 'loyer', 75_000],
        ['charge', 'energie', 13_000],
        ['charge', 'telephone_internet', 10_000],
        ['charge', 'credit', 20_000],
      ].sort(),
    );
    expect(p.commissionTypes.map((t) => t.id)).toContain(typeId);
    const audit = await auditOf(personId);
    expect(audit.filter((a) => a.action === 'demande.prefill')).toEqual([
      { action: 'demande.prefill', person_id: personId, user_id: users.coordination },
    ]);
  });

  it('creates the demande; the figures equal the shared functions’ and the values computed by hand', async () => {
    const p = await w.coordination.trpc.commissions.demandes.prefill.query({ personId });
    const input = {
      personId,
      commissionTypeId: typeId,
      aidKind: 'impaye_energie' as const,
      objet: 'Facture d’électricité impayée de l’hiver',
      montantDemandeCents: '300,00',
      creditor: { kind: 'fournisseur_energie' as const, name: 'Énergie du Sud', reference: 'C-42' },
      household: p.household.map((m) => ({ relation: m.relation, birthDate: m.birthDate, aCharge: m.aCharge })),
      lines: p.lines,
    };
    const created = await w.coordination.trpc.commissions.demandes.create.mutate(input);
    demandeId = created.id;
    expect(created.numero).toMatch(new RegExp(`^${year()}-\\d{4}$`));
    const d = await w.coordination.trpc.commissions.demandes.get.query({ demandeId });
    expect(d.state).toBe('en_instruction');
    expect(d.montantDemandeCents).toBe(30_000);
    expect(d.person.id).toBe(personId);
    // By hand: 1 + 0,3 + 0,3 = 1,6 UC; ressources 1 200 + 308,90 = 1 508,90 €; charges retenues
    // 750 + 130 + 100 = 980 € (the 200 € of credit are not retained); reste à vivre 528,90 €;
    // 528,90 ÷ 1,6 = 330,5625 → 330,56 € per UC per month; ÷ 30 = 11,01875 → 11,02 € per day;
    // QF = (14 400 ÷ 12 + 308,90) ÷ (2 + 0,5 + 0,5) = 1 508,90 ÷ 3 = 502,966… → 502,97 € (503 €);
    // 11,02 € is in the 8–12 € tranche: accord partiel, 50 % of 300 € = 150 €.
    const f = d.figures!;
    expect(f.uc.hundredths).toBe(160);
    expect(f.totals.ressourcesCents).toBe(150_890);
    expect(f.totals.chargesRetenuesCents).toBe(98_000);
    expect(f.totals.chargesNonRetenuesCents).toBe(20_000);
    expect(f.resteAVivre.mensuelCents).toBe(52_890);
    expect(f.resteAVivre.parUniteMensuelCents).toBe(33_056);
    expect(f.resteAVivre.parUniteJourCents).toBe(1_102);
    expect(f.quotientFamilial.parts).toBe(3);
    expect(f.quotientFamilial.cents).toBe(50_297);
    expect(f.quotientFamilial.euros).toBe(503);
    expect(f.suggestion.suggestion).toBe('accord_partiel');
    expect(f.suggestion.montantSuggereCents).toBe(15_000);
    const shared = computeDemandeBudget(
      {
        household: input.household,
        lines: input.lines,
        montantDemandeCents: 30_000,
      },
      DEFAULT_BAREME,
      today(),
    );
    expect(f).toEqual(JSON.parse(JSON.stringify(shared)));
    // A third-party aid: the default checklist asks for the invoice and the creditor's RIB.
    expect(d.pieces.map((x) => [x.kind, x.status])).toContainEqual(['facture_impayee', 'manquante']);
    expect(d.allowedActions).toEqual(['completer', 'classer_sans_suite']);
    const audit = await auditOf(demandeId);
    expect(audit.map((a) => a.action)).toEqual(['demande.create', 'demande.read']);
    expect(audit.every((a) => a.person_id === personId)).toBe(true);
  });

  it('the demande is activity on the file', async () => {
    w.h.clock.advance(60_000);
    await w.coordination.trpc.commissions.demandes.update.mutate({ demandeId, objet: 'Facture d’électricité' });
    const [p] = await inTerritory(w.h, (tx) => tx`SELECT last_activity_at FROM person WHERE id = ${personId}`);
    expect((p!.last_activity_at as Date).getTime()).toBe(w.h.clock.now().getTime());
  });
});

describe('instruction transitions through the shared machine', () => {
  it('« complète » is refused while pièces are missing or the rapport social is not written (French)', async () => {
    const noRapport = await failure(
      w.coordination.trpc.commissions.demandes.transition.mutate({ demandeId, action: 'completer' }),
    );
    expect(noRapport.data?.fieldErrors).toEqual({
      rapportSocial: 'Rédigez le rapport social avant de déclarer la demande complète.',
    });
    await w.coordination.trpc.commissions.demandes.update.mutate({
      demandeId,
      rapportSocial: 'Mère isolée, deux enfants, facture d’hiver impayée après une baisse de revenus.',
    });
    const missing = await failure(
      w.coordination.trpc.commissions.demandes.transition.mutate({ demandeId, action: 'completer' }),
    );
    expect(missing.data?.fieldErrors?.pieces).toMatch(/^Des pièces sont manquantes : Pièce d’identité, /);
  });

  it('a pièce uploaded is « fournie »; the others marked; then « complète » stores the figures', async () => {
    const up = await w.coordination.trpc.commissions.demandes.attachments.add.mutate({
      demandeId,
      pieceKind: 'facture_impayee',
      attachments: [{ fileName: 'facture.pdf', contentBase64: PDF_BYTES.toString('base64') }],
    });
    let d = await w.coordination.trpc.commissions.demandes.get.query({ demandeId });
    expect(d.pieces.find((p) => p.kind === 'facture_impayee')).toMatchObject({
      status: 'fournie',
      attachmentId: up.ids[0],
      fileName: 'facture.pdf',
    });
    const file = await w.coordination.trpc.commissions.demandes.attachments.download.query({
      demandeId,
      attachmentId: up.ids[0]!,
    });
    expect(Buffer.from(file.contentBase64, 'base64').equals(PDF_BYTES)).toBe(true);
    await w.coordination.trpc.commissions.demandes.update.mutate({
      demandeId,
      version: d.version,
      pieces: d.pieces.map((p) => ({
        kind: p.kind,
        status: p.status === 'fournie' ? 'fournie' : 'non_requise',
        attachmentId: p.attachmentId,
        note: p.note,
      })),
    });
    w.h.clock.advance(1000);
    const res = await w.coordination.trpc.commissions.demandes.transition.mutate({ demandeId, action: 'completer' });
    expect(res.state).toBe('complete');
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT state, uc_hundredths, reste_a_vivre_cents, rav_par_unite_mois_cents, rav_par_unite_jour_cents,
        quotient_familial_cents, suggestion, montant_suggere_cents, computed_at IS NOT NULL AS computed
        FROM demande WHERE id = ${demandeId}`,
    );
    expect(row).toEqual({
      state: 'complete',
      uc_hundredths: 160,
      reste_a_vivre_cents: 52_890,
      rav_par_unite_mois_cents: 33_056,
      rav_par_unite_jour_cents: 1_102,
      quotient_familial_cents: 50_297,
      suggestion: 'accord_partiel',
      montant_suggere_cents: 15_000,
      computed: true,
    });
    d = await w.coordination.trpc.commissions.demandes.get.query({ demandeId });
    expect(d.allowedActions).toEqual(['rouvrir_instruction', 'classer_sans_suite']);
    const audit = await auditOf(demandeId);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['demande_attachment.add', 'demande.transition', 'demande.update']),
    );
    const [dl] = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT person_id FROM audit_event WHERE action = 'demande_attachment.download' AND object_id = ${up.ids[0]!}`,
    );
    expect(dl!.person_id).toBe(personId);
  });

  it('refused transitions: twice « complète », the séance’s actions, a motif required', async () => {
    expect(
      await codeOf(w.coordination.trpc.commissions.demandes.transition.mutate({ demandeId, action: 'completer' })),
    ).toBe('CONFLICT');
    const agenda = await failure(
      w.coordination.trpc.commissions.demandes.transition.mutate({ demandeId, action: 'inscrire' }),
    );
    expect(agenda.data?.code).toBe('CONFLICT');
    expect(agenda.message).toBe('L’action « Inscrire à l’ordre du jour » se fait depuis la séance de la commission.');
    for (const action of ['decider', 'decider_urgence', 'notifier', 'verser', 'ratifier', 'retirer'] as const)
      expect(
        await codeOf(w.coordination.trpc.commissions.demandes.transition.mutate({ demandeId, action, motif: 'Motif' })),
      ).toBe('CONFLICT');
    const noMotif = await failure(
      w.coordination.trpc.commissions.demandes.transition.mutate({ demandeId, action: 'rouvrir_instruction' }),
    );
    expect(noMotif.data?.fieldErrors).toEqual({ motif: 'Indiquez le motif.' });
  });

  it('reopened, the figures are computed live again; classée sans suite, it is final and read-only', async () => {
    w.h.clock.advance(1000);
    const back = await w.coordination.trpc.commissions.demandes.transition.mutate({
      demandeId,
      action: 'rouvrir_instruction',
      motif: 'Nouvelle facture à joindre',
    });
    expect(back.state).toBe('en_instruction');
    const d = await w.coordination.trpc.commissions.demandes.get.query({ demandeId });
    expect(d.computedAt).toBeNull();
    expect(d.figures?.resteAVivre.parUniteJourCents).toBe(1_102);
    w.h.clock.advance(1000);
    const closed = await w.coordination.trpc.commissions.demandes.transition.mutate({
      demandeId,
      action: 'classer_sans_suite',
      motif: 'La personne a réglé sa facture',
    });
    expect(closed.state).toBe('cloturee');
    expect(
      await codeOf(w.coordination.trpc.commissions.demandes.update.mutate({ demandeId, objet: 'Autre objet' })),
    ).toBe('CONFLICT');
    expect(
      await codeOf(
        w.coordination.trpc.commissions.demandes.transition.mutate({
          demandeId,
          action: 'rouvrir_instruction',
          motif: 'x',
        }),
      ),
    ).toBe('CONFLICT');
    const events = (await w.coordination.trpc.commissions.demandes.get.query({ demandeId })).events;
    expect(events.map((e) => e.action)).toEqual(['creer', 'completer', 'rouvrir_instruction', 'classer_sans_suite']);
  });
});

describe('who sees a demande', () => {
  let entraideDemande: string;

  beforeAll(async () => {
    const person = await newPerson(w.entraide);
    const r = await w.entraide.trpc.commissions.demandes.create.mutate({
      personId: person,
      commissionTypeId: typeId,
      aidKind: 'colis_alimentaire',
      objet: 'Colis pour la semaine',
      household: [{ relation: 'demandeur', age: 70 }],
    });
    entraideDemande = r.id;
  });

  it('the instructing organisation and the CCAS coordinators see it, and may move it', async () => {
    const d = await w.entraide.trpc.commissions.demandes.get.query({ demandeId: entraideDemande });
    expect(d.instructingOrganisation).toBe('Entraide Lunelloise');
    const c = await w.coordination.trpc.commissions.demandes.get.query({ demandeId: entraideDemande });
    expect(c.allowedActions).toContain('classer_sans_suite');
    const list = await w.coordination.trpc.commissions.demandes.list.query({});
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([entraideDemande, demandeId]));
    const own = await w.entraide.trpc.commissions.demandes.list.query({});
    expect(own.items.map((i) => i.id)).toEqual([entraideDemande]);
  });

  it('volunteers, other partners and commission members get NOT_FOUND (members see it through a séance)', async () => {
    for (const b of [w.volunteer, w.ssiad, w.infirmier, w.commission] as Browser[]) {
      expect(await codeOf(b.trpc.commissions.demandes.get.query({ demandeId: entraideDemande }))).toBe('NOT_FOUND');
      expect(
        await codeOf(b.trpc.commissions.demandes.update.mutate({ demandeId: entraideDemande, objet: 'Piratage' })),
      ).toBe('NOT_FOUND');
      expect(
        await codeOf(
          b.trpc.commissions.demandes.transition.mutate({
            demandeId: entraideDemande,
            action: 'classer_sans_suite',
            motif: 'Piratage',
          }),
        ),
      ).toBe('NOT_FOUND');
    }
    expect(await codeOf(w.entraide.trpc.commissions.demandes.get.query({ demandeId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.commissions.demandes.list.query({}))).toBe('FORBIDDEN');
    const ssiad = await w.ssiad.trpc.commissions.demandes.list.query({});
    expect(ssiad.items).toEqual([]);
    // A partner cannot instruct for a person it does not see.
    expect(await codeOf(w.ssiad.trpc.commissions.demandes.prefill.query({ personId }))).toBe('NOT_FOUND');
  });

  it('the list filters by state, commission and aid kind, and pages', async () => {
    const colis = await w.coordination.trpc.commissions.demandes.list.query({ aidKind: 'colis_alimentaire' });
    expect(colis.items.map((i) => i.id)).toEqual([entraideDemande]);
    const closed = await w.coordination.trpc.commissions.demandes.list.query({ state: 'cloturee' });
    expect(closed.items.map((i) => i.id)).toEqual([demandeId]);
    const byType = await w.coordination.trpc.commissions.demandes.list.query({ commissionTypeId: typeId, limit: 1 });
    expect(byType.items).toHaveLength(1);
    expect(byType.hasMore).toBe(true);
    const page2 = await w.coordination.trpc.commissions.demandes.list.query({
      commissionTypeId: typeId,
      limit: 1,
      offset: 1,
    });
    expect(page2.items[0]!.id).not.toBe(byType.items[0]!.id);
  });
});

describe('validation (French messages)', () => {
  const valid = () => ({
    personId,
    commissionTypeId: typeId,
    aidKind: 'secours_financier' as const,
    objet: 'Secours pour l’alimentation',
    montantDemandeCents: 10_000,
    household: [{ relation: 'demandeur' as const, birthDate: '1990-04-01' }],
  });

  it('names the field to fix', async () => {
    const noHousehold = await failure(
      w.coordination.trpc.commissions.demandes.create.mutate({ ...valid(), household: [] }),
    );
    expect(noHousehold.data?.fieldErrors?.household).toBe('Indiquez la composition du foyer.');
    const noBirth = await failure(
      w.coordination.trpc.commissions.demandes.create.mutate({ ...valid(), household: [{ relation: 'demandeur' }] }),
    );
    expect(noBirth.data?.fieldErrors?.['household.0.birthDate']).toBe(
      'Indiquez la date de naissance (ou à défaut l’âge) : elle sert au calcul des unités de consommation.',
    );
    const amount = await failure(
      w.coordination.trpc.commissions.demandes.create.mutate({ ...valid(), montantDemandeCents: 'beaucoup' }),
    );
    expect(amount.data?.fieldErrors?.montantDemandeCents).toBe(
      'Le montant demandé doit être un montant en euros, par exemple 120,50.',
    );
    const kind = await failure(
      w.coordination.trpc.commissions.demandes.create.mutate({ ...valid(), aidKind: 'micro_credit' }),
    );
    expect(kind.data?.fieldErrors).toEqual({
      aidKind: 'Cette commission ne décide pas ce type d’aide : choisissez-en un autre ou une autre commission.',
    });
    const creditor = await failure(
      w.coordination.trpc.commissions.demandes.create.mutate({ ...valid(), aidKind: 'impaye_energie', creditor: null }),
    );
    expect(creditor.data?.fieldErrors?.creditor).toBe(
      'Indiquez le créancier (bailleur, fournisseur…) : cette aide lui est versée directement.',
    );
  });
});

describe('retention', () => {
  it('a file whose demande was granted an aid (decision in force, signed) is a « dossier d’aide »', async () => {
    const { categoriesOf } = await import('../src/archives/retention.task.ts');
    const person = await newPerson(w.coordination);
    const created = await w.coordination.trpc.commissions.demandes.create.mutate({
      personId: person,
      commissionTypeId: typeId,
      aidKind: 'colis_alimentaire',
      objet: 'Colis',
      household: [{ relation: 'demandeur', age: 50 }],
    });
    const category = () => inTerritory(w.h, async (tx) => (await categoriesOf(tx, [person])).get(person));
    expect(await category()).toBe('suivi');
    await inTerritory(
      w.h,
      (tx) => tx`INSERT INTO decision (territory_id, demande_id, urgence, outcome, decided_at, decided_by_user_id)
        VALUES (${w.h.territoryId}, ${created.id}, true, 'accord', now(), ${users.coordination!})`,
    );
    expect(await category()).toBe('aide');
  });
});

describe('right of access', () => {
  it('the person’s export lists their demandes with the household, lines, pièces and history', async () => {
    const file = await w.coordination.trpc.persons.rights.exportJson.query({ personId });
    const data = JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')) as {
      demandes: { id: string; aidKind: string; lines: unknown[]; household: unknown[]; events: { action: string }[] }[];
    };
    const d = data.demandes.find((x) => x.id === demandeId);
    expect(d).toMatchObject({ aidKind: 'impaye_energie' });
    expect(d!.lines).toHaveLength(6);
    expect(d!.household).toHaveLength(3);
    expect(d!.events.map((e) => e.action)).toContain('classer_sans_suite');
  });
});

describe('from a referral', () => {
  it('the demande keeps the referral it comes from; another person’s referral is refused', async () => {
    const person = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, person, w.services[COLIS_SERVICE]!, ['aide-alimentaire--colis']);
    const p = await w.entraide.trpc.commissions.demandes.prefill.query({ personId: person });
    expect(p.referrals.map((r) => r.id)).toContain(referralId);
    const input = {
      personId: person,
      commissionTypeId: typeId,
      aidKind: 'colis_alimentaire' as const,
      objet: 'Colis à la suite de l’orientation',
      household: [{ relation: 'demandeur' as const, age: 45 }],
    };
    const created = await w.entraide.trpc.commissions.demandes.create.mutate({ ...input, referralId });
    expect((await w.entraide.trpc.commissions.demandes.get.query({ demandeId: created.id })).referralId).toBe(
      referralId,
    );
    const other = await newPerson(w.entraide);
    const wrong = await failure(
      w.entraide.trpc.commissions.demandes.create.mutate({ ...input, personId: other, referralId }),
    );
    expect(wrong.data?.fieldErrors).toEqual({ referralId: 'Cette orientation ne concerne pas cette personne.' });
  });
});
