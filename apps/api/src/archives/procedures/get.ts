import {
  personIdInput,
  type ConsentKind,
  type ConsentMode,
  type EliminationStatus,
  type EntryVisibility,
  type FollowUpReason,
  type ReferralState,
  type RetentionCategory,
  type SensitiveCategory,
  type TimelineEntryType,
} from '@ensemblier/shared';
import { authedProcedure, notFound } from '../../trpc/init.ts';
import { loadPerson, personFields } from '../../persons/person-row.ts';
import { requireArchives } from '../access.ts';

/** An archived file holds few entries; beyond this the oldest are not shown. */
const MAX_ENTRIES = 2000;

/**
 * The read-only view of an archived file (archivist only): identity, information/consent
 * events, referrals, follow-up group history, timeline and elimination decisions. Sensitive
 * timeline entries (health, debts, justice) show their category, type and date, never their
 * text: the archivist decides what is kept, not the support. Audited as a `person.read` with
 * the reason 'archives' (« Qui a consulté ce dossier » lists it).
 */
export const getArchivedFile = authedProcedure.input(personIdInput).query(async ({ ctx, input }) => {
  requireArchives(ctx);
  const [meta] = await ctx.tx<
    {
      status: string;
      archived_at: Date;
      last_activity_at: Date;
      retention_category: RetentionCategory | null;
      created_by_organisation: string;
    }[]
  >`
    SELECT p.status, p.archived_at, p.last_activity_at, p.retention_category, o.name AS created_by_organisation
    FROM person p JOIN organisation o ON o.id = p.created_by_organisation_id
    WHERE p.id = ${input.personId}`;
  if (!meta || meta.status !== 'archived') notFound();
  const row = (await loadPerson(ctx.tx, input.personId))!;

  const consents = await ctx.tx<
    {
      id: string;
      kind: ConsentKind;
      mode: ConsentMode;
      occurred_on: string;
      all_organisations: boolean;
      organisations: string[] | null;
      recorded_by_organisation: string;
      recorded_at: Date;
    }[]
  >`
    SELECT ce.id, ce.kind, ce.mode, to_char(ce.occurred_on, 'YYYY-MM-DD') AS occurred_on, ce.all_organisations,
      (SELECT array_agg(o.name ORDER BY o.name) FROM consent_event_organisation ceo
        JOIN organisation o ON o.id = ceo.organisation_id WHERE ceo.consent_event_id = ce.id) AS organisations,
      ro.name AS recorded_by_organisation, ce.recorded_at
    FROM consent_event ce JOIN organisation ro ON ro.id = ce.recorded_by_organisation_id
    WHERE ce.person_id = ${row.id}
    ORDER BY ce.recorded_at DESC, ce.id`;

  const referrals = await ctx.tx<
    {
      id: string;
      created_at: Date;
      thematiques: string[];
      overall_state: ReferralState;
      sender: string;
      recipients: string[] | null;
    }[]
  >`
    SELECT r.id, r.created_at, r.thematiques, r.overall_state, so.name AS sender,
      (SELECT array_agg(o.name ORDER BY t.created_at) FROM referral_task t
        JOIN organisation o ON o.id = t.recipient_organisation_id WHERE t.referral_id = r.id) AS recipients
    FROM referral r JOIN organisation so ON so.id = r.sender_organisation_id
    WHERE r.person_id = ${row.id}
    ORDER BY r.created_at DESC`;

  const group = await ctx.tx<{ organisation: string; reason: FollowUpReason; joined_at: Date; left_at: Date | null }[]>`
    SELECT o.name AS organisation, m.reason, m.joined_at, m.left_at
    FROM follow_up_member m JOIN organisation o ON o.id = m.organisation_id
    WHERE m.person_id = ${row.id}
    ORDER BY m.joined_at DESC`;

  const entries = await ctx.tx<
    {
      id: string;
      type: TimelineEntryType;
      visibility: EntryVisibility;
      sensitive_category: SensitiveCategory | null;
      title: string;
      body: string;
      occurred_at: Date;
      author_organisation: string;
    }[]
  >`
    SELECT e.id, e.type, e.visibility, e.sensitive_category, e.title, e.body, e.occurred_at,
      o.name AS author_organisation
    FROM timeline_entry e JOIN organisation o ON o.id = e.author_organisation_id
    WHERE e.person_id = ${row.id}
    ORDER BY e.occurred_at DESC, e.created_at DESC, e.id
    LIMIT ${MAX_ENTRIES}`;

  const eliminations = await ctx.tx<
    {
      id: string;
      category: RetentionCategory;
      due_at: Date;
      status: EliminationStatus;
      proposed_at: Date;
      decided_at: Date | null;
      decided_by_name: string | null;
      motive: string | null;
    }[]
  >`
    SELECT e.id, e.category, e.due_at, e.status, e.proposed_at, e.decided_at, u.name AS decided_by_name, e.motive
    FROM elimination_request e LEFT JOIN app_user u ON u.id = e.decided_by
    WHERE e.person_id = ${row.id}
    ORDER BY e.proposed_at DESC`;

  await ctx.audit({
    action: 'person.read',
    objectType: 'person',
    objectId: row.id,
    personId: row.id,
    details: { reason: 'archives' },
  });
  return {
    person: { id: row.id, ...personFields(row), communeName: row.commune_name },
    archivedAt: meta.archived_at,
    lastActivityAt: meta.last_activity_at,
    category: meta.retention_category,
    createdByOrganisation: meta.created_by_organisation,
    createdAt: row.created_at,
    consents: consents.map((c) => ({
      id: c.id,
      kind: c.kind,
      mode: c.mode,
      occurredOn: c.occurred_on,
      allOrganisations: c.all_organisations,
      organisations: c.organisations ?? [],
      recordedByOrganisation: c.recorded_by_organisation,
      recordedAt: c.recorded_at,
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      thematiques: r.thematiques,
      overallState: r.overall_state,
      senderOrganisationName: r.sender,
      recipientOrganisationNames: r.recipients ?? [],
    })),
    group: group.map((m) => ({
      organisationName: m.organisation,
      reason: m.reason,
      joinedAt: m.joined_at,
      leftAt: m.left_at,
    })),
    timeline: entries.map((e) => ({
      id: e.id,
      type: e.type,
      visibility: e.visibility,
      sensitiveCategory: e.sensitive_category,
      title: e.sensitive_category ? null : e.title,
      body: e.sensitive_category ? null : e.body,
      occurredAt: e.occurred_at,
      authorOrganisationName: e.author_organisation,
    })),
    eliminations: eliminations.map((e) => ({
      id: e.id,
      category: e.category,
      dueAt: e.due_at,
      status: e.status,
      proposedAt: e.proposed_at,
      decidedAt: e.decided_at,
      decidedBy: e.decided_by_name,
      motive: e.motive,
    })),
  };
});
