import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, failure, inTerritory, type Browser } from './harness.ts';
import {
  CLIC_SERVICE,
  ENTRAIDE_ORG,
  newPerson,
  setupWorld,
  SSIAD_ORG,
  SSIAD_SERVICE,
  type World,
} from './referrals-helpers.ts';

const CLIC_ORG = 'CLIC Est Héraultais';
const EVAL = ['autonomie-domicile--evaluation-plan-daide'];

let w: World;
let personId: string;
/** CLIC's six entries: every visibility, plain and sensitive, titled by their visibility. */
const TITLES = ['privee', 'privee-sante', 'groupe', 'groupe-dettes', 'ccas', 'ccas-justice'];

beforeAll(async () => {
  w = await setupWorld();
  // Entraide creates the file and refers the person to the SSIAD and the CLIC.
  personId = await newPerson(w.entraide);
  const { id: referralId } = await w.entraide.trpc.referrals.create.mutate({
    idempotencyKey: crypto.randomUUID(),
    personId,
    recipients: [
      { kind: 'service', serviceId: w.services[SSIAD_SERVICE]! },
      { kind: 'service', serviceId: w.services[CLIC_SERVICE]! },
    ],
    thematiques: EVAL,
    motif: 'Évaluation et soins',
    consent: { mode: 'oral', occurredOn: '2026-01-10' },
  });
  const referral = await w.clic.trpc.referrals.get.query({ referralId });
  const task = referral.tasks.find((t) => t.allowedActions.includes('accept'))!;
  await w.clic.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' });
});
afterAll(() => w.h.close());

async function titles(b: Browser): Promise<string[]> {
  const page = await b.trpc.persons.timeline.list.query({ personId });
  return page.items.map((i) => i.title).sort();
}

describe('follow-up group', () => {
  it('accepting a referral adds the recipient to the group (reason: referral), beside the creator', async () => {
    const group = await w.clic.trpc.persons.group.list.query({ personId });
    // The organisation that created the file is in the group too (reason: createur).
    expect(group.members.map((m) => [m.organisationName, m.reason]).sort()).toEqual([
      [CLIC_ORG, 'referral'],
      [ENTRAIDE_ORG, 'createur'],
    ]);
    expect(group.myOrganisationIsMember).toBe(true);
    expect(group.canManage).toBe(false);
    const [access] = await inTerritory(
      w.h,
      (tx) => tx`SELECT revoked_at FROM person_access WHERE person_id = ${personId}
        AND organisation_id = ${w.orgs[CLIC_ORG]!}`,
    );
    expect(access?.revoked_at).toBeNull();
  });

  it('CLIC writes one entry per visibility, plain and sensitive; the visibility defaults by type', async () => {
    for (const t of TITLES) {
      const [visibility, category] = t.split('-') as ['privee' | 'groupe' | 'ccas', string | undefined];
      await w.clic.trpc.persons.timeline.add.mutate({
        personId,
        type: 'note',
        visibility,
        sensitiveCategory: (category ?? null) as 'sante' | 'dettes' | 'justice' | null,
        title: t,
        body: `Contenu ${t}`,
      });
    }
    const call = await w.clic.trpc.persons.timeline.add.mutate({ personId, type: 'appel', title: 'appel-defaut' });
    expect(call.visibility).toBe('groupe');
    const note = await w.entraide.trpc.persons.timeline.add.mutate({ personId, type: 'entretien', title: 'entraide' });
    expect(note.visibility).toBe('privee');
    const rows = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.timeline.add' AND person_id = ${personId}`,
    );
    expect(rows[0]!.n).toBe(8);
  });

  it('the visibility matrix through the API', async () => {
    // Author organisation: all its entries, not another organisation's private one.
    expect(await titles(w.clic)).toEqual([...TITLES, 'appel-defaut'].sort());
    // CCAS coordinator: groupe and ccas, sensitive included (a coordinator needs them).
    expect(await titles(w.coordination)).toEqual(['appel-defaut', 'ccas', 'ccas-justice', 'groupe', 'groupe-dettes']);
    // Group member (Entraide, which created the file): group entries and its own.
    expect(await titles(w.entraide)).toEqual(['appel-defaut', 'entraide', 'groupe', 'groupe-dettes']);
    // Non-member partner with access (SSIAD: pending referral): its own entries only (none here).
    expect(await titles(w.ssiad)).toEqual([]);
    // Volunteer and commission member: no file at all.
    expect(await codeOf(w.volunteer.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.commission.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.persons.group.list.query({ personId }))).toBe('NOT_FOUND');
    // A person of no one: NOT_FOUND.
    expect(await codeOf(w.clic.trpc.persons.timeline.list.query({ personId: crypto.randomUUID() }))).toBe('NOT_FOUND');
  });

  it('only the CCAS adds an organisation; a group member sees the group’s entries', async () => {
    expect(await codeOf(w.clic.trpc.persons.group.add.mutate({ personId, organisationId: w.orgs[SSIAD_ORG]! }))).toBe(
      'FORBIDDEN',
    );
    await w.coordination.trpc.persons.group.add.mutate({ personId, organisationId: w.orgs[SSIAD_ORG]! });
    const again = await failure(
      w.coordination.trpc.persons.group.add.mutate({ personId, organisationId: w.orgs[SSIAD_ORG]! }),
    );
    expect(again.data?.code).toBe('CONFLICT');
    expect(await titles(w.ssiad)).toEqual(['appel-defaut', 'groupe', 'groupe-dettes']);
    expect(await titles(w.infirmier)).toEqual(['appel-defaut', 'groupe', 'groupe-dettes']);
    // Volunteers never: not even through the group list.
    expect(await codeOf(w.volunteer.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
    const group = await w.coordination.trpc.persons.group.list.query({ personId });
    expect(group.members.map((m) => [m.organisationName, m.reason]).sort()).toEqual([
      [CLIC_ORG, 'referral'],
      [ENTRAIDE_ORG, 'createur'],
      [SSIAD_ORG, 'ccas'],
    ]);
    expect(group.canManage).toBe(true);
  });

  it('every timeline read is audited with the person', async () => {
    const before = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.timeline.read' AND person_id = ${personId}`,
    );
    await w.ssiad.trpc.persons.timeline.list.query({ personId });
    const after = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.timeline.read' AND person_id = ${personId}`,
    );
    expect(after[0]!.n).toBe(before[0]!.n + 1);
  });

  it('leaving the group ends the access at the next request; a later consent does not restore it', async () => {
    await w.ssiad.trpc.persons.group.leave.mutate({ personId });
    expect(await codeOf(w.ssiad.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.infirmier.trpc.persons.get.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.ssiad.trpc.persons.group.leave.mutate({ personId }))).toBe('NOT_FOUND');
    await w.entraide.trpc.persons.recordConsent.mutate({
      personId,
      kind: 'consentement',
      mode: 'oral',
      occurredOn: '2026-01-11',
      allOrganisations: true,
    });
    expect(await codeOf(w.ssiad.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
    // The CCAS may add it back.
    await w.coordination.trpc.persons.group.add.mutate({ personId, organisationId: w.orgs[SSIAD_ORG]! });
    expect(await titles(w.ssiad)).toEqual(['appel-defaut', 'groupe', 'groupe-dettes']);
    // And remove it: same effect as leaving.
    expect(
      await codeOf(w.clic.trpc.persons.group.remove.mutate({ personId, organisationId: w.orgs[SSIAD_ORG]! })),
    ).toBe('FORBIDDEN');
    await w.coordination.trpc.persons.group.remove.mutate({ personId, organisationId: w.orgs[SSIAD_ORG]! });
    expect(await codeOf(w.ssiad.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
  });

  it('the creator organisation keeps its file when it leaves the group', async () => {
    expect(await titles(w.entraide)).toEqual(['appel-defaut', 'entraide', 'groupe', 'groupe-dettes']);
    await w.entraide.trpc.persons.group.leave.mutate({ personId });
    // Now a non-member partner holding the file: its own entries only.
    expect(await titles(w.entraide)).toEqual(['entraide']);
    // The CCAS may bring it back.
    await w.coordination.trpc.persons.group.add.mutate({ personId, organisationId: w.orgs[ENTRAIDE_ORG]! });
    expect(await titles(w.entraide)).toEqual(['appel-defaut', 'entraide', 'groupe', 'groupe-dettes']);
    await w.entraide.trpc.persons.group.leave.mutate({ personId });
  });

  it('an objection removes a group member’s access at once, and keeps it out of the group', async () => {
    expect(await titles(w.clic)).toHaveLength(7);
    await w.entraide.trpc.persons.recordConsent.mutate({
      personId,
      kind: 'objection',
      mode: 'oral',
      occurredOn: '2026-01-12',
      allOrganisations: false,
      organisationIds: [w.orgs[CLIC_ORG]!],
    });
    expect(await codeOf(w.clic.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
    const group = await w.coordination.trpc.persons.group.list.query({ personId });
    expect(group.members.map((m) => m.organisationName)).not.toContain(CLIC_ORG);
    const refused = await failure(
      w.coordination.trpc.persons.group.add.mutate({ personId, organisationId: w.orgs[CLIC_ORG]! }),
    );
    expect(refused.data?.code).toBe('CONFLICT');
  });

  it('only the roles that need them write sensitive entries', async () => {
    const admin = await w.h.as('admin@demo.ensemblier.fr');
    // The territory admin has no access to this person (no referral nor membership): NOT_FOUND.
    expect(await codeOf(admin.trpc.persons.timeline.list.query({ personId }))).toBe('NOT_FOUND');
    // On a file of its own, it writes plain entries, not sensitive ones (and does not read them).
    const own = await newPerson(admin);
    await admin.trpc.persons.timeline.add.mutate({ personId: own, type: 'note', title: 'simple' });
    const refused = await failure(
      admin.trpc.persons.timeline.add.mutate({ personId: own, type: 'note', title: 'x', sensitiveCategory: 'sante' }),
    );
    expect(refused.data?.fieldErrors?.sensitiveCategory).toBe(
      'Votre rôle ne permet pas d’écrire une information sensible.',
    );
    const page = await admin.trpc.persons.timeline.list.query({ personId: own });
    expect(page.items.map((i) => i.title)).toEqual(['simple']);
  });
});
