import { createPersonInput, personNameKey } from '@ensemblier/shared';
import { authedProcedure, fieldError } from '../../trpc/init.ts';
import { grantPersonAccess, requirePersonsUse } from '../access.ts';
import { joinFollowUpGroup } from '../follow-up.ts';
import { findDuplicates } from './search.ts';

/**
 * Creates a person's file. Unless the user confirmed it is not one of them, the possible
 * duplicates among the files they may see come back instead (nothing is written).
 */
export const createPerson = authedProcedure.input(createPersonInput).mutation(async ({ ctx, input }) => {
  requirePersonsUse(ctx);
  if (!input.confirmNotDuplicate) {
    const duplicates = await findDuplicates(ctx, input);
    if (duplicates.length > 0) {
      await ctx.audit({
        action: 'person.duplicate_check',
        objectType: 'person',
        details: { matches: duplicates.length },
      });
      return { created: false as const, duplicates };
    }
  }
  if (input.communeInsee) {
    const [c] = await ctx.tx`SELECT 1 FROM commune WHERE code = ${input.communeInsee}`;
    if (!c) fieldError('communeInsee', 'Choisissez la commune dans la liste.');
  }
  const now = ctx.clock.now();
  const [row] = await ctx.tx<{ id: string }[]>`
    INSERT INTO person (territory_id, nom, prenom, nom_naissance, date_naissance, commune_insee, adresse,
      telephone, courriel, preferred_contact, name_key, created_by_organisation_id, created_by_user_id,
      created_at, updated_at)
    VALUES (${ctx.territoryId}, ${input.nom}, ${input.prenom}, ${input.nomNaissance}, ${input.dateNaissance},
      ${input.communeInsee}, ${input.adresse}, ${input.telephone}, ${input.courriel}, ${input.preferredContact},
      ${personNameKey(input.nom, input.prenom)}, ${ctx.actor.organisationId}, ${ctx.actor.userId}, ${now}, ${now})
    RETURNING id`;
  const id = row!.id;
  await grantPersonAccess(ctx.tx, ctx.territoryId, id, [ctx.actor.organisationId], 'creator', now);
  // The creating organisation supports the person: it joins the follow-up group, its user as
  // référent (the technical admin is never a référent).
  await joinFollowUpGroup(ctx.tx, {
    territoryId: ctx.territoryId,
    personId: id,
    organisationId: ctx.actor.organisationId,
    reason: 'createur',
    referentUserId: ctx.actor.role === 'admin' ? null : ctx.actor.userId,
    addedByUserId: ctx.actor.userId,
    at: now,
  });
  await ctx.audit({
    action: 'person.create',
    objectType: 'person',
    objectId: id,
    personId: id,
    details: { confirmedNotDuplicate: input.confirmNotDuplicate },
  });
  return { created: true as const, id };
});
