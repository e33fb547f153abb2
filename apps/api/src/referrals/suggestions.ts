import {
  can,
  objectionAgainst,
  personPublics,
  rankSuggestions,
  referralRelations,
  ROLES_WITHOUT_REFERRALS,
  ROUTING_RECORD_MONTHS,
  routingSuggestionsInput,
  TRANSITIONS,
  type CapacityStatus,
  type PartnerRecord,
  type ReferralState,
  type RoutingCandidate,
} from '@ensemblier/shared';
import { consentEvents } from '../persons/access.ts';
import { authedProcedure, conflict, forbidden, notFound } from '../trpc/init.ts';

interface TaskForRouting {
  id: string;
  referral_id: string;
  state: ReferralState;
  sender_organisation_id: string;
  recipient_organisation_id: string;
  person_id: string;
  thematiques: string[];
  date_naissance: Date | null;
  zone_codes: string[] | null;
}

interface ServiceCandidateRow {
  id: string;
  nom: string;
  organisation_id: string;
  organisation_name: string;
  thematiques: string[];
  zone_eligibilite: string[];
  publics: string[];
  capacity_status: CapacityStatus;
}

interface RecordRow {
  organisation_id: string;
  past: number;
  answered: number;
  accepted: number;
  median_days: number | null;
}

/** Tasks of the referral still open elsewhere: forwarding there again would duplicate them. */
const OPEN_STATES: readonly ReferralState[] = ['envoyee', 'vue', 'acceptee', 'en_cours'];

/**
 * Routing help for the CCAS: the territory's services that could take a referral « à router »,
 * ranked by rankSuggestions (packages/shared/src/referrals/routing.ts): thématique, the person's
 * commune in the zone, public, capacity, and the partner's record over 12 months (one aggregate
 * query per candidate organisation on referral_task_recipient_idx). Organisations the person
 * objected to are left out. Coordinators only; the read of the person's commune is audited.
 */
export const routingSuggestions = authedProcedure.input(routingSuggestionsInput).query(async ({ ctx, input }) => {
  if (ROLES_WITHOUT_REFERRALS.includes(ctx.actor.role)) notFound();
  const [task] = await ctx.tx<TaskForRouting[]>`
    SELECT t.id, t.referral_id, t.state, t.sender_organisation_id, t.recipient_organisation_id, r.person_id,
      r.thematiques, p.date_naissance, commune_zone_codes(p.commune_insee) AS zone_codes
    FROM referral_task t
    JOIN referral r ON r.territory_id = t.territory_id AND r.id = t.referral_id
    JOIN person p ON p.territory_id = r.territory_id AND p.id = r.person_id
    WHERE t.id = ${input.taskId}`;
  if (!task) notFound();
  const relations = referralRelations(ctx.actor, {
    senderOrganisationId: task.sender_organisation_id,
    recipientOrganisationId: task.recipient_organisation_id,
  }).filter((r) => task.state !== 'brouillon' || r !== 'recipient');
  if (relations.length === 0) notFound();
  if (!can(ctx.actor, 'referral.route')) forbidden();
  if (!TRANSITIONS.reorient.from.includes(task.state))
    conflict('Cette orientation ne peut plus être réorientée : elle a déjà une réponse ou est close.');

  const now = ctx.clock.now();
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - ROUTING_RECORD_MONTHS);

  // Not the sender, not the current recipient (the CCAS itself for a referral « à router »),
  // nor an organisation that already holds an open task on this referral.
  const open = await ctx.tx<{ organisation_id: string }[]>`
    SELECT DISTINCT recipient_organisation_id AS organisation_id FROM referral_task
    WHERE referral_id = ${task.referral_id} AND state = ANY(${OPEN_STATES as string[]}::text[])`;
  const excluded = [
    ...new Set([task.sender_organisation_id, task.recipient_organisation_id, ...open.map((o) => o.organisation_id)]),
  ];
  const services = await ctx.tx<ServiceCandidateRow[]>`
    SELECT s.id, s.nom, s.organisation_id, o.name AS organisation_name, s.thematiques, s.zone_eligibilite,
      s.publics, s.capacity_status
    FROM service s JOIN organisation o ON o.territory_id = s.territory_id AND o.id = s.organisation_id
    WHERE s.status = 'active' AND s.accepts_referrals AND o.status = 'active'
      AND s.organisation_id <> ALL(${excluded}::uuid[])`;

  const events = await consentEvents(ctx.tx, task.person_id);
  const allowed = services.filter((s) => !objectionAgainst(events, s.organisation_id));
  const orgIds = [...new Set(allowed.map((s) => s.organisation_id))];

  // The partners' record: one aggregate per organisation, each an index range scan on
  // referral_task_recipient_idx (territory, recipient, sent_at DESC).
  const records = orgIds.length
    ? await ctx.tx<RecordRow[]>`
        SELECT o AS organisation_id, a.past, a.answered, a.accepted, a.median_days
        FROM unnest(${orgIds}::uuid[]) o
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS past,
            count(*) FILTER (WHERE t.answered_at IS NOT NULL)::int AS answered,
            count(*) FILTER (WHERE t.answered_at IS NOT NULL AND t.refusal_reason IS NULL
              AND t.state <> 'refusee')::int AS accepted,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.answered_at - t.sent_at)::float8 / 86400)
              FILTER (WHERE t.answered_at IS NOT NULL) AS median_days
          FROM referral_task t
          WHERE t.recipient_organisation_id = o AND t.sent_at >= ${since} AND t.sent_at <= ${now}
        ) a`
    : [];
  const recordOf = new Map<string, PartnerRecord>(
    records.map((r) => [
      r.organisation_id,
      { pastReferrals: r.past, answered: r.answered, accepted: r.accepted, medianResponseDays: r.median_days },
    ]),
  );

  const candidates: RoutingCandidate[] = allowed.map((s) => ({
    serviceId: s.id,
    serviceName: s.nom,
    organisationId: s.organisation_id,
    organisationName: s.organisation_name,
    thematiques: s.thematiques,
    zoneEligibilite: s.zone_eligibilite,
    publics: s.publics,
    capacityStatus: s.capacity_status,
    record: recordOf.get(s.organisation_id) ?? { pastReferrals: 0, answered: 0, accepted: 0, medianResponseDays: null },
  }));
  const suggestions = rankSuggestions(
    {
      thematiques: task.thematiques,
      personZoneCodes: task.zone_codes,
      personPublics: personPublics(task.date_naissance, now),
    },
    candidates,
  );

  await ctx.audit({
    action: 'referral.suggestions',
    objectType: 'referral_task',
    objectId: task.id,
    personId: task.person_id,
    details: { referralId: task.referral_id, suggestions: suggestions.length },
  });
  return suggestions;
});
