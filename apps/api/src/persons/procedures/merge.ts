import type { TransactionSql } from '@ensemblier/db';
import { mergedIdentity, mergeInput, personNameKey } from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, notFound } from '../../trpc/init.ts';
import { canSeePerson, objectionInForceSql } from '../access.ts';
import { PERSON_TABLES, type PersonTable } from '../person-tables.ts';
import { loadPerson, personFields } from '../person-row.ts';
import { requireCoordinatorOn } from './duplicates.ts';

type AccessRow = {
  person_id: string;
  organisation_id: string;
  reason: 'creator' | 'referral' | 'follow_up';
  granted_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
};

const REASON_RANK: Record<AccessRow['reason'], number> = { creator: 0, follow_up: 1, referral: 2 };

/** The better of two grants for one organisation: in force first, then the widest reason, then the oldest. */
export function betterGrant(a: AccessRow, b: AccessRow): AccessRow {
  if ((a.revoked_at === null) !== (b.revoked_at === null)) return a.revoked_at === null ? a : b;
  if (REASON_RANK[a.reason] !== REASON_RANK[b.reason]) return REASON_RANK[a.reason] < REASON_RANK[b.reason] ? a : b;
  return a.granted_at <= b.granted_at ? a : b;
}

/** person_access: one grant per organisation, the better one; the merged file's others are removed. */
async function mergeAccess(tx: TransactionSql, keptId: string, mergedId: string): Promise<number> {
  const rows = await tx<AccessRow[]>`
    SELECT person_id, organisation_id, reason, granted_at, revoked_at, revoked_reason FROM person_access
    WHERE person_id IN (${keptId}, ${mergedId})`;
  const kept = new Map(rows.filter((r) => r.person_id === keptId).map((r) => [r.organisation_id, r]));
  const onlyMerged: string[] = [];
  for (const m of rows.filter((r) => r.person_id === mergedId)) {
    const k = kept.get(m.organisation_id);
    if (!k) {
      onlyMerged.push(m.organisation_id);
      continue;
    }
    if (betterGrant(k, m) === m)
      await tx`UPDATE person_access SET reason = ${m.reason}, granted_at = ${m.granted_at}, revoked_at = ${m.revoked_at},
        revoked_reason = ${m.revoked_reason}
        WHERE person_id = ${keptId} AND organisation_id = ${m.organisation_id}`;
  }
  if (onlyMerged.length > 0)
    await tx`UPDATE person_access SET person_id = ${keptId}
      WHERE person_id = ${mergedId} AND organisation_id = ANY(${onlyMerged}::uuid[])`;
  await tx`SELECT person_merge_rows('person_access', 'person_id', ${keptId}, ${mergedId}, 'discard')`;
  return rows.filter((r) => r.person_id === mergedId).length;
}

/**
 * follow_up_member: one current membership per organisation (the earlier one; it takes the other's
 * référent when it has none; the other ends now), then every row moves (the group's history).
 */
async function mergeMembership(
  tx: TransactionSql,
  keptId: string,
  mergedId: string,
  who: { userId: string; at: Date },
): Promise<number> {
  const current = await tx<
    { id: string; person_id: string; organisation_id: string; referent_user_id: string | null; joined_at: Date }[]
  >`
    SELECT id, person_id, organisation_id, referent_user_id, joined_at FROM follow_up_member
    WHERE person_id IN (${keptId}, ${mergedId}) AND left_at IS NULL
    ORDER BY joined_at, (person_id = ${keptId}) DESC, id`;
  const seen = new Map<string, (typeof current)[number]>();
  for (const m of current) {
    const stays = seen.get(m.organisation_id);
    if (!stays) {
      seen.set(m.organisation_id, m);
      continue;
    }
    await tx`UPDATE follow_up_member SET left_at = GREATEST(${who.at}::timestamptz, joined_at),
      ended_by_user_id = ${who.userId} WHERE id = ${m.id}`;
    if (!stays.referent_user_id && m.referent_user_id) {
      await tx`UPDATE follow_up_member SET referent_user_id = ${m.referent_user_id} WHERE id = ${stays.id}`;
      stays.referent_user_id = m.referent_user_id;
    }
  }
  const moved = await tx`UPDATE follow_up_member SET person_id = ${keptId} WHERE person_id = ${mergedId} RETURNING id`;
  return moved.length;
}

/**
 * The consent register now holds both histories: the latest event covering an organisation
 * decides, as everywhere (objectionInForceSql). An organisation objected to loses its access and
 * its membership of the group; one whose access an objection had revoked, and whose latest event
 * is now an information or consent, gets it back (not one that left the group).
 */
async function applyRegister(tx: TransactionSql, keptId: string, who: { userId: string; at: Date }) {
  const org = tx('pa.organisation_id') as unknown as string;
  await tx`UPDATE person_access pa SET revoked_at = ${who.at}, revoked_reason = 'objection'
    WHERE pa.person_id = ${keptId} AND pa.revoked_at IS NULL AND ${objectionInForceSql(tx, keptId, org)}`;
  await tx`UPDATE person_access pa SET revoked_at = NULL, revoked_reason = NULL, granted_at = ${who.at}
    WHERE pa.person_id = ${keptId} AND pa.revoked_at IS NOT NULL AND pa.revoked_reason IS DISTINCT FROM 'left_group'
      AND EXISTS (SELECT 1 FROM consent_event ce WHERE ce.person_id = ${keptId} AND ce.kind <> 'objection')
      AND NOT ${objectionInForceSql(tx, keptId, org)}`;
  const memberOrg = tx('m.organisation_id') as unknown as string;
  await tx`UPDATE follow_up_member m SET left_at = GREATEST(${who.at}::timestamptz, m.joined_at),
      ended_by_user_id = ${who.userId}
    WHERE m.person_id = ${keptId} AND m.left_at IS NULL AND ${objectionInForceSql(tx, keptId, memberOrg)}`;
}

async function existingTables(tx: TransactionSql, tables: readonly PersonTable[]): Promise<Set<string>> {
  const rows = await tx<{ name: string }[]>`
    SELECT name FROM unnest(${tables.map((t) => t.table)}::text[]) AS name
    WHERE to_regclass('public.' || quote_ident(name)) IS NOT NULL`;
  return new Set(rows.map((r) => r.name));
}

/** Moves every row about the merged person, table by table (person-tables.ts). */
async function moveRows(ctx: TenantContext, keptId: string, mergedId: string): Promise<Record<string, number>> {
  const who = { userId: ctx.actor.userId, at: ctx.clock.now() };
  const present = await existingTables(ctx.tx, PERSON_TABLES);
  const moved: Record<string, number> = {};
  for (const t of PERSON_TABLES) {
    if (!present.has(t.table)) continue;
    switch (t.strategy) {
      case 'access':
        moved[t.table] = await mergeAccess(ctx.tx, keptId, mergedId);
        break;
      case 'membership':
        moved[t.table] = await mergeMembership(ctx.tx, keptId, mergedId, who);
        break;
      case 'move':
      case 'one_per_person': {
        const mode = t.strategy === 'move' ? 'move' : 'move_if_none';
        const [row] = await ctx.tx<{ n: string }[]>`
          SELECT person_merge_rows(${t.table}, ${t.column}, ${keptId}, ${mergedId}, ${mode}) AS n`;
        moved[t.table] = Number(row!.n);
        break;
      }
      case 'stay':
        break;
    }
  }
  await applyRegister(ctx.tx, keptId, who);
  return moved;
}

/**
 * Merges a duplicate file into the kept one (coordinators), in the request's one transaction:
 * the merged file becomes a tombstone (status 'merged', merged_into_id, identity kept, out of the
 * search), every row about it moves to the kept file (person-tables.ts), the kept file takes the
 * chosen identity, and one `person.merge` audit row is written on each file. Audit rows are never
 * touched. Both files are locked, in a fixed order, and must still be at the versions the user
 * compared (else CONFLICT: compare again).
 */
export const mergePersons = authedProcedure.input(mergeInput).mutation(async ({ ctx, input }) => {
  const keptId = input.keptPersonId;
  const mergedId = input.mergedPersonId;
  await requireCoordinatorOn(ctx, [keptId, mergedId]);
  const locked = await ctx.tx<{ id: string; status: string; version: number }[]>`
    SELECT id, status, version FROM person WHERE id IN (${keptId}, ${mergedId}) ORDER BY id FOR UPDATE`;
  const kept = locked.find((r) => r.id === keptId);
  const merged = locked.find((r) => r.id === mergedId);
  if (!kept || !merged) notFound();
  if (kept.status === 'merged' || merged.status === 'merged')
    conflict('L’un de ces dossiers a déjà été fusionné dans un autre dossier.');
  if (!(await canSeePerson(ctx, keptId)) || !(await canSeePerson(ctx, mergedId))) notFound();
  if (kept.version !== input.keptVersion || merged.version !== input.mergedVersion)
    conflict('Un des deux dossiers a été modifié depuis la comparaison. Comparez-les de nouveau avant de fusionner.');

  const keptRow = (await loadPerson(ctx.tx, keptId))!;
  const mergedRow = (await loadPerson(ctx.tx, mergedId))!;
  const identity = mergedIdentity(personFields(keptRow), personFields(mergedRow), input.choices);
  const now = ctx.clock.now();

  // First the tombstone: person_merge_rows only moves rows of a file merged into the kept one.
  await ctx.tx`UPDATE person SET status = 'merged', merged_into_id = ${keptId}, version = version + 1, updated_at = ${now}
    WHERE id = ${mergedId}`;
  const moved = await moveRows(ctx, keptId, mergedId);
  const [updated] = await ctx.tx<{ version: number }[]>`
    UPDATE person SET nom = ${identity.nom!}, prenom = ${identity.prenom!}, nom_naissance = ${identity.nomNaissance},
      date_naissance = ${identity.dateNaissance}, commune_insee = ${identity.communeInsee}, adresse = ${identity.adresse},
      telephone = ${identity.telephone}, courriel = ${identity.courriel}, preferred_contact = ${identity.preferredContact},
      name_key = ${personNameKey(identity.nom!, identity.prenom!)}, version = version + 1, updated_at = ${now}
    WHERE id = ${keptId}
    RETURNING version`;

  const details = {
    keptPersonId: keptId,
    mergedPersonId: mergedId,
    choices: input.choices,
    moved,
  };
  await ctx.audit({ action: 'person.merge', objectType: 'person', objectId: keptId, personId: keptId, details });
  await ctx.audit({ action: 'person.merge', objectType: 'person', objectId: mergedId, personId: mergedId, details });
  return { keptPersonId: keptId, version: updated!.version, moved };
});
