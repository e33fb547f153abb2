import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory } from './harness.ts';
import {
  CIAS_ORG,
  COLIS_SERVICE,
  consentNow,
  ENTRAIDE_ORG,
  newPerson,
  SAAD_SERVICE,
  sendReferral,
  setupWorld,
  SSIAD_ORG,
  SSIAD_SERVICE,
  type World,
} from './referrals-helpers.ts';

let w: World;
beforeAll(async () => {
  w = await setupWorld();
});
afterAll(() => w.h.close());

const base = (personId: string, serviceId: string) => ({
  idempotencyKey: randomUUID(),
  personId,
  recipients: [{ kind: 'service' as const, serviceId }],
  thematiques: ['autonomie-domicile--soins-infirmiers-a-domicile'],
  motif: 'Sortie d’hôpital, besoin de soins',
});

describe('sending requires information or consent', () => {
  it('refuses a referral without a consent event, sends it with one', async () => {
    const personId = await newPerson(w.entraide);
    const input = base(personId, w.services[SSIAD_SERVICE]!);
    const err = await failure(w.entraide.trpc.referrals.create.mutate(input));
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.data?.fieldErrors?.consent).toMatch(/Enregistrez l’information de la personne/);
    const [none] = await inTerritory(w.h, (tx) => tx`SELECT count(*)::int AS n FROM referral`);
    expect(none!.n).toBe(0);

    // A consent covering another organisation, or another thématique category, is not enough.
    await w.entraide.trpc.persons.recordConsent.mutate({
      personId,
      kind: 'consentement',
      mode: 'oral',
      occurredOn: '2026-01-02',
      organisationIds: [w.orgs[SSIAD_ORG]!],
      thematiqueCategories: ['aide-alimentaire'],
    });
    expect(await codeOf(w.entraide.trpc.referrals.create.mutate(input))).toBe('BAD_REQUEST');

    // An earlier event covering the SSIAD for this category allows it.
    const { id: eventId } = await w.entraide.trpc.persons.recordConsent.mutate({
      personId,
      kind: 'information',
      mode: 'telephone',
      occurredOn: '2026-01-03',
      organisationIds: [w.orgs[SSIAD_ORG]!],
      thematiqueCategories: ['autonomie-domicile'],
    });
    const { id } = await w.entraide.trpc.referrals.create.mutate(input);
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT consent_event_id, overall_state FROM referral WHERE id = ${id}`,
    );
    expect(row).toEqual({ consent_event_id: eventId, overall_state: 'envoyee' });
  });

  it('records a consent given in the form, scoped to the recipients and thématiques', async () => {
    const personId = await newPerson(w.entraide);
    const { id } = await w.entraide.trpc.referrals.create.mutate({
      ...base(personId, w.services[SSIAD_SERVICE]!),
      consent: consentNow,
    });
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT ce.kind, ce.mode, ce.all_organisations, ce.thematique_categories,
        array(SELECT organisation_id FROM consent_event_organisation WHERE consent_event_id = ce.id) AS orgs
        FROM referral r JOIN consent_event ce ON ce.id = r.consent_event_id WHERE r.id = ${id}`,
    );
    expect(row).toEqual({
      kind: 'consentement',
      mode: 'oral',
      all_organisations: false,
      thematique_categories: ['autonomie-domicile'],
      orgs: [w.orgs[SSIAD_ORG]],
    });
    // Tasks, events, notification of the recipient organisation.
    const tasks = await inTerritory(
      w.h,
      (tx) => tx`SELECT state, sent_at IS NOT NULL AS sent FROM referral_task WHERE referral_id = ${id}`,
    );
    expect(tasks).toEqual([{ state: 'envoyee', sent: true }]);
    const notes = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT u.email, n.kind FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.referral_id = ${id} ORDER BY u.email`,
    );
    expect(notes).toEqual([
      { email: 'infirmier.ssiad@demo.ensemblier.fr', kind: 'referral_received' },
      { email: 'responsable.ssiad@demo.ensemblier.fr', kind: 'referral_received' },
    ]);
  });
});

describe('an objection blocks and revokes', () => {
  it('blocks new referrals to the objected organisation and ends its access to the person', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, [
      'autonomie-domicile--soins-infirmiers-a-domicile',
    ]);
    // The SSIAD sees the person through the referral…
    expect((await w.ssiad.trpc.persons.get.query({ personId })).person.id).toBe(personId);
    const before = await w.ssiad.trpc.referrals.get.query({ referralId });
    expect(before.person.objection).toBe(false);
    expect(before.person.fields.nom).toBeTruthy();

    await w.entraide.trpc.persons.recordConsent.mutate({
      personId,
      kind: 'objection',
      mode: 'ecrit',
      occurredOn: '2026-01-04',
      organisationIds: [w.orgs[SSIAD_ORG]!],
    });
    // …no longer: the file is NOT_FOUND, the referral page shows no person field.
    expect(await codeOf(w.ssiad.trpc.persons.get.query({ personId }))).toBe('NOT_FOUND');
    const after = await w.ssiad.trpc.referrals.get.query({ referralId });
    expect(after.person).toMatchObject({ objection: true, fields: {}, communeName: null });
    const list = await w.ssiad.trpc.referrals.list.query({ view: 'recues' });
    expect(list.items.find((i) => i.referralId === referralId)?.personName).toBeNull();
    // The recorder keeps its file; it sees the objection is not against itself.
    expect((await w.entraide.trpc.persons.get.query({ personId })).objectionAgainstMyOrganisation).toBe(false);

    // A new referral to the SSIAD is refused, even with a consent typed in the form.
    const err = await failure(
      w.entraide.trpc.referrals.create.mutate({ ...base(personId, w.services[SSIAD_SERVICE]!), consent: consentNow }),
    );
    expect(err.data?.fieldErrors?.recipients).toMatch(/opposée/);
    // Another organisation is still possible.
    await sendReferral(w.entraide, personId, w.services[SAAD_SERVICE]!, ['autonomie-domicile--aide-a-domicile']);
  });
});

describe('need to know', () => {
  it('a food-aid recipient sees neither the birth date nor the address', async () => {
    const personId = await newPerson(w.ssiad);
    // The SSIAD refers to the association's food parcels.
    const referralId = await sendReferral(w.ssiad, personId, w.services[COLIS_SERVICE]!, ['aide-alimentaire--colis']);
    const r = await w.entraide.trpc.referrals.get.query({ referralId });
    expect(Object.keys(r.person.fields).sort()).toEqual([
      'communeInsee',
      'nom',
      'preferredContact',
      'prenom',
      'telephone',
    ]);
    expect(r.person.fields).not.toHaveProperty('dateNaissance');
    expect(r.person.fields).not.toHaveProperty('adresse');
    expect(JSON.stringify(r)).not.toContain('1 place de la Mairie');
    // The person's file, read by the recipient, carries the same whitelist.
    const p = await w.entraide.trpc.persons.get.query({ personId });
    expect(p.person).not.toHaveProperty('dateNaissance');
    expect(p.person).not.toHaveProperty('adresse');
    // A home-care referral carries both.
    const personB = await newPerson(w.entraide);
    const ref2 = await sendReferral(w.entraide, personB, w.services[SSIAD_SERVICE]!, [
      'autonomie-domicile--soins-infirmiers-a-domicile',
    ]);
    const r2 = await w.ssiad.trpc.referrals.get.query({ referralId: ref2 });
    expect(r2.person.fields).toMatchObject({ adresse: '1 place de la Mairie' });
    expect(r2.person.fields.dateNaissance).toMatch(/^1950-01-\d\d$/);
  });
});

describe('who sees a referral', () => {
  let referralId: string;
  beforeAll(async () => {
    const personId = await newPerson(w.entraide);
    referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, [
      'autonomie-domicile--soins-infirmiers-a-domicile',
    ]);
  });

  it('sender, recipient and coordinators see it; another partner, a volunteer, a commission member get NOT_FOUND', async () => {
    for (const b of [w.entraide, w.ssiad, w.infirmier, w.coordination])
      expect((await b.trpc.referrals.get.query({ referralId })).referral.id).toBe(referralId);
    for (const b of [w.clic, w.volunteer, w.commission])
      expect(await codeOf(b.trpc.referrals.get.query({ referralId }))).toBe('NOT_FOUND');
  });

  it('volunteers have no lists', async () => {
    expect(await codeOf(w.volunteer.trpc.referrals.list.query({ view: 'recues' }))).toBe('FORBIDDEN');
    expect(await codeOf(w.ssiad.trpc.referrals.list.query({ view: 'reseau' }))).toBe('FORBIDDEN');
    expect(await codeOf(w.ssiad.trpc.referrals.list.query({ view: 'a_router' }))).toBe('FORBIDDEN');
  });

  it('every read of a referral writes an audit row with the person', async () => {
    const [before] = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM audit_event WHERE action = 'referral.read' AND object_id = ${referralId}`,
    );
    await w.ssiad.trpc.referrals.get.query({ referralId });
    await w.coordination.trpc.referrals.get.query({ referralId });
    const rows = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT person_id, role FROM audit_event WHERE action = 'referral.read' AND object_id = ${referralId} ORDER BY seq`,
    );
    expect(rows.length).toBe(before!.n + 2);
    expect(rows.at(-1)).toMatchObject({ role: 'coordinator' });
    expect(rows.every((r) => r.person_id)).toBe(true);
  });

  it('the recipient opening it marks it "vue"', async () => {
    const r = await w.entraide.trpc.referrals.get.query({ referralId });
    expect(r.tasks[0]!.state).toBe('vue'); // opened by the SSIAD in the tests above
    expect(r.events.map((e) => e.action)).toEqual(['create', 'send', 'view']);
    expect(r.referral.overallState).toBe('vue');
  });
});

describe('double submit', () => {
  it('the same key, sequentially and concurrently, creates one referral', async () => {
    const personId = await newPerson(w.entraide);
    const input = { ...base(personId, w.services[SSIAD_SERVICE]!), consent: consentNow };
    const a = await w.entraide.trpc.referrals.create.mutate(input);
    const b = await w.entraide.trpc.referrals.create.mutate(input);
    expect(b.id).toBe(a.id);

    const concurrent = { ...input, idempotencyKey: randomUUID() };
    const [c, d] = await Promise.all([
      w.entraide.trpc.referrals.create.mutate(concurrent),
      w.entraide.trpc.referrals.create.mutate(concurrent),
    ]);
    expect(c.id).toBe(d.id);
    const [count] = await inTerritory(
      w.h,
      (tx) => tx`SELECT count(*)::int AS n, count(DISTINCT t.id)::int AS tasks,
        (SELECT count(*)::int FROM consent_event WHERE person_id = ${personId}) AS consents
        FROM referral r JOIN referral_task t ON t.referral_id = r.id WHERE r.person_id = ${personId}`,
    );
    expect(count).toEqual({ n: 2, tasks: 2, consents: 2 });
  });
});

describe('lists', () => {
  it('reçues, envoyées, à router and tout le réseau', async () => {
    const personId = await newPerson(w.entraide);
    const routed = await sendReferral(w.entraide, personId, 'to_route', ['aide-alimentaire--colis'], {
      urgency: 'urgente',
    });
    const recues = await w.ssiad.trpc.referrals.list.query({ view: 'recues' });
    expect(recues.items.length).toBeGreaterThan(0);
    expect(recues.items.every((i) => i.recipientOrganisation.name === SSIAD_ORG)).toBe(true);
    expect(recues.totalCapped).toBe(false);
    expect(recues.total).toBe(recues.items.length);

    const envoyees = await w.entraide.trpc.referrals.list.query({ view: 'envoyees', urgency: 'urgente' });
    expect(envoyees.items.map((i) => i.referralId)).toEqual([routed]);
    expect(envoyees.items[0]).toMatchObject({
      toRoute: true,
      recipientOrganisation: { name: CIAS_ORG },
      senderOrganisation: { name: ENTRAIDE_ORG },
      waitingDays: 0,
      state: 'envoyee',
    });
    expect(envoyees.items[0]!.personName).toMatch(/^Test\d+ Personne/);

    const aRouter = await w.coordination.trpc.referrals.list.query({ view: 'a_router' });
    expect(aRouter.items.map((i) => i.referralId)).toEqual([routed]);
    const counts = await w.coordination.trpc.referrals.counts.query();
    expect(counts.aRouter).toBe(1);
    expect((await w.ssiad.trpc.referrals.counts.query()).aRouter).toBeNull();

    const reseau = await w.coordination.trpc.referrals.list.query({
      view: 'reseau',
      thematiqueCategory: 'aide-alimentaire',
    });
    expect(reseau.items.length).toBeGreaterThanOrEqual(2);
    expect(reseau.items.every((i) => i.thematiques.some((t) => t.startsWith('aide-alimentaire--')))).toBe(true);

    const waited = await w.coordination.trpc.referrals.list.query({ view: 'reseau', waitingDays: 3 });
    expect(waited.items).toEqual([]);
  });
});
