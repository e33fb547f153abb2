import { addAttachmentsInput, attachmentIdInput, ATTACHMENTS_MAX_COUNT } from '@ensemblier/shared';
import { authedProcedure, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { taskRelations, visibleReferral } from '../common.ts';
import { checkUploads, readAttachment, storeAttachments, withFileCleanup } from '../files.ts';

/** Attachments added later by the sender or a recipient organisation (same checks as at creation). */
export const addAttachments = authedProcedure.input(addAttachmentsInput).mutation(async ({ ctx, input }) => {
  const { referral, visible } = await visibleReferral(ctx, input.referralId);
  const relations = visible.flatMap((t) => taskRelations(ctx.actor, t));
  if (!relations.includes('sender') && !relations.includes('recipient')) forbidden();
  const [count] = await ctx.tx<{ n: number }[]>`
    SELECT count(*)::int AS n FROM referral_attachment WHERE referral_id = ${referral.id}`;
  if (count!.n + input.attachments.length > ATTACHMENTS_MAX_COUNT * 4)
    fieldError('attachments', 'Cette orientation a déjà trop de pièces jointes.');
  const files = await checkUploads(input.attachments);
  return withFileCleanup(async (written) => {
    const ids = await storeAttachments(ctx.tx, {
      filesDir: ctx.config.filesDir,
      territoryId: ctx.territoryId,
      referralId: referral.id,
      userId: ctx.actor.userId,
      organisationId: ctx.actor.organisationId,
      at: ctx.clock.now(),
      files,
      written,
    });
    await ctx.audit({
      action: 'referral_attachment.add',
      objectType: 'referral',
      objectId: referral.id,
      personId: referral.person_id,
      details: { attachmentIds: ids, files: files.map((f) => ({ name: f.fileName, type: f.mimeType })) },
    });
    return { ids };
  });
});

/**
 * Downloads a file after the referral's visibility check: the sender and coordinators get every
 * attachment, a recipient the sender's and its own. Each download is audited.
 */
export const downloadAttachment = authedProcedure.input(attachmentIdInput).query(async ({ ctx, input }) => {
  const { referral } = await visibleReferral(ctx, input.referralId);
  const senderOrCoordinator =
    referral.sender_organisation_id === ctx.actor.organisationId || ctx.actor.role === 'coordinator';
  const [a] = await ctx.tx<
    {
      id: string;
      storage_key: string;
      file_name: string;
      mime_type: string;
      sha256: string;
      uploaded_by_organisation_id: string;
    }[]
  >`
    SELECT id, storage_key, file_name, mime_type, sha256, uploaded_by_organisation_id FROM referral_attachment
    WHERE id = ${input.attachmentId} AND referral_id = ${referral.id}`;
  if (!a) notFound();
  if (
    !senderOrCoordinator &&
    a.uploaded_by_organisation_id !== referral.sender_organisation_id &&
    a.uploaded_by_organisation_id !== ctx.actor.organisationId
  )
    notFound();
  const bytes = await readAttachment(ctx.config.filesDir, a.storage_key, a.sha256);
  await ctx.audit({
    action: 'referral_attachment.download',
    objectType: 'referral_attachment',
    objectId: a.id,
    personId: referral.person_id,
    details: { referralId: referral.id, fileName: a.file_name },
  });
  return { fileName: a.file_name, mimeType: a.mime_type, contentBase64: bytes.toString('base64') };
});
