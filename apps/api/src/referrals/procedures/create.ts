import {
  can,
  createReferralInput,
  objectionAgainst,
  overallState,
  THEMATIQUE_LABELS,
  type ReferralState,
} from '@ensemblier/shared';
import { notify } from '../../notifications/emit.ts';
import { canSeePerson, consentEvents, grantPersonAccess } from '../../persons/access.ts';
import { writeConsentEvent } from '../../persons/procedures/consent.ts';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { categoriesOf, ccasOrganisationId, checkSharing, recordEvent, referralLink } from '../common.ts';
import { checkUploads, storeAttachments, withFileCleanup } from '../files.ts';

interface Recipient {
  organisationId: string;
  name: string;
  serviceId: string | null;
  serviceNom: string | null;
  toRoute: boolean;
}

/** Services must be active, of an active organisation, and accept referrals. */
async function resolveRecipients(
  ctx: TenantContext,
  input: { recipients: ({ kind: 'service'; serviceId: string } | { kind: 'to_route' })[] },
): Promise<Recipient[]> {
  const serviceIds = input.recipients.flatMap((r) => (r.kind === 'service' ? [r.serviceId] : []));
  const services = await ctx.tx<
    { id: string; nom: string; organisation_id: string; organisation_name: string; ok: boolean }[]
  >`
    SELECT s.id, s.nom, s.organisation_id, o.name AS organisation_name,
      (s.status = 'active' AND s.accepts_referrals AND o.status = 'active') AS ok
    FROM service s JOIN organisation o ON o.id = s.organisation_id
    WHERE s.id = ANY(${serviceIds}::uuid[])`;
  const byId = new Map(services.map((s) => [s.id, s]));
  const out: Recipient[] = [];
  for (const r of input.recipients) {
    if (r.kind === 'service') {
      const s = byId.get(r.serviceId);
      if (!s?.ok) fieldError('recipients', 'Ce service n’existe plus ou ne reçoit pas d’orientation.');
      if (out.some((x) => x.serviceId === s.id)) continue;
      out.push({
        organisationId: s.organisation_id,
        name: s.organisation_name,
        serviceId: s.id,
        serviceNom: s.nom,
        toRoute: false,
      });
    } else {
      const ccas = await ccasOrganisationId(ctx.tx);
      if (!ccas) fieldError('recipients', 'Le territoire n’a pas de CCAS ou de CIAS pour router l’orientation.');
      if (out.some((x) => x.toRoute)) continue;
      const [o] = await ctx.tx<{ name: string }[]>`SELECT name FROM organisation WHERE id = ${ccas}`;
      out.push({ organisationId: ccas, name: o!.name, serviceId: null, serviceNom: null, toRoute: true });
    }
  }
  return out;
}

export const thematiquesText = (thematiques: readonly string[]) =>
  thematiques.map((t) => THEMATIQUE_LABELS[t] ?? t).join(', ');

/** Tells the recipients of tasks just sent (the CCAS coordinators for "à router"). */
export async function notifySent(
  ctx: TenantContext,
  p: { referralId: string; senderName: string; thematiques: readonly string[]; urgent: boolean },
  tasks: readonly { id: string; organisationId: string; toRoute: boolean }[],
) {
  const urgent = p.urgent ? ' (urgente)' : '';
  for (const t of tasks) {
    if (t.toRoute)
      await notify(
        ctx.tx,
        ctx.territoryId,
        { coordinators: true, exceptUserId: ctx.actor.userId },
        {
          kind: 'referral_to_route',
          dedupeKey: `referral_to_route:${t.id}`,
          title: `Orientation à router${urgent}`,
          body: `${p.senderName} adresse une orientation au CCAS sans destinataire précis : ${thematiquesText(p.thematiques)}.`,
          link: referralLink(p.referralId),
          referralId: p.referralId,
        },
      );
    else
      await notify(
        ctx.tx,
        ctx.territoryId,
        { organisationIds: [t.organisationId], exceptUserId: ctx.actor.userId },
        {
          kind: 'referral_received',
          dedupeKey: `referral_received:${t.id}`,
          title: `Nouvelle orientation reçue${urgent}`,
          body: `${p.senderName} vous adresse une orientation : ${thematiquesText(p.thematiques)}.`,
          link: referralLink(p.referralId),
          referralId: p.referralId,
        },
      );
  }
}

/**
 * Creates a referral (sent, or kept as a draft), one task per recipient. Idempotent on
 * (sender user, idempotency key): the referral row is inserted first with ON CONFLICT DO
 * NOTHING, so a double submit — even two concurrent ones, the second waiting on the first's
 * unique-key lock — finds the first referral and writes nothing else.
 */
export const createReferral = authedProcedure.input(createReferralInput).mutation(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'referral.use')) forbidden();
  const replay = async (id: string) => {
    await ctx.audit({
      action: 'referral.create',
      objectType: 'referral',
      objectId: id,
      details: { idempotentReplay: true },
    });
    return { id };
  };
  const [existing] = await ctx.tx<{ id: string }[]>`
    SELECT id FROM referral WHERE sender_user_id = ${ctx.actor.userId} AND idempotency_key = ${input.idempotencyKey}`;
  if (existing) return replay(existing.id);

  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const recipients = await resolveRecipients(ctx, input);
  const files = await checkUploads(input.attachments);

  // Objections first: a consent given with this form never overrides a recorded objection.
  const events = await consentEvents(ctx.tx, input.personId);
  for (const r of recipients)
    if (objectionAgainst(events, r.organisationId))
      fieldError('recipients', `La personne s’est opposée au partage de ses informations avec « ${r.name} ».`);
  // Without a consent given now, earlier events must cover every recipient (checked before writing).
  if (input.send && !input.consent) await checkSharing(ctx, input.personId, recipients, input.thematiques);

  const now = ctx.clock.now();
  const state: ReferralState = input.send ? 'envoyee' : 'brouillon';
  const [inserted] = await ctx.tx<{ id: string }[]>`
    INSERT INTO referral (territory_id, person_id, sender_organisation_id, sender_user_id, thematiques, motif,
      urgency, deja_fait, attendu, overall_state, idempotency_key, created_at, sent_at, updated_at)
    VALUES (${ctx.territoryId}, ${input.personId}, ${ctx.actor.organisationId}, ${ctx.actor.userId},
      ${input.thematiques}, ${input.motif}, ${input.urgency}, ${input.dejaFait}, ${input.attendu},
      ${overallState([state])}, ${input.idempotencyKey}, ${now}, ${input.send ? now : null}, ${now})
    ON CONFLICT (territory_id, sender_user_id, idempotency_key) DO NOTHING
    RETURNING id`;
  if (!inserted) {
    const [first] = await ctx.tx<{ id: string }[]>`
      SELECT id FROM referral WHERE sender_user_id = ${ctx.actor.userId} AND idempotency_key = ${input.idempotencyKey}`;
    return replay(first!.id);
  }
  const referralId = inserted.id;

  let consentEventId: string | null = null;
  if (input.consent) {
    consentEventId = await writeConsentEvent(
      ctx.tx,
      { territoryId: ctx.territoryId, userId: ctx.actor.userId, organisationId: ctx.actor.organisationId, at: now },
      {
        personId: input.personId,
        kind: input.consent.kind,
        mode: input.consent.mode,
        occurredOn: input.consent.occurredOn,
        allOrganisations: false,
        organisationIds: recipients.map((r) => r.organisationId),
        thematiqueCategories: categoriesOf(input.thematiques),
        note: input.consent.note,
      },
    );
  } else if (input.send) {
    consentEventId = await checkSharing(ctx, input.personId, recipients, input.thematiques);
  }
  if (consentEventId) await ctx.tx`UPDATE referral SET consent_event_id = ${consentEventId} WHERE id = ${referralId}`;

  const eventBase = {
    territoryId: ctx.territoryId,
    referralId,
    at: now,
    actorUserId: ctx.actor.userId,
    actorOrganisationId: ctx.actor.organisationId,
  };
  await recordEvent(ctx.tx, 'create', { ...eventBase, taskId: null, toState: 'brouillon' });
  const tasks: { id: string; organisationId: string; toRoute: boolean }[] = [];
  for (const r of recipients) {
    const [t] = await ctx.tx<{ id: string }[]>`
      INSERT INTO referral_task (territory_id, referral_id, sender_organisation_id, urgency, recipient_organisation_id,
        service_id, to_route, state, created_at, sent_at, updated_at)
      VALUES (${ctx.territoryId}, ${referralId}, ${ctx.actor.organisationId}, ${input.urgency}, ${r.organisationId},
        ${r.serviceId}, ${r.toRoute}, ${state}, ${now}, ${input.send ? now : null}, ${now})
      RETURNING id`;
    tasks.push({ id: t!.id, organisationId: r.organisationId, toRoute: r.toRoute });
    if (input.send)
      await recordEvent(ctx.tx, 'send', { ...eventBase, taskId: t!.id, fromState: 'brouillon', toState: 'envoyee' });
  }
  await grantPersonAccess(ctx.tx, ctx.territoryId, input.personId, [ctx.actor.organisationId], 'referral', now);
  if (input.send) {
    await grantPersonAccess(
      ctx.tx,
      ctx.territoryId,
      input.personId,
      recipients.map((r) => r.organisationId),
      'referral',
      now,
    );
    await notifySent(
      ctx,
      {
        referralId,
        senderName: ctx.membership?.organisationName ?? '',
        thematiques: input.thematiques,
        urgent: input.urgency === 'urgente',
      },
      tasks,
    );
  }

  // Files last; removed again if anything after them fails (the transaction then rolls back).
  return withFileCleanup(async (written) => {
    const attachmentIds = await storeAttachments(ctx.tx, {
      filesDir: ctx.config.filesDir,
      territoryId: ctx.territoryId,
      referralId,
      userId: ctx.actor.userId,
      organisationId: ctx.actor.organisationId,
      at: now,
      files,
      written,
    });
    await ctx.audit({
      action: 'referral.create',
      objectType: 'referral',
      objectId: referralId,
      personId: input.personId,
      details: {
        sent: input.send,
        recipients: recipients.map((r) => (r.toRoute ? 'à router' : r.organisationId)),
        thematiques: input.thematiques,
        consentEventId,
        attachments: attachmentIds.length,
      },
    });
    return { id: referralId };
  });
});
