import type { TransactionSql } from '@ensemblier/db';
import { can, objectionAgainst, type ConsentEventLike } from '@ensemblier/shared';
import { forbidden } from '../trpc/init.ts';
import type { TenantContext } from '../trpc/context.ts';

/**
 * Who may see a person's file (persons.* procedures, person names in referral lists):
 *
 * - an organisation holding a `person_access` row that is not revoked (it created the file,
 *   or sends/receives a referral about the person);
 * - the territory's coordinators, for every person who has a referral, unless an objection
 *   covering their organisation is in force (the latest event covering it is an objection).
 *
 * An objection revokes the `person_access` rows of the organisations it covers (never the
 * recorder's own: the organisation that holds the file and wrote the objection keeps it); a
 * later information or consent event covering an organisation restores its revoked row.
 * Volunteers and commission members never see a person (need to know).
 *
 * Only an active file is seen here (person.status, migration 0012): an archived, merged or
 * eliminated file is reached only through the archives procedures (the `archiviste` role) or,
 * for a merged one, through the file it was merged into.
 */
export function personAccessSql(tx: TransactionSql, ctx: Pick<TenantContext, 'actor'>, personIdColumn = 'p.id') {
  const org = ctx.actor.organisationId;
  const coordinator = ctx.actor.role === 'coordinator';
  const col = tx(personIdColumn); // an identifier: "p"."id"
  return tx`(
    EXISTS (SELECT 1 FROM person ps WHERE ps.id = ${col} AND ps.status = 'active')
    AND (EXISTS (SELECT 1 FROM person_access pa WHERE pa.person_id = ${col} AND pa.organisation_id = ${org}
      AND pa.revoked_at IS NULL)
    OR (${coordinator}::boolean
      AND EXISTS (SELECT 1 FROM referral r WHERE r.person_id = ${col})
      AND NOT ${objectionInForceSql(tx, col, org)})))`;
}

/** True when the latest consent event covering the organisation is an objection. */
export function objectionInForceSql(tx: TransactionSql, personId: unknown, organisationId: string) {
  return tx`coalesce((SELECT ce.kind = 'objection' FROM consent_event ce
    WHERE ce.person_id = ${personId as string}
      AND (ce.all_organisations OR EXISTS (SELECT 1 FROM consent_event_organisation ceo
        WHERE ceo.consent_event_id = ce.id AND ceo.organisation_id = ${organisationId}))
      AND NOT (ce.all_organisations AND ce.kind = 'objection' AND ce.recorded_by_organisation_id = ${organisationId})
    ORDER BY ce.recorded_at DESC, ce.id DESC LIMIT 1), false)`;
}

/** Persons are for professionals only (referral.use); others get FORBIDDEN on lists. */
export function requirePersonsUse(ctx: Pick<TenantContext, 'actor'>) {
  if (!can(ctx.actor, 'referral.use')) forbidden();
}

export async function canSeePerson(ctx: TenantContext, personId: string): Promise<boolean> {
  if (!can(ctx.actor, 'referral.use')) return false;
  const [row] = await ctx.tx<{ ok: boolean }[]>`
    SELECT ${personAccessSql(ctx.tx, ctx, 'p.id')} AS ok FROM person p WHERE p.id = ${personId}`;
  return row?.ok === true;
}

export interface ConsentEventRow extends ConsentEventLike {
  recordedByOrganisationId: string;
}

/** Every information / consent / objection event of a person, for sharingDecision. */
export async function consentEvents(tx: TransactionSql, personId: string): Promise<ConsentEventRow[]> {
  const rows = await tx<
    {
      id: string;
      kind: ConsentEventLike['kind'];
      recorded_at: Date;
      all_organisations: boolean;
      organisation_ids: string[];
      thematique_categories: string[];
      recorded_by_organisation_id: string;
    }[]
  >`
    SELECT ce.id, ce.kind, ce.recorded_at, ce.all_organisations, ce.thematique_categories,
      ce.recorded_by_organisation_id,
      coalesce((SELECT array_agg(ceo.organisation_id) FROM consent_event_organisation ceo
        WHERE ceo.consent_event_id = ce.id), '{}') AS organisation_ids
    FROM consent_event ce WHERE ce.person_id = ${personId}
    ORDER BY ce.recorded_at, ce.id`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recordedAt: r.recorded_at,
    allOrganisations: r.all_organisations,
    organisationIds: r.organisation_ids,
    thematiqueCategories: r.thematique_categories,
    recordedByOrganisationId: r.recorded_by_organisation_id,
  }));
}

/** Grants (or restores) organisations' access to a person. */
export async function grantPersonAccess(
  tx: TransactionSql,
  territoryId: string,
  personId: string,
  organisationIds: readonly string[],
  reason: 'creator' | 'referral' | 'follow_up',
  at: Date,
): Promise<void> {
  const ids = [...new Set(organisationIds)];
  if (ids.length === 0) return;
  await tx`
    INSERT INTO person_access (territory_id, person_id, organisation_id, reason, granted_at)
    SELECT ${territoryId}, ${personId}, o, ${reason}, ${at} FROM unnest(${ids}::uuid[]) o
    ON CONFLICT (territory_id, person_id, organisation_id)
    DO UPDATE SET revoked_at = NULL, revoked_reason = NULL, granted_at = CASE WHEN person_access.revoked_at IS NULL
      THEN person_access.granted_at ELSE EXCLUDED.granted_at END`;
}

/** objectionAgainst, except an organisation's own record of an objection to every organisation. */
export function objectionAgainstOrganisation(events: readonly ConsentEventRow[], organisationId: string) {
  return objectionAgainst(
    events.filter(
      (e) => !(e.allOrganisations && e.kind === 'objection' && e.recordedByOrganisationId === organisationId),
    ),
    organisationId,
  );
}
