import type { TransactionSql } from '@ensemblier/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let users: Record<string, string>;
let orgs: Record<string, string>;
let services: Record<string, string>;
let coordinator: Browser;
let personId: string;
let toRouteTask: string;
let now: Date;

const SOINS = 'autonomie-domicile--soins-infirmiers-a-domicile';
const DAY = 86_400_000;
const EMAIL = (local: string) => `${local}@demo.ensemblier.fr`;
const SSIAD = 'SSIAD de l’Étang de l’Or';
const SAAD = 'Aide et Présence à Domicile';
const ENTRAIDE = 'Entraide Lunelloise';
const CIAS = 'CIAS du Pays de Lunel';

/** A sent referral with one task, inserted directly (the referral procedures are not needed here). */
async function insertTask(
  tx: TransactionSql,
  t: {
    person: string;
    sender: string;
    recipient: string;
    toRoute?: boolean;
    state: string;
    sentDaysAgo: number;
    answeredAfterDays?: number;
    refusalReason?: string;
    outcome?: string;
    thematiques?: string[];
  },
): Promise<string> {
  const sentAt = new Date(now.getTime() - t.sentDaysAgo * DAY);
  const answeredAt = t.answeredAfterDays === undefined ? null : new Date(sentAt.getTime() + t.answeredAfterDays * DAY);
  const senderUser = t.sender === orgs[ENTRAIDE] ? users['intervenante.entraide']! : users['evaluatrice.clic']!;
  const [r] = await tx`INSERT INTO referral (territory_id, person_id, sender_organisation_id, sender_user_id,
      thematiques, motif, overall_state, idempotency_key, sent_at)
    VALUES (${h.territoryId}, ${t.person}, ${t.sender}, ${senderUser}, ${t.thematiques ?? [SOINS]}, 'Motif',
      ${t.state}, gen_random_uuid(), ${sentAt})
    RETURNING id`;
  const [task] = await tx`INSERT INTO referral_task (territory_id, referral_id, sender_organisation_id, urgency,
      recipient_organisation_id, to_route, state, sent_at, answered_at, refusal_reason, outcome)
    VALUES (${h.territoryId}, ${r!.id}, ${t.sender}, 'normale', ${t.recipient}, ${t.toRoute ?? false}, ${t.state},
      ${sentAt}, ${answeredAt}, ${t.refusalReason ?? null}, ${t.outcome ?? null})
    RETURNING id`;
  return task!.id as string;
}

beforeAll(async () => {
  h = await setupApi();
  now = h.clock.now();
  const u = await inTerritory(h, (tx) => tx`SELECT id, email FROM app_user`);
  users = Object.fromEntries(u.map((r) => [r.email.split('@')[0], r.id]));
  const o = await inTerritory(h, (tx) => tx`SELECT id, name FROM organisation`);
  orgs = Object.fromEntries(o.map((r) => [r.name, r.id]));

  await inTerritory(h, async (tx) => {
    // A senior living in Lunel, referred by the association to the CIAS « à router ».
    const [p] = await tx`INSERT INTO person (territory_id, nom, prenom, name_key, date_naissance, commune_insee,
        created_by_organisation_id, created_by_user_id)
      VALUES (${h.territoryId}, 'Roux', 'Odette', 'roux odette', '1946-03-02', '34145', ${orgs[ENTRAIDE]!},
        ${users['intervenante.entraide']!})
      RETURNING id`;
    personId = p!.id;
    toRouteTask = await insertTask(tx, {
      person: personId,
      sender: orgs[ENTRAIDE]!,
      recipient: orgs[CIAS]!,
      toRoute: true,
      state: 'envoyee',
      sentDaysAgo: 1,
    });

    // Places at the SSIAD's nursing service; the same nursing care by another partner, with
    // places too, but out of the person's zone (the Gard).
    await tx`UPDATE service SET capacity_status = 'places_disponibles' WHERE nom = 'Soins infirmiers à domicile'`;
    const [far] = await tx`INSERT INTO organisation (territory_id, name, type) VALUES (${h.territoryId},
      'SSIAD du Gard', 'ssiad') RETURNING id`;
    orgs['SSIAD du Gard'] = far!.id;
    await tx`INSERT INTO service (territory_id, organisation_id, nom, thematiques, zone_eligibilite, publics,
        accepts_referrals, capacity_status)
      VALUES (${h.territoryId}, ${far!.id}, 'Soins infirmiers (Gard)', ${[SOINS]}, ${['30']},
        ${['tous-publics']}, true, 'places_disponibles')`;

    // The SSIAD's record over 12 months: answered after 1, 2, 4 (accepted) and 10 days
    // (refused), one still waiting; one older than 12 months does not count.
    const other = { person: personId, sender: orgs['CLIC Est Héraultais']!, recipient: orgs[SSIAD]! };
    await insertTask(tx, { ...other, state: 'acceptee', sentDaysAgo: 30, answeredAfterDays: 1 });
    await insertTask(tx, {
      ...other,
      state: 'terminee',
      outcome: 'aide_apportee',
      sentDaysAgo: 90,
      answeredAfterDays: 2,
    });
    await insertTask(tx, { ...other, state: 'en_cours', sentDaysAgo: 200, answeredAfterDays: 4 });
    await insertTask(tx, {
      ...other,
      state: 'refusee',
      refusalReason: 'pas_de_place',
      sentDaysAgo: 60,
      answeredAfterDays: 10,
    });
    await insertTask(tx, { ...other, state: 'envoyee', sentDaysAgo: 3 });
    await insertTask(tx, {
      ...other,
      state: 'refusee',
      refusalReason: 'hors_zone',
      sentDaysAgo: 400,
      answeredAfterDays: 30,
    });
    // The SAAD refused once, and the CCAS then reoriented that task: still a refusal.
    await insertTask(tx, {
      ...other,
      recipient: orgs[SAAD]!,
      state: 'terminee',
      outcome: 'reorientee',
      refusalReason: 'hors_zone',
      sentDaysAgo: 20,
      answeredAfterDays: 0.5,
    });
  });
  const s = await inTerritory(h, (tx) => tx`SELECT id, nom FROM service`);
  services = Object.fromEntries(s.map((r) => [r.nom, r.id]));
  coordinator = await h.as(EMAIL('coordination'));
});
afterAll(() => h.close());

describe('routing suggestions', () => {
  it('ranks exact thématique + zone + places first, another category out of zone lower', async () => {
    const list = await coordinator.trpc.referrals.suggestions.query({ taskId: toRouteTask });
    expect(list.length).toBeGreaterThan(3);
    expect(list.length).toBeLessThanOrEqual(10);
    const first = list[0]!;
    expect(first).toMatchObject({
      serviceId: services['Soins infirmiers à domicile'],
      serviceName: 'Soins infirmiers à domicile',
      organisationId: orgs[SSIAD],
      organisationName: SSIAD,
      thematiqueMatch: 'exacte',
      inZone: true,
      capacityStatus: 'places_disponibles',
    });
    expect(first.reasons).toEqual(
      expect.arrayContaining([
        'Thématique identique',
        'Commune dans la zone',
        'Places disponibles',
        'Public : Séniors',
      ]),
    );
    // Scores never increase down the list.
    for (let i = 1; i < list.length; i++) expect(list[i]!.score).toBeLessThanOrEqual(list[i - 1]!.score);

    // The same thématique but complet ranks below; the same category (home help) below that.
    const index = (nom: string) => list.findIndex((x) => x.serviceName === nom);
    const alzheimer = index('Équipe spécialisée Alzheimer à domicile');
    expect(alzheimer).toBeGreaterThan(0);
    expect(list[alzheimer]).toMatchObject({ thematiqueMatch: 'exacte', capacityStatus: 'complet', inZone: true });
    const menage = index('Aide à domicile : ménage, courses, toilette');
    expect(list[menage]).toMatchObject({ thematiqueMatch: 'categorie', inZone: true });
    const far = index('Soins infirmiers (Gard)');
    expect(list[far]).toMatchObject({ thematiqueMatch: 'exacte', inZone: false, capacityStatus: 'places_disponibles' });
    expect(list[far]!.reasons).toContain('Commune hors zone');
    expect(far).toBeGreaterThan(alzheimer); // out of zone weighs more than « complet »
    expect(menage).toBeGreaterThan(alzheimer);
    expect(first.score).toBeGreaterThan(list[menage]!.score);
    // Another thématique altogether comes after the same family.
    const other = list.findIndex((x) => x.thematiqueMatch === 'aucune');
    expect(other).toBeGreaterThan(menage);

    // Never the sender, nor the CCAS « à router » itself, nor a service that takes no referral.
    expect(list.some((x) => x.organisationId === orgs[ENTRAIDE])).toBe(false);
    expect(list.some((x) => x.organisationId === orgs[CIAS])).toBe(false);
    expect(list.some((x) => x.serviceName === 'Rendez-vous des droits')).toBe(false);
  });

  it('computes the partner’s record from past referrals over 12 months', async () => {
    const list = await coordinator.trpc.referrals.suggestions.query({ taskId: toRouteTask });
    const ssiad = list.find((x) => x.serviceName === 'Soins infirmiers à domicile')!;
    // 5 sent in 12 months; 4 answered, 3 accepted; median of 1, 2, 4 and 10 days = 3.
    expect(ssiad.pastReferrals).toBe(5);
    expect(ssiad.acceptanceRate).toBe(0.75);
    expect(ssiad.medianResponseDays).toBe(3);
    expect(ssiad.reasons).toContain('75\u00a0% d’acceptation, réponse en 3\u00a0j en médiane');
    // The same record for both services of the organisation.
    const alzheimer = list.find((x) => x.serviceName === 'Équipe spécialisée Alzheimer à domicile')!;
    expect(alzheimer).toMatchObject({ pastReferrals: 5, acceptanceRate: 0.75, medianResponseDays: 3 });

    // A refusal later reoriented by the CCAS remains a refusal.
    const saad = list.find((x) => x.serviceName === 'Aide à domicile : ménage, courses, toilette')!;
    expect(saad).toMatchObject({ pastReferrals: 1, acceptanceRate: 0, medianResponseDays: 0.5 });
    expect(saad.reasons).toContain('0\u00a0% d’acceptation, réponse en moins d’un jour en médiane');

    // No referral received: no figures.
    const clic = list.find((x) => x.organisationName === 'CLIC Est Héraultais');
    expect(clic).toMatchObject({ pastReferrals: 0, acceptanceRate: null, medianResponseDays: null });
  });

  it('audits the read (it uses the person’s commune and age)', async () => {
    const rows = await inTerritory(
      h,
      (tx) => tx`SELECT object_type, object_id, person_id, user_id FROM audit_event
        WHERE action = 'referral.suggestions' ORDER BY seq`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]).toEqual({
      object_type: 'referral_task',
      object_id: toRouteTask,
      person_id: personId,
      user_id: users.coordination,
    });
  });

  it('leaves out the organisations the person objected to', async () => {
    await inTerritory(h, async (tx) => {
      const [e] = await tx`INSERT INTO consent_event (territory_id, person_id, kind, mode, occurred_on,
          recorded_by_user_id, recorded_by_organisation_id)
        VALUES (${h.territoryId}, ${personId}, 'objection', 'oral', ${now.toISOString().slice(0, 10)},
          ${users.coordination!}, ${orgs[CIAS]!})
        RETURNING id`;
      await tx`INSERT INTO consent_event_organisation (territory_id, consent_event_id, organisation_id)
        VALUES (${h.territoryId}, ${e!.id}, ${orgs[SSIAD]!})`;
    });
    const list = await coordinator.trpc.referrals.suggestions.query({ taskId: toRouteTask });
    expect(list.some((x) => x.organisationId === orgs[SSIAD])).toBe(false);
    expect(list[0]!.organisationId).not.toBe(orgs[SSIAD]);
    expect(list.some((x) => x.organisationId === orgs[SAAD])).toBe(true);
  });

  it('coordinators only: a sender gets FORBIDDEN, anyone without a relation NOT_FOUND', async () => {
    const sender = await h.as(EMAIL('responsable.entraide')); // a member of the sending organisation
    expect(await codeOf(sender.trpc.referrals.suggestions.query({ taskId: toRouteTask }))).toBe('FORBIDDEN');
    for (const email of ['infirmier.ssiad', 'responsable.ssiad', 'benevole', 'commission']) {
      const b = await h.as(EMAIL(email));
      expect(await codeOf(b.trpc.referrals.suggestions.query({ taskId: toRouteTask }))).toBe('NOT_FOUND');
    }
    expect(
      await codeOf(coordinator.trpc.referrals.suggestions.query({ taskId: '00000000-0000-4000-8000-000000000000' })),
    ).toBe('NOT_FOUND');
  });

  it('a task already answered cannot be routed any more', async () => {
    const accepted = await inTerritory(h, (tx) =>
      insertTask(tx, {
        person: personId,
        sender: orgs[ENTRAIDE]!,
        recipient: orgs[CIAS]!,
        toRoute: true,
        state: 'acceptee',
        sentDaysAgo: 2,
        answeredAfterDays: 1,
      }),
    );
    expect(await codeOf(coordinator.trpc.referrals.suggestions.query({ taskId: accepted }))).toBe('CONFLICT');
  });
});
