import { rm } from 'node:fs/promises';
import type { TransactionSql } from '@ensemblier/db';
import { writeAudit, type AuditWho } from '../audit/audit.ts';
import { pathOf } from '../referrals/files.ts';

/**
 * THE list of what an elimination deletes: every table holding a person's data, in an order
 * that respects the foreign keys (children first). A row is reached through the person's id
 * (`person_id`), through the person's referrals (`referral_id`) or through the person's
 * consent events (`consent_event_id`).
 *
 * A new table with a `person_id` or `referral_id` column (or a foreign key to one of these
 * tables) makes the guard test fail (test/retention.integration.test.ts, over the catalogue)
 * until it is listed here or in KEPT_PERSON_ID_TABLES, with its DELETE grant in a migration.
 */
export const ELIMINATION_STEPS: readonly {
  table: string;
  by: 'person_id' | 'referral_id' | 'consent_event_id' | 'demande_id' | 'programme_id';
}[] = [
  // The person's demandes d'aide (migration 0019) and what hangs from them (children first; the
  // uploaded pièces and the decision letters are removed from disk). The séances' procès-verbaux
  // (commission_document without demande) are kept forever. The envelopes keep what was consumed.
  { table: 'envelope_movement', by: 'demande_id' },
  { table: 'payment', by: 'demande_id' },
  { table: 'decision_signature', by: 'demande_id' },
  { table: 'decision_vote', by: 'demande_id' },
  { table: 'commission_document', by: 'demande_id' },
  { table: 'decision', by: 'demande_id' },
  { table: 'seance_agenda_item', by: 'demande_id' },
  { table: 'demande_piece', by: 'demande_id' },
  { table: 'demande_attachment', by: 'demande_id' },
  { table: 'demande_line', by: 'demande_id' },
  { table: 'demande_household_member', by: 'demande_id' },
  { table: 'demande_event', by: 'demande_id' },
  { table: 'demande', by: 'person_id' },
  // The person's referrals and what hangs from them (attachment files are removed from disk).
  { table: 'notification', by: 'referral_id' },
  { table: 'referral_attachment', by: 'referral_id' },
  { table: 'referral_message', by: 'referral_id' },
  { table: 'referral_event', by: 'referral_id' },
  { table: 'referral_task', by: 'referral_id' },
  { table: 'referral', by: 'person_id' },
  // Information, consent, objection.
  { table: 'consent_event_organisation', by: 'consent_event_id' },
  { table: 'consent_event', by: 'person_id' },
  // The shared follow-up file.
  { table: 'timeline_entry', by: 'person_id' },
  { table: 'follow_up_member', by: 'person_id' },
  { table: 'person_access', by: 'person_id' },
  { table: 'person_task', by: 'person_id' },
  { table: 'person_budget_line', by: 'person_id' },
  { table: 'household_member', by: 'person_id' },
  { table: 'person_situation', by: 'person_id' },
  // The register of vulnerable people (migration 0022), radiated registrations included.
  { table: 'register_entry', by: 'person_id' },
  // Visits, the programmes' visitors, then the programmes (migration 0023).
  { table: 'visit', by: 'person_id' },
  { table: 'visit_programme_visitor', by: 'programme_id' },
  { table: 'visit_programme', by: 'person_id' },
  // Campaign calls and call-list entries (migration 0024); the campaigns themselves hold no person data.
  { table: 'campaign_call', by: 'person_id' },
  { table: 'campaign_list_entry', by: 'person_id' },
  // The search index of the names.
  { table: 'person_name_word', by: 'person_id' },
];

/** Tables with a `person_id` column whose rows outlive the elimination, and why. */
export const KEPT_PERSON_ID_TABLES: Record<string, string> = {
  audit_event: 'the audit trail survives the person (no foreign key; who read or changed what, when)',
  elimination_request: 'the record of the decision: category, dates, who decided and why (no personal data)',
};

/**
 * The person row stays as a tombstone (the audit trail and the decision point to it). Each of
 * its columns is either wiped (set to the value given) or kept (no personal data); a new column
 * on `person` fails the guard test until it is classified here.
 */
export const PERSON_TOMBSTONE: { wiped: Record<string, string>; kept: readonly string[] } = {
  wiped: {
    nom: `'—'`,
    prenom: `'—'`,
    nom_naissance: 'NULL',
    date_naissance: 'NULL',
    commune_insee: 'NULL',
    adresse: 'NULL',
    telephone: 'NULL',
    courriel: 'NULL',
    preferred_contact: 'NULL',
    name_key: `''`,
  },
  kept: [
    'territory_id',
    'id',
    'created_by_organisation_id',
    'created_by_user_id',
    'created_at',
    'updated_at',
    'version',
    'last_activity_at',
    'status',
    'archived_at',
    'merged_into_id',
    'eliminated_at',
    'retention_category',
    'inactivity_alerted_at',
  ],
};

/**
 * Runs an APPROVED elimination request (and nothing else: a proposed, rejected or done request
 * is left alone, so a retried job does nothing twice). In the caller's transaction:
 * the person and the files merged into it lose every row of ELIMINATION_STEPS, their
 * attachment files are removed from disk (before the commit: the decision is final, and a
 * retry finds them gone), their names leave the search vocabulary, the person rows become
 * tombstones (status 'eliminated' for the file itself), the request is 'done', and an audit
 * row `person.eliminate` is written by the system. Returns false when there was nothing to do.
 */
export async function runElimination(
  tx: TransactionSql,
  p: { territoryId: string; requestId: string; now: Date; filesDir: string; requestLabel: string },
): Promise<boolean> {
  const [request] = await tx<
    { id: string; person_id: string; category: string; decided_by: string; decided_at: Date }[]
  >`
    SELECT id, person_id, category, decided_by, decided_at FROM elimination_request
    WHERE id = ${p.requestId} AND status = 'approved' FOR UPDATE`;
  if (!request) return false;

  const persons = await tx<{ id: string }[]>`
    WITH RECURSIVE f(id) AS (
      SELECT ${request.person_id}::uuid
      UNION SELECT p.id FROM person p JOIN f ON p.merged_into_id = f.id)
    SELECT id FROM f`;
  const ids = persons.map((r) => r.id);
  const referralIds = (await tx<{ id: string }[]>`SELECT id FROM referral WHERE person_id = ANY(${ids}::uuid[])`).map(
    (r) => r.id,
  );
  const consentIds = (
    await tx<{ id: string }[]>`SELECT id FROM consent_event WHERE person_id = ANY(${ids}::uuid[])`
  ).map((r) => r.id);

  const demandeIds = (await tx<{ id: string }[]>`SELECT id FROM demande WHERE person_id = ANY(${ids}::uuid[])`).map(
    (r) => r.id,
  );
  // Visit programmes (migration 0023; absent while it is not applied).
  const [hasProgrammes] = await tx<{ ok: boolean }[]>`SELECT to_regclass('public.visit_programme') IS NOT NULL AS ok`;
  const programmeIds = hasProgrammes?.ok
    ? (await tx<{ id: string }[]>`SELECT id FROM visit_programme WHERE person_id = ANY(${ids}::uuid[])`).map(
        (r) => r.id,
      )
    : [];

  // Attachment files first (outside the database: nothing to roll back).
  const files = await tx<{ storage_key: string }[]>`
    SELECT storage_key FROM referral_attachment WHERE referral_id = ANY(${referralIds}::uuid[])
    UNION ALL SELECT storage_key FROM demande_attachment WHERE demande_id = ANY(${demandeIds}::uuid[])
    UNION ALL SELECT storage_key FROM commission_document WHERE demande_id = ANY(${demandeIds}::uuid[])`;
  await Promise.all(files.map((f) => rm(pathOf(p.filesDir, f.storage_key), { force: true })));

  const words = (
    await tx<{ word: string }[]>`SELECT DISTINCT word FROM person_name_word WHERE person_id = ANY(${ids}::uuid[])`
  ).map((r) => r.word);

  const present = new Set(
    (
      await tx<{ name: string }[]>`
        SELECT t AS name FROM unnest(${ELIMINATION_STEPS.map((s) => s.table)}::text[]) t
        WHERE to_regclass(t) IS NOT NULL`
    ).map((r) => r.name),
  );
  const deleted: Record<string, number> = {};
  for (const step of ELIMINATION_STEPS) {
    if (!present.has(step.table)) continue;
    const keys =
      step.by === 'person_id'
        ? ids
        : step.by === 'referral_id'
          ? referralIds
          : step.by === 'demande_id'
            ? demandeIds
            : step.by === 'programme_id'
              ? programmeIds
              : consentIds;
    if (keys.length === 0) continue;
    const result = await tx`DELETE FROM ${tx(step.table)} WHERE ${tx(step.by)} = ANY(${keys}::uuid[])`;
    if (result.count > 0) deleted[step.table] = result.count;
  }

  // The tombstones (the values are constants of PERSON_TOMBSTONE, not input).
  const assignments = Object.entries(PERSON_TOMBSTONE.wiped)
    .map(([column, value]) => `${column} = ${value}`)
    .join(', ');
  await tx.unsafe(
    `UPDATE person SET ${assignments}, eliminated_at = $2,
       status = CASE WHEN id = $1 THEN 'eliminated' ELSE status END
     WHERE id = ANY($3::uuid[])`,
    [request.person_id, p.now, ids],
  );
  // The name words nobody else bears leave the search vocabulary.
  if (words.length > 0)
    await tx`DELETE FROM person_word w WHERE w.word = ANY(${words}::text[])
      AND NOT EXISTS (SELECT 1 FROM person_name_word n WHERE n.word = w.word)`;

  await tx`UPDATE elimination_request SET status = 'done', done_at = ${p.now} WHERE id = ${request.id}`;
  const who: AuditWho = {
    territoryId: p.territoryId,
    requestId: p.requestLabel,
    at: p.now,
    userId: null,
    organisationId: null,
    role: null,
  };
  await writeAudit(tx, who, {
    action: 'person.eliminate',
    objectType: 'person',
    objectId: request.person_id,
    personId: request.person_id,
    details: {
      requestId: request.id,
      category: request.category,
      approvedBy: request.decided_by,
      approvedAt: request.decided_at.toISOString(),
      mergedFiles: ids.length - 1,
      attachments: files.length,
      deleted,
    },
  });
  return true;
}
