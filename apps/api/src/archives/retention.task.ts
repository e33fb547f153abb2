import { withTerritory, type Sql, type TransactionSql } from '@ensemblier/db';
import {
  addMonths,
  archiveCutoff,
  categoryOfFile,
  eliminationDue,
  eliminationDueDate,
  REPROPOSE_AFTER_REJECTION_MONTHS,
  type Outcome,
  type ReferralState,
  type RetentionCategory,
} from '@ensemblier/shared';
import { writeAudit, type AuditWho } from '../audit/audit.ts';
import { runElimination } from './eliminate.ts';
import { loadRetentionRules } from './rules.ts';

/** Daily at 02:23 UTC, with two days of backfill if the worker was down. */
export const RETENTION_SWEEP_CRONTAB = '23 2 * * * retention_sweep ?fill=2d&max=1';

const BATCH = 200;

const systemWho = (territoryId: string, now: Date, label: string): AuditWho => ({
  territoryId,
  requestId: label,
  at: now,
  userId: null,
  organisationId: null,
  role: null,
});

/** The category of each file (categoryOfFile over its referral tasks and the aids its demandes were granted). */
export async function categoriesOf(
  tx: TransactionSql,
  personIds: readonly string[],
): Promise<Map<string, Exclude<RetentionCategory, 'proces_verbal'>>> {
  const rows = await tx<{ person_id: string; state: ReferralState; outcome: Outcome | null }[]>`
    SELECT r.person_id, t.state, t.outcome FROM referral r JOIN referral_task t ON t.referral_id = r.id
    WHERE r.person_id = ANY(${personIds as string[]}::uuid[])`;
  const tasks = new Map<string, { state: ReferralState; outcome: Outcome | null }[]>();
  for (const r of rows) tasks.set(r.person_id, [...(tasks.get(r.person_id) ?? []), r]);
  // Aids granted by a commission (issue 6): a decision in force (not corrected) granting an aid,
  // signed when it needs signatures.
  const aids = await tx<{ person_id: string; n: number }[]>`
    SELECT d.person_id, count(*)::int AS n FROM demande d JOIN decision x ON x.demande_id = d.id
    WHERE d.person_id = ANY(${personIds as string[]}::uuid[]) AND x.outcome IN ('accord', 'accord_partiel')
      AND (x.required_signatures = 0 OR x.signed_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM decision c WHERE c.corrects_decision_id = x.id)
    GROUP BY d.person_id`;
  const aidsGranted = new Map(aids.map((a) => [a.person_id, a.n]));
  return new Map(
    personIds.map((id) => [id, categoryOfFile({ tasks: tasks.get(id) ?? [], aidsGranted: aidsGranted.get(id) ?? 0 })]),
  );
}

/**
 * One batch of archiving: active files whose last activity is at or before the cutoff become
 * 'archived' (with their category), their follow-up group memberships end, one audit row each
 * (by the system). Returns how many were archived.
 */
async function archiveBatch(
  tx: TransactionSql,
  territoryId: string,
  now: Date,
  label: string,
  only: string[] | null,
): Promise<number> {
  const rules = await loadRetentionRules(tx);
  const cutoff = archiveCutoff(now, rules);
  const due = await tx<{ id: string; last_activity_at: Date }[]>`
    SELECT id, last_activity_at FROM person
    WHERE status = 'active' AND last_activity_at <= ${cutoff} AND (${only}::uuid[] IS NULL OR id = ANY(${only}::uuid[]))
    ORDER BY last_activity_at, id LIMIT ${BATCH} FOR UPDATE`;
  if (due.length === 0) return 0;
  const ids = due.map((p) => p.id);
  const categories = await categoriesOf(tx, ids);
  await tx`
    UPDATE person p SET status = 'archived', archived_at = ${now}, retention_category = x.category
    FROM unnest(${ids}::uuid[], ${ids.map((id) => categories.get(id)!)}::text[]) AS x(id, category)
    WHERE p.id = x.id AND p.status = 'active'`;
  await tx`
    UPDATE follow_up_member SET left_at = GREATEST(${now}::timestamptz, joined_at)
    WHERE person_id = ANY(${ids}::uuid[]) AND left_at IS NULL`;
  const who = systemWho(territoryId, now, label);
  for (const p of due)
    await writeAudit(tx, who, {
      action: 'person.archive',
      objectType: 'person',
      objectId: p.id,
      personId: p.id,
      details: {
        lastActivityAt: p.last_activity_at.toISOString(),
        archiveAfterMonths: rules.archiveAfterMonths,
        category: categories.get(p.id),
      },
    });
  return due.length;
}

/**
 * One batch of proposals: archived files with no open request (nor a rejection in the last
 * REPROPOSE_AFTER_REJECTION_MONTHS) whose elimination is due get an elimination_request
 * 'proposed'. Nothing is deleted here. Returns [examined, proposed] (keyset on the id).
 */
async function proposeBatch(
  tx: TransactionSql,
  territoryId: string,
  now: Date,
  label: string,
  after: string | null,
  only: string[] | null,
): Promise<{ last: string | null; proposed: number }> {
  const rules = await loadRetentionRules(tx);
  const delays = Object.values(rules.eliminateAfterYears).filter((y): y is number => y !== null);
  if (delays.length === 0) return { last: null, proposed: 0 };
  // No file archived after this instant can be due yet (the shortest delay).
  const archivedBefore = addMonths(now, -Math.min(...delays) * 12);
  const rejectedSince = addMonths(now, -REPROPOSE_AFTER_REJECTION_MONTHS);
  const rows = await tx<{ id: string; archived_at: Date; retention_category: RetentionCategory | null }[]>`
    SELECT p.id, p.archived_at, p.retention_category FROM person p
    WHERE p.status = 'archived' AND p.archived_at <= ${archivedBefore}
      AND (${after}::uuid IS NULL OR p.id > ${after}::uuid)
      AND (${only}::uuid[] IS NULL OR p.id = ANY(${only}::uuid[]))
      AND NOT EXISTS (SELECT 1 FROM elimination_request e WHERE e.person_id = p.id
        AND (e.status IN ('proposed', 'approved') OR (e.status = 'rejected' AND e.decided_at > ${rejectedSince})))
    ORDER BY p.id LIMIT ${BATCH}`;
  if (rows.length === 0) return { last: null, proposed: 0 };
  const missing = rows.filter((r) => r.retention_category === null).map((r) => r.id);
  const computed = missing.length > 0 ? await categoriesOf(tx, missing) : new Map();
  const who = systemWho(territoryId, now, label);
  let proposed = 0;
  for (const r of rows) {
    const category = r.retention_category ?? computed.get(r.id)!;
    const file = { status: 'archived' as const, archivedAt: r.archived_at, category };
    if (!eliminationDue(file, now, rules)) continue;
    const dueAt = eliminationDueDate(file, rules)!;
    const [request] = await tx<{ id: string }[]>`
      INSERT INTO elimination_request (territory_id, person_id, category, due_at, status, proposed_at)
      VALUES (${territoryId}, ${r.id}, ${category}, ${dueAt}, 'proposed', ${now})
      ON CONFLICT (territory_id, person_id) WHERE status IN ('proposed', 'approved') DO NOTHING
      RETURNING id`;
    if (!request) continue;
    proposed++;
    await writeAudit(tx, who, {
      action: 'person.elimination.propose',
      objectType: 'elimination_request',
      objectId: request.id,
      personId: r.id,
      details: { category, dueAt: dueAt.toISOString() },
    });
  }
  return { last: rows.at(-1)!.id, proposed };
}

/**
 * The daily retention job, territory by territory (ids from app_territory_ids(): the worker
 * runs as the app role): archive the inactive files, propose the due eliminations, and run the
 * eliminations an archivist approved that have not run yet (the approval enqueues its own run;
 * this one catches a run that failed). Each batch is its own transaction.
 */
export async function retentionSweepTask(
  sql: Sql,
  now: Date,
  filesDir: string,
  /** Only these files (development runs at a chosen instant: see http/app.ts); all by default. */
  options: { personIds?: string[] } = {},
): Promise<{ territories: number; archived: number; proposed: number; eliminated: number }> {
  const territories = await sql<{ id: string }[]>`SELECT app_territory_ids() AS id`;
  const label = `retention_sweep:${now.toISOString()}`;
  let archived = 0;
  let proposed = 0;
  let eliminated = 0;
  const only = options.personIds ?? null;
  for (const { id: territoryId } of territories) {
    for (;;) {
      const n = await withTerritory(sql, territoryId, (tx) => archiveBatch(tx, territoryId, now, label, only));
      archived += n;
      if (n < BATCH) break;
    }
    for (let after: string | null = null; ;) {
      const batch: { last: string | null; proposed: number } = await withTerritory(sql, territoryId, (tx) =>
        proposeBatch(tx, territoryId, now, label, after, only),
      );
      proposed += batch.proposed;
      if (batch.last === null) break;
      after = batch.last;
    }
    const approved = await withTerritory(
      sql,
      territoryId,
      (tx) => tx<{ id: string }[]>`SELECT id FROM elimination_request WHERE status = 'approved' ORDER BY decided_at`,
    );
    for (const r of approved) {
      const done = await withTerritory(sql, territoryId, (tx) =>
        runElimination(tx, { territoryId, requestId: r.id, now, filesDir, requestLabel: label }),
      );
      if (done) eliminated++;
    }
  }
  return { territories: territories.length, archived, proposed, eliminated };
}

/** The run an approval enqueues: that one request, at once. */
export async function personEliminationTask(
  sql: Sql,
  payload: { territoryId: string; requestId: string },
  now: Date,
  filesDir: string,
): Promise<boolean> {
  return withTerritory(sql, payload.territoryId, (tx) =>
    runElimination(tx, {
      territoryId: payload.territoryId,
      requestId: payload.requestId,
      now,
      filesDir,
      requestLabel: `person_elimination:${payload.requestId}`,
    }),
  );
}
