import { postMessageInput } from '@ensemblier/shared';
import { notify } from '../../notifications/emit.ts';
import { authedProcedure } from '../../trpc/init.ts';
import { referralLink, visibleTask } from '../common.ts';

/**
 * A message in the thread of one task (sender ↔ that recipient; coordinators may write in any).
 * The other side is notified: the recipient organisation when the sender (or a coordinator)
 * writes, the sender user when the recipient (or a coordinator) writes.
 */
export const postMessage = authedProcedure.input(postMessageInput).mutation(async ({ ctx, input }) => {
  const { task, referral, relations } = await visibleTask(ctx, input.taskId);
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO referral_message (territory_id, referral_id, task_id, author_user_id, author_organisation_id, body,
      created_at)
    VALUES (${ctx.territoryId}, ${referral.id}, ${task.id}, ${ctx.actor.userId}, ${ctx.actor.organisationId},
      ${input.body}, ${now})
    RETURNING id`;
  const id = row!.id;
  const toRecipient = !relations.includes('recipient') && task.state !== 'brouillon';
  const toSender = !relations.includes('sender');
  await notify(
    ctx.tx,
    ctx.territoryId,
    {
      organisationIds: toRecipient ? [task.recipient_organisation_id] : [],
      userIds: toSender ? [referral.sender_user_id] : [],
      exceptUserId: ctx.actor.userId,
    },
    {
      kind: 'referral_message',
      dedupeKey: `referral_message:${id}`,
      title: `Nouveau message de ${ctx.membership?.organisationName ?? 'votre partenaire'}`,
      body: 'Un message a été ajouté au fil d’une orientation.',
      link: referralLink(referral.id),
      referralId: referral.id,
    },
  );
  await ctx.audit({
    action: 'referral.message',
    objectType: 'referral_message',
    objectId: id,
    personId: referral.person_id,
    details: { referralId: referral.id, taskId: task.id },
  });
  return { id };
});
