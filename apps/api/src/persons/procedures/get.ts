import {
  PERSON_FIELDS,
  personIdInput,
  sharedFields,
  type ConsentKind,
  type ConsentMode,
  type PersonField,
  type ReferralState,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, notFound } from '../../trpc/init.ts';
import { canSeePerson, consentEvents, objectionAgainstOrganisation } from '../access.ts';
import { loadPerson, personFields } from '../person-row.ts';

/**
 * The fields of the file an organisation may read: the whole file when it created it (or
 * follows the person); otherwise only what the referrals it sent, received or (coordinators)
 * routes share for their thématiques (the need-to-know whitelist).
 */
export async function visiblePersonFields(ctx: TenantContext, personId: string): Promise<PersonField[]> {
  const [access] = await ctx.tx<{ reason: string }[]>`
    SELECT reason FROM person_access
    WHERE person_id = ${personId} AND organisation_id = ${ctx.actor.organisationId} AND revoked_at IS NULL`;
  if (access && access.reason !== 'referral') return [...PERSON_FIELDS];
  const org = ctx.actor.organisationId;
  const rows = await ctx.tx<{ thematiques: string[] }[]>`
    SELECT r.thematiques FROM referral r
    WHERE r.person_id = ${personId} AND (${ctx.actor.role === 'coordinator'}::boolean
      OR r.sender_organisation_id = ${org}
      OR EXISTS (SELECT 1 FROM referral_task t WHERE t.referral_id = r.id AND t.recipient_organisation_id = ${org}))`;
  return sharedFields(rows.flatMap((r) => r.thematiques));
}

/** Why the reader may open the file, written in the `person.read` audit row (« Qui a consulté »). */
export type ConsultationReason = 'createur' | 'orientation' | 'groupe_de_suivi' | 'ccas';

/**
 * The reason the actor's organisation sees the person: its `person_access` row (creator,
 * referral — with the latest referral it sent or received —, follow-up group), otherwise the
 * coordinators' route (the CCAS sees every person who has a referral).
 */
export async function consultationReason(
  ctx: TenantContext,
  personId: string,
): Promise<{ reason: ConsultationReason; referralId?: string }> {
  const org = ctx.actor.organisationId;
  const [access] = await ctx.tx<{ reason: 'creator' | 'referral' | 'follow_up' }[]>`
    SELECT reason FROM person_access
    WHERE person_id = ${personId} AND organisation_id = ${org} AND revoked_at IS NULL`;
  if (access?.reason === 'creator') return { reason: 'createur' };
  if (access?.reason === 'follow_up') return { reason: 'groupe_de_suivi' };
  if (access?.reason === 'referral') {
    const [r] = await ctx.tx<{ id: string }[]>`
      SELECT r.id FROM referral r
      WHERE r.person_id = ${personId} AND (r.sender_organisation_id = ${org}
        OR EXISTS (SELECT 1 FROM referral_task t WHERE t.referral_id = r.id AND t.recipient_organisation_id = ${org}))
      ORDER BY r.created_at DESC LIMIT 1`;
    return r ? { reason: 'orientation', referralId: r.id } : { reason: 'orientation' };
  }
  return { reason: 'ccas' };
}

export const getPerson = authedProcedure.input(personIdInput).query(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const row = await loadPerson(ctx.tx, input.personId);
  if (!row) notFound();
  const visible = await visiblePersonFields(ctx, row.id);
  const all = personFields(row);
  const fields: Partial<Record<PersonField, string | null>> = {};
  for (const f of visible) fields[f] = all[f];

  const consents = await ctx.tx<
    {
      id: string;
      kind: ConsentKind;
      mode: ConsentMode;
      occurred_on: string;
      all_organisations: boolean;
      organisations: { id: string; name: string }[] | null;
      thematique_categories: string[];
      note: string | null;
      recorded_by: string;
      recorded_by_organisation: string;
      recorded_at: Date;
    }[]
  >`
    SELECT ce.id, ce.kind, ce.mode, to_char(ce.occurred_on, 'YYYY-MM-DD') AS occurred_on, ce.all_organisations,
      (SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name)
        FROM consent_event_organisation ceo JOIN organisation o ON o.id = ceo.organisation_id
        WHERE ceo.consent_event_id = ce.id) AS organisations,
      ce.thematique_categories, ce.note, u.name AS recorded_by, ro.name AS recorded_by_organisation, ce.recorded_at
    FROM consent_event ce
    JOIN app_user u ON u.id = ce.recorded_by_user_id
    JOIN organisation ro ON ro.id = ce.recorded_by_organisation_id
    WHERE ce.person_id = ${row.id}
    ORDER BY ce.recorded_at DESC, ce.id`;

  const org = ctx.actor.organisationId;
  const referrals = await ctx.tx<
    { id: string; created_at: Date; thematiques: string[]; overall_state: ReferralState; sender_name: string }[]
  >`
    SELECT r.id, r.created_at, r.thematiques, r.overall_state, so.name AS sender_name
    FROM referral r JOIN organisation so ON so.id = r.sender_organisation_id
    WHERE r.person_id = ${row.id} AND (${ctx.actor.role === 'coordinator'}::boolean
      OR r.sender_organisation_id = ${org}
      OR EXISTS (SELECT 1 FROM referral_task t WHERE t.referral_id = r.id AND t.recipient_organisation_id = ${org}
        AND t.state <> 'brouillon'))
    ORDER BY r.created_at DESC
    LIMIT 200`;

  const objection = objectionAgainstOrganisation(await consentEvents(ctx.tx, row.id), org);
  await ctx.audit({
    action: 'person.read',
    objectType: 'person',
    objectId: row.id,
    personId: row.id,
    details: await consultationReason(ctx, row.id),
  });
  return {
    person: { id: row.id, ...fields, communeName: visible.includes('communeInsee') ? row.commune_name : null },
    visibleFields: visible,
    consents: consents.map((c) => ({
      id: c.id,
      kind: c.kind,
      mode: c.mode,
      occurredOn: c.occurred_on,
      allOrganisations: c.all_organisations,
      organisations: c.organisations ?? [],
      thematiqueCategories: c.thematique_categories,
      note: c.note,
      recordedBy: c.recorded_by,
      recordedByOrganisation: c.recorded_by_organisation,
      recordedAt: c.recorded_at,
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      thematiques: r.thematiques,
      overallState: r.overall_state,
      senderOrganisationName: r.sender_name,
    })),
    objectionAgainstMyOrganisation: objection !== null,
  };
});
