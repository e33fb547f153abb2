import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, inTerritory, type Browser } from './harness.ts';
import { CLIC_SERVICE, ENTRAIDE_ORG, newPerson, setupWorld, type World } from './referrals-helpers.ts';

const CLIC_ORG = 'CLIC Est Héraultais';
const EVAL = ['autonomie-domicile--evaluation-plan-daide'];

let w: World;
let admin: Browser;
let personId: string;
let referralId: string;

async function readRows() {
  return inTerritory(
    w.h,
    (tx) => tx`SELECT organisation_id, details FROM audit_event
      WHERE action = 'person.read' AND person_id = ${personId} ORDER BY seq`,
  );
}

beforeAll(async () => {
  w = await setupWorld();
  admin = await w.h.as('admin@demo.ensemblier.fr');
  // Entraide creates the file and refers the person to the CLIC.
  personId = await newPerson(w.entraide);
  ({ id: referralId } = await w.entraide.trpc.referrals.create.mutate({
    idempotencyKey: crypto.randomUUID(),
    personId,
    recipients: [{ kind: 'service', serviceId: w.services[CLIC_SERVICE]! }],
    thematiques: EVAL,
    motif: 'Évaluation',
    consent: { mode: 'oral', occurredOn: '2026-01-10' },
  }));
});
afterAll(() => w.h.close());

/** Intervenante (Entraide and Épicerie) acting for Entraide, the organisation that created the file. */
async function intervenanteForEntraide() {
  const b = await w.h.as('intervenante.entraide@demo.ensemblier.fr');
  const me = await b.trpc.auth.me.query();
  const m = me.memberships.find((x) => x.organisationName === ENTRAIDE_ORG)!;
  if (me.activeMembership?.id !== m.id) await b.trpc.auth.switchMembership.mutate({ membershipId: m.id });
  return b;
}

describe('qui a consulté ce dossier', () => {
  it('each read of the file writes exactly one person.read row naming the reason', async () => {
    expect(await readRows()).toHaveLength(0);
    await w.clic.trpc.persons.get.query({ personId });
    let rows = await readRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.organisation_id).toBe(w.orgs[CLIC_ORG]);
    expect(rows[0]!.details).toEqual({ reason: 'orientation', referralId });

    await w.entraide.trpc.persons.get.query({ personId });
    await w.coordination.trpc.persons.get.query({ personId });
    rows = await readRows();
    expect(rows).toHaveLength(3);
    expect(rows[1]!.details).toEqual({ reason: 'createur' });
    expect(rows[2]!.details).toEqual({ reason: 'ccas' });
  });

  it('the admin lists the reads, newest first, with user, organisation, role and reason', async () => {
    const page = await admin.trpc.persons.consultations.query({ personId });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => [i.organisationName, i.reason])).toEqual([
      ['CIAS du Pays de Lunel', 'ccas'],
      [ENTRAIDE_ORG, 'createur'],
      [CLIC_ORG, 'orientation'],
    ]);
    const clic = page.items[2]!;
    expect(clic.role).toBe('partner_worker');
    expect(clic.userName).toBeTruthy();
    expect(clic.referralId).toBe(referralId);
    const [audited] = await inTerritory(
      w.h,
      (tx) => tx`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.consultations'
        AND person_id = ${personId}`,
    );
    expect(audited!.n).toBe(1);
  });

  it('a referral read is listed as an orientation consultation', async () => {
    await w.clic.trpc.referrals.get.query({ referralId });
    const page = await w.coordination.trpc.persons.consultations.query({ personId });
    expect(page.items[0]).toMatchObject({ action: 'referral.read', reason: 'orientation', referralId });
    expect(page.total).toBe(4);
  });

  it('pages by 20', async () => {
    for (let i = 0; i < 20; i++) await w.entraide.trpc.persons.get.query({ personId });
    const second = await admin.trpc.persons.consultations.query({ personId, page: 2 });
    expect(second.total).toBe(24);
    expect(second.items).toHaveLength(4);
  });

  it('partners who see the file get FORBIDDEN; those who do not, NOT_FOUND', async () => {
    expect(await codeOf(w.clic.trpc.persons.consultations.query({ personId }))).toBe('FORBIDDEN');
    // Another member of the creating organisation, who is not the file's référent.
    const other = await intervenanteForEntraide();
    expect(await codeOf(other.trpc.persons.consultations.query({ personId }))).toBe('FORBIDDEN');
    expect(await codeOf(w.ssiad.trpc.persons.consultations.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.persons.consultations.query({ personId }))).toBe('NOT_FOUND');
    expect(
      await codeOf(admin.trpc.persons.consultations.query({ personId: '00000000-0000-4000-8000-000000000000' })),
    ).toBe('NOT_FOUND');
  });

  it('the file’s référent lists the reads', async () => {
    // The user who created the file is the référent of the creating organisation (group member 'createur').
    const list = await w.entraide.trpc.persons.consultations.query({ personId });
    expect(list.total).toBeGreaterThan(0);
    // Another member of the same organisation who is not the référent: FORBIDDEN, until named référent.
    const other = await intervenanteForEntraide();
    expect(await codeOf(other.trpc.persons.consultations.query({ personId }))).toBe('FORBIDDEN');
    const [u] = await inTerritory(
      w.h,
      (tx) => tx`SELECT id FROM app_user WHERE email = 'intervenante.entraide@demo.ensemblier.fr'`,
    );
    await w.coordination.trpc.persons.group.setReferent.mutate({
      personId,
      organisationId: w.orgs[ENTRAIDE_ORG]!,
      referentUserId: u!.id as string,
    });
    expect((await other.trpc.persons.consultations.query({ personId })).total).toBeGreaterThan(0);
    expect(await codeOf(w.entraide.trpc.persons.consultations.query({ personId }))).toBe('FORBIDDEN');
  });

  it('a file that is no longer active (archived, merged) is seen by no one through the follow-up procedures', async () => {
    await inTerritory(
      w.h,
      (tx) => tx`UPDATE person SET status = 'archived', archived_at = now() WHERE id = ${personId}`,
    );
    try {
      for (const b of [w.entraide, w.clic, w.coordination]) {
        expect(await codeOf(b.trpc.persons.get.query({ personId }))).toBe('NOT_FOUND');
        expect(await codeOf(b.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
      }
    } finally {
      await inTerritory(
        w.h,
        (tx) => tx`UPDATE person SET status = 'active', archived_at = NULL WHERE id = ${personId}`,
      );
    }
    expect((await w.entraide.trpc.persons.get.query({ personId })).person.id).toBe(personId);
  });

  it('the reads of the file’s section pages (situation, tasks) are listed once each, with the reason', async () => {
    const before = (await w.coordination.trpc.persons.consultations.query({ personId })).total;
    await w.entraide.trpc.persons.situation.get.query({ personId });
    await w.entraide.trpc.tasks.listForPerson.query({ personId });
    const page = await w.coordination.trpc.persons.consultations.query({ personId });
    expect(page.total).toBe(before + 2);
    expect(page.items.slice(0, 2).map((i) => [i.action, i.organisationName, i.reason])).toEqual([
      ['person.task.read', ENTRAIDE_ORG, 'createur'],
      ['person.situation.read', ENTRAIDE_ORG, 'createur'],
    ]);
  });
});
