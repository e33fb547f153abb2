import type { TransactionSql } from '@ensemblier/db';
import { can, consentInput, type ConsentKind, type ConsentMode } from '@ensemblier/shared';
import { authedProcedure, fieldError, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../access.ts';

export interface ConsentRecord {
  personId: string;
  kind: ConsentKind;
  mode: ConsentMode;
  occurredOn: string;
  allOrganisations: boolean;
  organisationIds: readonly string[];
  thematiqueCategories: readonly string[];
  note: string | null;
}

/**
 * Writes an information / consent / objection event and applies it to accesses:
 * - an objection revokes the access of every organisation it covers (all of the territory's
 *   when allOrganisations), except the recorder's own organisation, which keeps the file it
 *   holds (it is the one that heard and wrote the objection), and ends their membership of the
 *   follow-up group; new referrals to those organisations are refused (sharingDecision);
 * - an information or consent restores the revoked access of the organisations it covers (the
 *   person lifted an earlier objection), not one ended by leaving the follow-up group. It
 *   grants no new access (nor membership) by itself.
 */
export async function writeConsentEvent(
  tx: TransactionSql,
  who: { territoryId: string; userId: string; organisationId: string; at: Date },
  c: ConsentRecord,
): Promise<string> {
  const orgIds = [...new Set(c.organisationIds)];
  if (orgIds.length > 0) {
    const [row] = await tx<{ n: number }[]>`
      SELECT count(*)::int AS n FROM organisation WHERE id = ANY(${orgIds}::uuid[])`;
    if (row!.n !== orgIds.length) fieldError('organisationIds', 'Choisissez des structures du réseau.');
  }
  const [event] = await tx<{ id: string }[]>`
    INSERT INTO consent_event (territory_id, person_id, kind, mode, occurred_on, all_organisations,
      thematique_categories, note, recorded_by_user_id, recorded_by_organisation_id, recorded_at)
    VALUES (${who.territoryId}, ${c.personId}, ${c.kind}, ${c.mode}, ${c.occurredOn}, ${c.allOrganisations},
      ${[...c.thematiqueCategories]}, ${c.note}, ${who.userId}, ${who.organisationId},
      -- Strictly after the person's previous event: "the latest event decides" needs an order.
      GREATEST(${who.at}::timestamptz, (SELECT max(recorded_at) + interval '1 millisecond'
        FROM consent_event WHERE person_id = ${c.personId})))
    RETURNING id`;
  const id = event!.id;
  if (orgIds.length > 0)
    await tx`INSERT INTO consent_event_organisation (territory_id, consent_event_id, organisation_id)
      SELECT ${who.territoryId}, ${id}, o FROM unnest(${orgIds}::uuid[]) o`;
  // Access follows the organisations covered, whatever the thématiques (an objection ends
  // the organisation's access to the person, not to a part of the file).
  if (c.kind === 'objection') {
    await tx`UPDATE person_access SET revoked_at = ${who.at}, revoked_reason = 'objection'
      WHERE person_id = ${c.personId} AND revoked_at IS NULL AND organisation_id <> ${who.organisationId}
        AND (${c.allOrganisations}::boolean OR organisation_id = ANY(${orgIds}::uuid[]))`;
    // The organisations covered leave the person's follow-up group too.
    await tx`UPDATE follow_up_member SET left_at = GREATEST(${who.at}::timestamptz, joined_at), ended_by_user_id = ${who.userId}
      WHERE person_id = ${c.personId} AND left_at IS NULL AND organisation_id <> ${who.organisationId}
        AND (${c.allOrganisations}::boolean OR organisation_id = ANY(${orgIds}::uuid[]))`;
  } else {
    // Not the accesses ended by leaving the follow-up group: a consent is no invitation back.
    await tx`UPDATE person_access SET revoked_at = NULL, revoked_reason = NULL, granted_at = ${who.at}
      WHERE person_id = ${c.personId} AND revoked_at IS NOT NULL
        AND revoked_reason IS DISTINCT FROM 'left_group'
        AND (${c.allOrganisations}::boolean OR organisation_id = ANY(${orgIds}::uuid[]))`;
  }
  return id;
}

export const recordConsent = authedProcedure.input(consentInput).mutation(async ({ ctx, input }) => {
  if (!can(ctx.actor, 'referral.use') || !(await canSeePerson(ctx, input.personId))) notFound();
  const id = await writeConsentEvent(
    ctx.tx,
    {
      territoryId: ctx.territoryId,
      userId: ctx.actor.userId,
      organisationId: ctx.actor.organisationId,
      at: ctx.clock.now(),
    },
    input,
  );
  await ctx.audit({
    action: 'person.consent',
    objectType: 'consent_event',
    objectId: id,
    personId: input.personId,
    details: {
      kind: input.kind,
      mode: input.mode,
      allOrganisations: input.allOrganisations,
      organisations: input.organisationIds.length,
    },
  });
  return { id };
});
