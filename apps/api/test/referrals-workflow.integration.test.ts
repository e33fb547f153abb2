import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STALE_MESSAGE } from '../src/referrals/procedures/transition.ts';
import { codeOf, failure, inTerritory } from './harness.ts';
import {
  CLIC_SERVICE,
  newPerson,
  PDF_BYTES,
  PNG_BYTES,
  sendReferral,
  setupWorld,
  SSIAD_SERVICE,
  taskOf,
  type World,
} from './referrals-helpers.ts';

let w: World;
beforeAll(async () => {
  w = await setupWorld();
});
afterAll(() => w.h.close());

const SOINS = ['autonomie-domicile--soins-infirmiers-a-domicile'];

const eventsOf = (referralId: string) =>
  inTerritory(
    w.h,
    (tx) => tx`SELECT action, from_state, to_state, reason, outcome, message, actor_user_id IS NOT NULL AS by_user
      FROM referral_event WHERE referral_id = ${referralId} ORDER BY id`,
  );

describe('the state machine through the API', () => {
  it('accept → start → complete by the recipient, the sender is told each answer and the outcome', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const task = await taskOf(w.ssiad, referralId); // opening it: vue
    expect(task.state).toBe('vue');
    expect(task.allowedActions.sort()).toEqual(['accept', 'refuse']);
    // The sender may not accept its own referral: FORBIDDEN (it sees the task).
    expect(
      await codeOf(
        w.entraide.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' }),
      ),
    ).toBe('FORBIDDEN');
    // The system-only expiry is nobody's action.
    expect(
      await codeOf(
        w.coordination.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'expire' }),
      ),
    ).toBe('FORBIDDEN');

    const a = await w.ssiad.trpc.referrals.transition.mutate({
      taskId: task.id,
      version: task.version,
      action: 'accept',
    });
    expect(a).toMatchObject({ state: 'acceptee', version: task.version + 1 });
    // complete requires an outcome.
    const missing = await failure(
      w.ssiad.trpc.referrals.transition.mutate({ taskId: task.id, version: a.version, action: 'complete' }),
    );
    expect(missing.data?.fieldErrors?.outcome).toBeTruthy();
    const s = await w.ssiad.trpc.referrals.transition.mutate({ taskId: task.id, version: a.version, action: 'start' });
    const c = await w.infirmier.trpc.referrals.transition.mutate({
      taskId: task.id,
      version: s.version,
      action: 'complete',
      outcome: 'aide_apportee',
    });
    expect(c.state).toBe('terminee');
    // Terminal: nothing more, even for the recipient.
    expect(
      await codeOf(w.ssiad.trpc.referrals.transition.mutate({ taskId: task.id, version: c.version, action: 'start' })),
    ).toBe('FORBIDDEN');

    const seen = await w.entraide.trpc.referrals.get.query({ referralId });
    expect(seen.referral.overallState).toBe('terminee');
    expect(seen.tasks[0]).toMatchObject({ outcome: 'aide_apportee', state: 'terminee', allowedActions: [] });
    expect((await eventsOf(referralId)).map((e) => `${e.action}:${e.to_state}`)).toEqual([
      'create:brouillon',
      'send:envoyee',
      'view:vue',
      'accept:acceptee',
      'start:en_cours',
      'complete:terminee',
    ]);
    const notes = await inTerritory(
      w.h,
      (tx) => tx`SELECT n.kind FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.referral_id = ${referralId} AND u.email = 'responsable.entraide@demo.ensemblier.fr' ORDER BY n.created_at, n.kind`,
    );
    expect(notes.map((n) => n.kind).sort()).toEqual(['referral_answered', 'referral_outcome']);
  });

  it('refuse needs a coded reason and a message; the sender and the coordinators are told', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const task = await taskOf(w.ssiad, referralId);
    const err = await failure(
      w.ssiad.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'refuse' }),
    );
    expect(err.data?.fieldErrors?.reason).toBe('Choisissez le motif du refus.');
    const noMessage = await failure(
      w.ssiad.trpc.referrals.transition.mutate({
        taskId: task.id,
        version: task.version,
        action: 'refuse',
        reason: 'pas_de_place',
      }),
    );
    expect(noMessage.data?.fieldErrors?.message).toBeTruthy();
    await w.ssiad.trpc.referrals.transition.mutate({
      taskId: task.id,
      version: task.version,
      action: 'refuse',
      reason: 'pas_de_place',
      message: 'Liste d’attente de 3 mois',
    });
    const notes = await inTerritory(
      w.h,
      (tx) => tx`SELECT u.email FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.referral_id = ${referralId} AND n.kind = 'referral_refused' ORDER BY u.email`,
    );
    expect(notes.map((n) => n.email)).toEqual([
      'coordination@demo.ensemblier.fr',
      'responsable.entraide@demo.ensemblier.fr',
    ]);
    const [e] = (await eventsOf(referralId)).filter((x) => x.action === 'refuse');
    expect(e).toMatchObject({ reason: 'pas_de_place', message: 'Liste d’attente de 3 mois', by_user: true });
  });

  it('the sender cancels with a reason; a recipient cannot', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const task = await taskOf(w.entraide, referralId);
    expect(task.state).toBe('envoyee'); // the sender opening it does not mark it seen
    expect(
      await codeOf(
        w.ssiad.trpc.referrals.transition.mutate({
          taskId: task.id,
          version: task.version,
          action: 'cancel',
          message: 'x',
        }),
      ),
    ).toBe('FORBIDDEN');
    const done = await w.entraide.trpc.referrals.transition.mutate({
      taskId: task.id,
      version: task.version,
      action: 'cancel',
      message: 'La personne a trouvé une solution',
    });
    expect(done.state).toBe('annulee');
  });

  it('another partner, a volunteer: NOT_FOUND on the task', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const task = await taskOf(w.entraide, referralId);
    for (const b of [w.clic, w.volunteer, w.commission])
      expect(
        await codeOf(b.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' })),
      ).toBe('NOT_FOUND');
  });
});

describe('concurrent answers', () => {
  it('accept and refuse on the same version: one wins, the other gets a conflict', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const task = await taskOf(w.ssiad, referralId);
    const results = await Promise.allSettled([
      w.ssiad.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' }),
      w.infirmier.trpc.referrals.transition.mutate({
        taskId: task.id,
        version: task.version,
        action: 'refuse',
        reason: 'pas_de_place',
        message: 'Complet',
      }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const ko = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(ko).toHaveLength(1);
    const reason = (ko[0] as PromiseRejectedResult).reason as { data?: { code?: string }; message: string };
    expect(reason.data?.code).toBe('CONFLICT');
    expect(reason.message).toBe(STALE_MESSAGE);
    const [row] = await inTerritory(w.h, (tx) => tx`SELECT state, version FROM referral_task WHERE id = ${task.id}`);
    expect(row!.version).toBe(task.version + 1);
    // A stale version later is a conflict too.
    expect(
      await codeOf(
        w.ssiad.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' }),
      ),
    ).toBe('CONFLICT');
  });
});

describe('réorientation by the CCAS', () => {
  it('closes the task « réorientée » and opens one for the new service, keeping the chain', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, 'to_route', ['autonomie-domicile--aide-a-domicile']);
    const task = await taskOf(w.coordination, referralId);
    // A partner cannot reorient.
    expect(
      await codeOf(
        w.entraide.trpc.referrals.transition.mutate({
          taskId: task.id,
          version: task.version,
          action: 'reorient',
          targetServiceId: w.services[CLIC_SERVICE]!,
          message: 'x',
        }),
      ),
    ).toBe('FORBIDDEN');
    const noTarget = await failure(
      w.coordination.trpc.referrals.transition.mutate({
        taskId: task.id,
        version: task.version,
        action: 'reorient',
        message: 'Vers le CLIC',
      }),
    );
    expect(noTarget.data?.fieldErrors?.targetServiceId).toBeTruthy();
    // The inline consent covered only the CIAS: the CLIC needs one.
    const noConsent = await failure(
      w.coordination.trpc.referrals.transition.mutate({
        taskId: task.id,
        version: task.version,
        action: 'reorient',
        targetServiceId: w.services[CLIC_SERVICE]!,
        message: 'Vers le CLIC',
      }),
    );
    expect(noConsent.data?.fieldErrors?.consent).toMatch(/Enregistrez l’information/);
    await w.coordination.trpc.persons.recordConsent.mutate({
      personId,
      kind: 'information',
      mode: 'telephone',
      occurredOn: '2026-01-10',
      allOrganisations: true,
    });
    const res = await w.coordination.trpc.referrals.transition.mutate({
      taskId: task.id,
      version: task.version,
      action: 'reorient',
      targetServiceId: w.services[CLIC_SERVICE]!,
      message: 'Vers le CLIC',
    });
    expect(res.state).toBe('terminee');
    const r = await w.coordination.trpc.referrals.get.query({ referralId });
    expect(r.tasks).toHaveLength(2);
    const [old, fresh] = r.tasks;
    expect(old).toMatchObject({ state: 'terminee', outcome: 'reorientee', toRoute: true });
    expect(fresh).toMatchObject({
      state: 'envoyee',
      previousTaskId: old!.id,
      recipientOrganisation: { name: 'CLIC Est Héraultais' },
      service: { id: w.services[CLIC_SERVICE] },
    });
    expect(r.referral.overallState).toBe('envoyee');
    const [e] = await inTerritory(
      w.h,
      (tx) => tx`SELECT target_task_id FROM referral_event WHERE referral_id = ${referralId} AND action = 'reorient'`,
    );
    expect(e!.target_task_id).toBe(fresh!.id);
    const notes = await inTerritory(
      w.h,
      (tx) => tx`SELECT DISTINCT n.kind FROM notification n JOIN membership m ON m.user_id = n.user_id
        JOIN organisation o ON o.id = m.organisation_id
        WHERE n.referral_id = ${referralId} AND o.name = 'CLIC Est Héraultais'`,
    );
    expect(notes.map((n) => n.kind)).toEqual(['referral_received']);
  });
});

describe('thread', () => {
  it('sender and recipient write; others get NOT_FOUND; the other side is notified', async () => {
    const personId = await newPerson(w.entraide);
    const referralId = await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
    const task = await taskOf(w.entraide, referralId);
    await w.entraide.trpc.referrals.postMessage.mutate({ taskId: task.id, body: 'Elle est joignable le matin.' });
    w.h.clock.advance(60_000);
    await w.ssiad.trpc.referrals.postMessage.mutate({ taskId: task.id, body: 'Merci, nous l’appelons demain.' });
    for (const b of [w.clic, w.volunteer, w.commission])
      expect(await codeOf(b.trpc.referrals.postMessage.mutate({ taskId: task.id, body: 'Intrusion' }))).toBe(
        'NOT_FOUND',
      );
    const r = await w.ssiad.trpc.referrals.get.query({ referralId });
    expect(r.tasks[0]!.messages.map((m) => [m.body, m.mine])).toEqual([
      ['Elle est joignable le matin.', false],
      ['Merci, nous l’appelons demain.', true],
    ]);
    const notes = await inTerritory(
      w.h,
      (tx) => tx`SELECT u.email FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.referral_id = ${referralId} AND n.kind = 'referral_message' ORDER BY u.email`,
    );
    expect(notes.map((n) => n.email)).toEqual([
      'infirmier.ssiad@demo.ensemblier.fr',
      'responsable.entraide@demo.ensemblier.fr',
      'responsable.ssiad@demo.ensemblier.fr',
    ]);
  });

  it('with two recipients, each sees only its own task and thread', async () => {
    const personId = await newPerson(w.entraide);
    const { id: referralId } = await w.entraide.trpc.referrals.create.mutate({
      idempotencyKey: crypto.randomUUID(),
      personId,
      recipients: [
        { kind: 'service', serviceId: w.services[SSIAD_SERVICE]! },
        { kind: 'service', serviceId: w.services[CLIC_SERVICE]! },
      ],
      thematiques: ['autonomie-domicile--evaluation-plan-daide'],
      motif: 'Évaluation et soins',
      consent: { mode: 'oral', occurredOn: '2026-01-10' },
    });
    const bySender = await w.entraide.trpc.referrals.get.query({ referralId });
    expect(bySender.tasks).toHaveLength(2);
    const ssiadTask = bySender.tasks.find((t) => t.recipientOrganisation.name === 'SSIAD de l’Étang de l’Or')!;
    await w.entraide.trpc.referrals.postMessage.mutate({ taskId: ssiadTask.id, body: 'Pour le SSIAD seulement' });
    const byClic = await w.clic.trpc.referrals.get.query({ referralId });
    expect(byClic.tasks.map((t) => t.recipientOrganisation.name)).toEqual(['CLIC Est Héraultais']);
    expect(JSON.stringify(byClic)).not.toContain('Pour le SSIAD seulement');
    expect(await codeOf(w.clic.trpc.referrals.postMessage.mutate({ taskId: ssiadTask.id, body: 'x' }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('attachments', () => {
  const b64 = (b: Buffer) => b.toString('base64');

  it('refuses a file whose content is not what its name says, stores a real PDF under a random name', async () => {
    const personId = await newPerson(w.entraide);
    const bad = await failure(
      w.entraide.trpc.referrals.create.mutate({
        idempotencyKey: crypto.randomUUID(),
        personId,
        recipients: [{ kind: 'service', serviceId: w.services[SSIAD_SERVICE]! }],
        thematiques: SOINS,
        motif: 'Avec ordonnance',
        consent: { mode: 'oral', occurredOn: '2026-01-10' },
        attachments: [{ fileName: 'ordonnance.pdf', contentBase64: b64(PNG_BYTES) }],
      }),
    );
    expect(bad.data?.fieldErrors?.attachments).toBe('Le fichier « ordonnance.pdf » n’est pas un PDF, JPEG ou PNG.');
    const junk = await failure(
      w.entraide.trpc.referrals.create.mutate({
        idempotencyKey: crypto.randomUUID(),
        personId,
        recipients: [{ kind: 'service', serviceId: w.services[SSIAD_SERVICE]! }],
        thematiques: SOINS,
        motif: 'Avec ordonnance',
        consent: { mode: 'oral', occurredOn: '2026-01-10' },
        attachments: [{ fileName: 'ordonnance.pdf', contentBase64: b64(Buffer.from('MZ\x90\x00 not a pdf at all')) }],
      }),
    );
    expect(junk.data?.fieldErrors?.attachments).toMatch(/n’est pas un PDF, JPEG ou PNG/);
    const [none] = await inTerritory(w.h, (tx) => tx`SELECT count(*)::int AS n FROM referral_attachment`);
    expect(none!.n).toBe(0);

    const { id: referralId } = await w.entraide.trpc.referrals.create.mutate({
      idempotencyKey: crypto.randomUUID(),
      personId,
      recipients: [{ kind: 'service', serviceId: w.services[SSIAD_SERVICE]! }],
      thematiques: SOINS,
      motif: 'Avec ordonnance',
      consent: { mode: 'oral', occurredOn: '2026-01-10' },
      attachments: [{ fileName: 'ordonnance.pdf', contentBase64: b64(PDF_BYTES) }],
    });
    const r = await w.ssiad.trpc.referrals.get.query({ referralId });
    expect(r.attachments).toEqual([
      expect.objectContaining({ fileName: 'ordonnance.pdf', mimeType: 'application/pdf', sizeBytes: PDF_BYTES.length }),
    ]);
    const attachmentId = r.attachments[0]!.id;
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT storage_key, sha256 FROM referral_attachment WHERE id = ${attachmentId}`,
    );
    expect(row!.storage_key).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(`${w.filesDir}/${row!.storage_key.slice(0, 2)}`)).toEqual([row!.storage_key]);

    const file = await w.ssiad.trpc.referrals.downloadAttachment.query({ referralId, attachmentId });
    expect(file).toMatchObject({ fileName: 'ordonnance.pdf', mimeType: 'application/pdf' });
    expect(Buffer.from(file.contentBase64, 'base64').equals(PDF_BYTES)).toBe(true);
    const audits = await inTerritory(
      w.h,
      (tx) =>
        tx`SELECT person_id FROM audit_event WHERE action = 'referral_attachment.download' AND object_id = ${attachmentId}`,
    );
    expect(audits).toEqual([{ person_id: personId }]);

    for (const b of [w.clic, w.volunteer, w.commission])
      expect(await codeOf(b.trpc.referrals.downloadAttachment.query({ referralId, attachmentId }))).toBe('NOT_FOUND');

    // The recipient adds a PNG later; a PNG named .png is fine.
    const added = await w.ssiad.trpc.referrals.addAttachments.mutate({
      referralId,
      attachments: [{ fileName: 'photo.png', contentBase64: b64(PNG_BYTES) }],
    });
    expect(added.ids).toHaveLength(1);
    expect(
      await codeOf(
        w.clic.trpc.referrals.addAttachments.mutate({
          referralId,
          attachments: [{ fileName: 'photo.png', contentBase64: b64(PNG_BYTES) }],
        }),
      ),
    ).toBe('NOT_FOUND');
  });
});
