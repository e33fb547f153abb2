import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTerritory } from './harness.ts';
import { newPerson, sendReferral, setupWorld, SSIAD_SERVICE, taskOf, type World } from './referrals-helpers.ts';

/** person.last_activity_at (migration 0011): every write about the person moves it, reads do not. */
let w: World;
beforeAll(async () => {
  w = await setupWorld();
});
afterAll(() => w.h.close());

const OLD = new Date('2020-01-01T00:00:00Z');

async function makeOld(personId: string) {
  await inTerritory(w.h, (tx) => tx`UPDATE person SET last_activity_at = ${OLD} WHERE id = ${personId}`);
}
async function lastActivity(personId: string): Promise<Date> {
  const [row] = await inTerritory(w.h, (tx) => tx`SELECT last_activity_at FROM person WHERE id = ${personId}`);
  return row!.last_activity_at as Date;
}

describe('last activity on a file', () => {
  it('a new file starts active', async () => {
    const personId = await newPerson(w.entraide);
    expect((await lastActivity(personId)).getTime()).toBeGreaterThan(OLD.getTime());
  });

  it('a read does not count; a timeline entry, a consent event, a referral and its events do', async () => {
    const personId = await newPerson(w.entraide);
    await makeOld(personId);
    await w.entraide.trpc.persons.get.query({ personId });
    await w.entraide.trpc.persons.timeline.list.query({ personId });
    expect(await lastActivity(personId)).toEqual(OLD);

    await w.entraide.trpc.persons.timeline.add.mutate({ personId, type: 'note', title: 'Note' });
    expect((await lastActivity(personId)).getTime()).toBeGreaterThan(OLD.getTime());

    await makeOld(personId);
    await w.entraide.trpc.persons.recordConsent.mutate({
      personId,
      kind: 'information',
      mode: 'oral',
      occurredOn: '2026-01-10',
      allOrganisations: true,
    });
    expect((await lastActivity(personId)).getTime()).toBeGreaterThan(OLD.getTime());

    await makeOld(personId);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, [
      'autonomie-domicile--soins-infirmiers-a-domicile',
    ]);
    expect((await lastActivity(personId)).getTime()).toBeGreaterThan(OLD.getTime());

    await makeOld(personId);
    const task = await taskOf(w.ssiad, referralId);
    await w.ssiad.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' });
    expect((await lastActivity(personId)).getTime()).toBeGreaterThan(OLD.getTime());
  });
});
