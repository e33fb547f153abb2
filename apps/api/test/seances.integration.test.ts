import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory, type Browser, type Harness } from './harness.ts';
import { pdfText } from './pdf-text.ts';
import { newPerson, setupWorld, type World } from './referrals-helpers.ts';

/**
 * Séances (issue 6): the quorum gate, two signatures and the immutability of a signed decision,
 * the envelope consumed atomically (50 concurrent signatures, room for 10), the procès-verbal and
 * letters as PDFs, presentation mode without identities.
 */

let w: World;
let h: Harness;
let coordination: Browser; // coordinator, secrétaire of the commission
let president: Browser; // commission@: présidente
let signataire: Browser; // responsable.entraide: signataire
let users: Record<string, string>;
let typeId: string;
let year: number;

const DEMO = (u: string) => `${u}@demo.ensemblier.fr`;

async function userIds() {
  const rows = await inTerritory(h, (tx) => tx`SELECT id, email FROM app_user`);
  return Object.fromEntries(rows.map((r) => [String(r.email).split('@')[0], r.id as string]));
}

/** A commission type with three voting members (quorum: 2), and a yearly envelope for secours financier. */
async function commissionType(name: string, budgetCents: number): Promise<string> {
  return inTerritory(h, async (tx) => {
    const [t] = await tx`
      INSERT INTO commission_type (territory_id, name, aid_kinds, quorum, bareme, created_by_user_id, updated_by_user_id)
      VALUES (${h.territoryId}, ${name}, '{secours_financier,colis_alimentaire}',
        ${tx.json({ kind: 'majorite', pouvoirsComptent: false })}, ${tx.json({})}, ${users.coordination!},
        ${users.coordination!})
      RETURNING id`;
    const members: [string, boolean, string[]][] = [
      ['coordination', true, ['secretaire']],
      ['commission', true, ['president']],
      ['responsable.entraide', true, ['signataire']],
    ];
    for (const [u, voting, caps] of members)
      await tx`INSERT INTO commission_member (territory_id, commission_type_id, user_id, voting, capacities)
        VALUES (${h.territoryId}, ${t!.id}, ${users[u]!}, ${voting}, ${caps})`;
    await tx`INSERT INTO commission_envelope (territory_id, commission_type_id, aid_kind, year, budget_cents)
      VALUES (${h.territoryId}, ${t!.id}, 'secours_financier', ${year}, ${budgetCents})`;
    return t!.id as string;
  });
}

let seq = 0;
/** A complete demande (figures computed) for a new person. */
async function demande(
  ctid: string,
  personId: string,
  options: { amount?: number; state?: string; synthese?: string } = {},
): Promise<string> {
  seq += 1;
  return inTerritory(h, async (tx) => {
    const [org] = await tx`SELECT organisation_id FROM membership WHERE user_id = ${users.coordination!} LIMIT 1`;
    const [d] = await tx`
      INSERT INTO demande (territory_id, numero, person_id, commission_type_id, aid_kind, objet, montant_demande_cents,
        state, deposee_le, instructing_organisation_id, instructing_user_id, computed_at, uc_hundredths,
        rav_par_unite_mois_cents, rav_par_unite_jour_cents, suggestion, montant_suggere_cents, synthese_seance,
        created_by_user_id, updated_by_user_id)
      VALUES (${h.territoryId}, ${`${year}-9${String(seq).padStart(4, '0')}`}, ${personId}, ${ctid}, 'secours_financier',
        'Facture d’énergie en retard', ${options.amount ?? 30000}, ${options.state ?? 'complete'},
        ${`${year}-01-15`}, ${org!.organisation_id}, ${users.coordination!}, now(), 160, 33056, 1102, 'accord_partiel',
        15000, ${options.synthese ?? 'Famille monoparentale, deux enfants, dette d’énergie après une baisse de revenus.'},
        ${users.coordination!}, ${users.coordination!})
      RETURNING id`;
    await tx`INSERT INTO demande_household_member (territory_id, demande_id, position, relation, prenom, nom, birth_date)
      VALUES (${h.territoryId}, ${d!.id}, 0, 'demandeur', 'X', 'Y', '1985-03-04')`;
    return d!.id as string;
  });
}

beforeAll(async () => {
  w = await setupWorld();
  h = w.h;
  coordination = w.coordination;
  president = w.commission;
  signataire = w.entraide;
  users = await userIds();
  year = h.clock.now().getFullYear();
  typeId = await commissionType('Commission des aides facultatives (test)', 1_000_000);
});
afterAll(() => h.close());

async function seanceWithAgenda(demandeIds: string[]) {
  const { id } = await coordination.trpc.commissions.seances.create.mutate({
    commissionTypeId: typeId,
    date: `${year}-12-10`,
    heure: '14:30',
    lieu: 'Salle du conseil',
  });
  await coordination.trpc.commissions.seances.addToAgenda.mutate({ seanceId: id, demandeIds });
  return id;
}

const present = (seanceId: string, who: string[]) =>
  coordination.trpc.commissions.seances.attendance.mutate({
    seanceId,
    entries: ['coordination', 'commission', 'responsable.entraide'].map((u) => ({
      userId: users[u]!,
      status: who.includes(u) ? ('present' as const) : ('excuse' as const),
    })),
  });

describe('séance: agenda, convocation, quorum', () => {
  it('builds the agenda from complete demandes, convenes by mail without person data, and records no decision without quorum', async () => {
    const personId = await newPerson(coordination, { nom: 'Quorumsky', prenom: 'Albertine' });
    const d1 = await demande(typeId, personId);
    const seanceId = await seanceWithAgenda([d1]);
    const [state] = await inTerritory(h, (tx) => tx`SELECT state FROM demande WHERE id = ${d1}`);
    expect(state!.state).toBe('inscrite');
    // A demande still in instruction cannot be put on the agenda (shared machine).
    const d0 = await demande(typeId, personId, { state: 'en_instruction' });
    expect(await codeOf(coordination.trpc.commissions.seances.addToAgenda.mutate({ seanceId, demandeIds: [d0] }))).toBe(
      'CONFLICT',
    );

    await coordination.trpc.commissions.seances.convene.mutate({ seanceId });
    const mails = await inTerritory(
      h,
      (tx) => tx`SELECT to_address, text_body FROM outbox_mail WHERE subject LIKE 'Convocation%'`,
    );
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      [DEMO('commission'), DEMO('coordination'), DEMO('responsable.entraide')].sort(),
    );
    for (const m of mails) {
      expect(m.text_body).toContain('Secours financier');
      expect(m.text_body).not.toContain('Quorumsky');
      expect(m.text_body).not.toContain('Albertine');
    }

    const decision = {
      demandeId: d1,
      seanceId,
      outcome: 'refus' as const,
      motive: 'Ressources au-dessus du barème',
    };
    // Not open yet.
    expect(await codeOf(coordination.trpc.commissions.decisions.record.mutate(decision))).toBe('CONFLICT');
    await coordination.trpc.commissions.seances.transition.mutate({ seanceId, action: 'ouvrir' });
    // One voting member present out of three: no quorum (2 required).
    const q = await present(seanceId, ['coordination']);
    expect(q).toMatchObject({ presentsVotants: 1, requis: 2, atteint: false });
    const refused = await failure(coordination.trpc.commissions.decisions.record.mutate(decision));
    expect(refused.data?.code).toBe('CONFLICT');
    expect(refused.message).toContain('quorum n’est pas atteint');
    const none = await inTerritory(h, (tx) => tx`SELECT count(*)::int AS n FROM decision WHERE demande_id = ${d1}`);
    expect(none[0]!.n).toBe(0);
    // With two present the decision is recorded; the quorum shown live.
    expect(await present(seanceId, ['coordination', 'commission'])).toMatchObject({ atteint: true, comptes: 2 });
    await coordination.trpc.commissions.decisions.record.mutate(decision);
    const view = await coordination.trpc.commissions.seances.get.query({ seanceId });
    expect(view.quorum.atteint).toBe(true);
    expect(view.agenda[0]!.state).toBe('decidee');
    expect(view.agenda[0]!.decisions[0]!.motive).toBe('Ressources au-dessus du barème');
    // A partner outside the commission does not see the séance.
    expect(await codeOf(w.ssiad.trpc.commissions.seances.get.query({ seanceId }))).toBe('NOT_FOUND');
  });

  it('an adjourned demande returns to a later agenda', async () => {
    const personId = await newPerson(coordination);
    const d = await demande(typeId, personId);
    const s1 = await seanceWithAgenda([d]);
    await coordination.trpc.commissions.seances.transition.mutate({ seanceId: s1, action: 'ouvrir' });
    await present(s1, ['coordination', 'commission']);
    await coordination.trpc.commissions.decisions.record.mutate({
      demandeId: d,
      seanceId: s1,
      outcome: 'ajournee',
      motive: 'Avis d’imposition manquant',
    });
    await coordination.trpc.commissions.seances.transition.mutate({ seanceId: s1, action: 'clore' });
    const s2 = await seanceWithAgenda([d]);
    const view = await coordination.trpc.commissions.seances.get.query({ seanceId: s2 });
    expect(view.agenda.map((a) => a.demandeId)).toEqual([d]);
    expect(view.agenda[0]!.state).toBe('inscrite');
  });
});

describe('urgent secours', () => {
  it('is decided outside a séance by an authorised person, then ratified by the next séance with its quorum', async () => {
    const personId = await newPerson(coordination);
    const d = await demande(typeId, personId, { amount: 8000 });
    const urgent = {
      demandeId: d,
      outcome: 'accord' as const,
      amountGrantedCents: 8000,
      form: 'personne' as const,
      motive: 'Coupure d’électricité imminente',
    };
    // The coordinator (secrétaire) is not authorised to decide in urgency; the présidente is.
    expect(await codeOf(coordination.trpc.commissions.decisions.urgent.mutate(urgent))).toBe('CONFLICT');
    const { id } = await president.trpc.commissions.decisions.urgent.mutate(urgent);
    const [row] = await inTerritory(h, (tx) => tx`SELECT state FROM demande WHERE id = ${d}`);
    expect(row!.state).toBe('decidee_urgence');

    const seanceId = await seanceWithAgenda([d]);
    const view = await coordination.trpc.commissions.seances.get.query({ seanceId });
    expect(view.agenda[0]!.purpose).toBe('ratification');
    // Not before the séance is open with its quorum.
    expect(await codeOf(coordination.trpc.commissions.decisions.ratify.mutate({ seanceId, decisionId: id }))).toBe(
      'CONFLICT',
    );
    await coordination.trpc.commissions.seances.transition.mutate({ seanceId, action: 'ouvrir' });
    await present(seanceId, ['coordination', 'commission']);
    await coordination.trpc.commissions.decisions.ratify.mutate({ seanceId, decisionId: id });
    const [after] = await inTerritory(
      h,
      (tx) => tx`SELECT d.state, x.ratified_seance_id FROM demande d JOIN decision x ON x.demande_id = d.id
        WHERE d.id = ${d}`,
    );
    expect(after).toEqual({ state: 'decidee', ratified_seance_id: seanceId });
    expect(await codeOf(coordination.trpc.commissions.decisions.ratify.mutate({ seanceId, decisionId: id }))).toBe(
      'CONFLICT',
    );
  });
});

describe('two signatures', () => {
  it('one person cannot sign twice, a signed decision cannot be edited, the second signature consumes the envelope', async () => {
    const personId = await newPerson(coordination);
    const d = await demande(typeId, personId, { amount: 40000 });
    const seanceId = await seanceWithAgenda([d]);
    await coordination.trpc.commissions.seances.transition.mutate({ seanceId, action: 'ouvrir' });
    await present(seanceId, ['coordination', 'commission', 'responsable.entraide']);
    const input = {
      demandeId: d,
      seanceId,
      outcome: 'accord_partiel' as const,
      amountGrantedCents: 25000,
      form: 'tiers' as const,
      creditorName: 'EDF',
      motive: 'Participation de la famille à hauteur du reste',
      votes: [
        { voterUserId: users.coordination!, choice: 'pour' as const },
        { voterUserId: users.commission!, choice: 'pour' as const },
        { voterUserId: users['responsable.entraide']!, choice: 'abstention' as const },
      ],
    };
    const { id } = await coordination.trpc.commissions.decisions.record.mutate(input);
    const envelopeBefore = await inTerritory(
      h,
      (tx) => tx`SELECT consumed_cents FROM commission_envelope WHERE commission_type_id = ${typeId}`,
    );
    // Editable before its first signature.
    await coordination.trpc.commissions.decisions.update.mutate({
      ...input,
      decisionId: id,
      amountGrantedCents: 20000,
    });
    expect(await president.trpc.commissions.decisions.sign.mutate({ decisionId: id })).toEqual({
      position: 1,
      complete: false,
    });
    const twice = await failure(president.trpc.commissions.decisions.sign.mutate({ decisionId: id }));
    expect(twice.data?.code).toBe('CONFLICT');
    expect(twice.message).toContain('déjà signé');
    // The database refuses it too (UNIQUE decision, signer).
    await expect(
      inTerritory(
        h,
        (
          tx,
        ) => tx`INSERT INTO decision_signature (territory_id, demande_id, decision_id, signer_user_id, position, signed_at)
          VALUES (${h.territoryId}, ${d}, ${id}, ${users.commission!}, 2, now())`,
      ),
    ).rejects.toThrow(/duplicate key/);
    // The database refuses an edit of a signed decision too (migration 0020).
    await expect(
      inTerritory(h, (tx) => tx`UPDATE decision SET amount_granted_cents = 10000 WHERE id = ${id}`),
    ).rejects.toThrow(/is signed/);
    const locked = await failure(
      coordination.trpc.commissions.decisions.update.mutate({ ...input, decisionId: id, amountGrantedCents: 10000 }),
    );
    expect(locked.data?.code).toBe('CONFLICT');
    expect(locked.message).toContain('ne peut plus être modifiée');
    // A person without a signing capacity cannot sign (a partner outside: NOT_FOUND).
    expect(await codeOf(w.ssiad.trpc.commissions.decisions.sign.mutate({ decisionId: id }))).toBe('NOT_FOUND');

    expect(await signataire.trpc.commissions.decisions.sign.mutate({ decisionId: id })).toEqual({
      position: 2,
      complete: true,
    });
    expect(await codeOf(coordination.trpc.commissions.decisions.sign.mutate({ decisionId: id }))).toBe('CONFLICT');
    const [env] = await inTerritory(
      h,
      (tx) => tx`SELECT consumed_cents FROM commission_envelope WHERE commission_type_id = ${typeId}`,
    );
    expect(env!.consumed_cents - envelopeBefore[0]!.consumed_cents).toBe(20000);
    const [row] = await inTerritory(
      h,
      (tx) => tx`SELECT amount_granted_cents, signed_at FROM decision WHERE id = ${id}`,
    );
    expect(row!.amount_granted_cents).toBe(20000);
    expect(row!.signed_at).not.toBeNull();
    // The decision in the person's timeline, for the follow-up group.
    const timeline = await inTerritory(
      h,
      (tx) =>
        tx`SELECT type, visibility, title FROM timeline_entry WHERE person_id = ${personId} AND type = 'decision_commission'`,
    );
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ visibility: 'groupe' });
    expect(timeline[0]!.title).toContain('Accord partiel');
    // A correction is a new decision referencing it.
    const { id: correction } = await coordination.trpc.commissions.decisions.record.mutate({
      ...input,
      amountGrantedCents: 22000,
      motive: 'Erreur de saisie du montant',
      correctsDecisionId: id,
    });
    const [c] = await inTerritory(h, (tx) => tx`SELECT corrects_decision_id FROM decision WHERE id = ${correction}`);
    expect(c!.corrects_decision_id).toBe(id);
  });

  it('50 concurrent second signatures against an envelope with room for 10 grants: exactly 10 succeed', async () => {
    const amount = 10_000;
    const ctid = await commissionType('Commission concurrence (test)', 10 * amount);
    const personId = await newPerson(coordination);
    const seanceId = (
      await coordination.trpc.commissions.seances.create.mutate({
        commissionTypeId: ctid,
        date: `${year}-12-11`,
        heure: '10:00',
        lieu: 'Mairie',
      })
    ).id;
    const decisionIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const d = await demande(ctid, personId, { amount, state: 'decidee' });
      const id = await inTerritory(h, async (tx) => {
        const [dec] = await tx`
          INSERT INTO decision (territory_id, demande_id, seance_id, outcome, amount_granted_cents, form, required_signatures,
            decided_at, decided_by_user_id)
          VALUES (${h.territoryId}, ${d}, ${seanceId}, 'accord', ${amount}, 'personne', 2, now(), ${users.coordination!})
          RETURNING id`;
        await tx`INSERT INTO decision_signature (territory_id, demande_id, decision_id, signer_user_id, position, capacity,
          signed_at) VALUES (${h.territoryId}, ${d}, ${dec!.id}, ${users.commission!}, 1, 'president', now())`;
        return dec!.id as string;
      });
      decisionIds.push(id);
    }
    await inTerritory(
      h,
      (tx) => tx`INSERT INTO seance_member (territory_id, seance_id, user_id, voting, capacities)
      SELECT territory_id, ${seanceId}, user_id, voting, capacities FROM commission_member WHERE commission_type_id = ${ctid}
      ON CONFLICT DO NOTHING`,
    );
    // Five browsers of the signataire, ten requests each, all at once: each request is one transaction.
    const browsers = await Promise.all(Array.from({ length: 5 }, () => h.as(DEMO('responsable.entraide'))));
    const results = await Promise.allSettled(
      decisionIds.map((decisionId, i) => browsers[i % 5]!.trpc.commissions.decisions.sign.mutate({ decisionId })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) expect(String((r.reason as Error).message)).toContain('ne suffit plus');
    const [env] = await inTerritory(
      h,
      (tx) => tx`SELECT budget_cents, consumed_cents FROM commission_envelope WHERE commission_type_id = ${ctid}`,
    );
    expect(env).toMatchObject({ budget_cents: 10 * amount, consumed_cents: 10 * amount });
    const [counts] = await inTerritory(
      h,
      (
        tx,
      ) => tx`SELECT (SELECT count(*)::int FROM envelope_movement m JOIN commission_envelope e ON e.id = m.envelope_id
          WHERE e.commission_type_id = ${ctid}) AS movements,
        (SELECT count(*)::int FROM decision_signature WHERE decision_id = ANY(${decisionIds}::uuid[]) AND position = 2) AS second`,
    );
    expect(counts).toEqual({ movements: 10, second: 10 });
  }, 120_000);
});

describe('outputs and presentation mode', () => {
  it('the PV and the letters are PDFs with each decision and motive; presentation mode shows no identity', async () => {
    const a = await newPerson(coordination, {
      nom: 'Zéphirin',
      prenom: 'Octavie',
      dateNaissance: '1979-06-21',
      adresse: '12 rue des Capucines',
    });
    const b = await newPerson(coordination, { nom: 'Barnabé', prenom: 'Léontine', dateNaissance: '1962-02-03' });
    const da = await demande(typeId, a, {
      amount: 20000,
      synthese: 'Octavie Zéphirin, née le 21/06/1979, vit au 12 rue des Capucines avec ses enfants.',
    });
    const db = await demande(typeId, b, { amount: 50000 });
    const seanceId = await seanceWithAgenda([da, db]);

    // Presentation mode (the default): no name, birth date or address anywhere in what the page receives.
    const shown = JSON.stringify(await coordination.trpc.commissions.seances.get.query({ seanceId }));
    for (const secret of [
      'Zéphirin',
      'Octavie',
      'Barnabé',
      'Léontine',
      '1979-06-21',
      '21/06/1979',
      '1962-02-03',
      'Capucines',
    ])
      expect(shown).not.toContain(secret);
    expect(shown).toContain('O. Z.');
    // Names only on request (audited per person).
    const full = await coordination.trpc.commissions.seances.get.query({ seanceId, presentation: false });
    expect(full.agenda.map((x) => x.identity?.nom).sort()).toEqual(['Barnabé', 'Zéphirin']);

    await coordination.trpc.commissions.seances.transition.mutate({ seanceId, action: 'ouvrir' });
    await present(seanceId, ['coordination', 'commission', 'responsable.entraide']);
    const { id: accord } = await coordination.trpc.commissions.decisions.record.mutate({
      demandeId: da,
      seanceId,
      outcome: 'accord',
      amountGrantedCents: 20000,
      form: 'tiers',
      creditorName: 'Bailleur Hérault Habitat',
    });
    const { id: refus } = await coordination.trpc.commissions.decisions.record.mutate({
      demandeId: db,
      seanceId,
      outcome: 'refus',
      motive: 'Une aide du FSL est mieux adaptée',
    });
    await president.trpc.commissions.decisions.sign.mutate({ decisionId: accord });
    await coordination.trpc.commissions.decisions.sign.mutate({ decisionId: accord });
    await coordination.trpc.commissions.seances.transition.mutate({ seanceId, action: 'clore' });

    const pv = await coordination.trpc.commissions.outputs.procesVerbal.query({ seanceId });
    const pvText = await pdfText(Buffer.from(pv.contentBase64, 'base64'));
    expect(pvText.title).toBe('Procès-verbal de séance');
    expect(pvText.text).toContain('Le quorum est atteint.');
    expect(pvText.text).toContain('Hélène Membre de commission');
    expect(pvText.text).toContain('Accord, 200,00');
    expect(pvText.text).toContain('Bailleur Hérault Habitat');
    expect(pvText.text).toContain('Refus');
    expect(pvText.text).toContain('Une aide du FSL est mieux adaptée');
    expect(pvText.text).not.toContain('Zéphirin');
    const [stored] = await inTerritory(
      h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM commission_document WHERE seance_id = ${seanceId} AND kind = 'proces_verbal'`,
    );
    expect(stored!.n).toBe(1);

    await coordination.trpc.commissions.decisions.notify.mutate({ decisionId: refus });
    const letter = await coordination.trpc.commissions.outputs.letter.query({ decisionId: refus });
    const lt = await pdfText(Buffer.from(letter.contentBase64, 'base64'));
    expect(lt.text).toContain('Léontine BARNABÉ');
    expect(lt.text).toContain('Refus');
    expect(lt.text).toContain('Une aide du FSL est mieux adaptée');
    expect(lt.text).toContain('recours gracieux');
    expect(lt.text).toContain('tribunal administratif');
    const accordLetter = await pdfText(
      Buffer.from(
        (await coordination.trpc.commissions.outputs.letter.query({ decisionId: accord })).contentBase64,
        'base64',
      ),
    );
    expect(accordLetter.text).toContain('Accord');
    expect(accordLetter.text).toContain('200,00');
    expect(accordLetter.text).toContain('Bailleur Hérault Habitat');

    // Payments log and envelope consumption.
    await coordination.trpc.commissions.decisions.notify.mutate({ decisionId: accord });
    await coordination.trpc.commissions.decisions.pay.mutate({
      demandeId: da,
      paidOn: `${year}-12-15`,
      amountCents: 20000,
      payee: 'tiers',
      payeeName: 'Bailleur Hérault Habitat',
    });
    const log = await coordination.trpc.commissions.outputs.payments.query({ year });
    expect(log.payments.find((p) => p.amountCents === 20000)?.payeeName).toBe('Bailleur Hérault Habitat');
    expect(
      log.envelopes.find((e) => e.commissionName === 'Commission des aides facultatives (test)')?.consumedCents,
    ).toBeGreaterThanOrEqual(20000);

    // Statistics of the test's commission (the demo's have demandes of their own).
    const stats = await coordination.trpc.commissions.stats.summary.query({ year, commissionTypeId: typeId });
    expect(stats.byDecision.find((g) => g.key === 'refus')?.demandes).toBeGreaterThanOrEqual(1);
    expect(stats.resteAVivre.moyenneJourCents).toBe(1102);
    // Every demande of the test was filed on 15 January and decided today (Paris): the delay in days.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(h.clock.now());
    const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${year}-01-15T00:00:00Z`)) / 86_400_000);
    expect(stats.delais).toMatchObject({ moyenneJours: days, medianeJours: days, maxJours: days });
    expect(stats.byMonth.map((m) => m.key)).toEqual([1]);
    const csv = await coordination.trpc.commissions.stats.export.query({ year, format: 'csv' });
    expect(Buffer.from(csv.contentBase64, 'base64').toString('utf8')).toContain('Secours financier');
  });
});
