import { withTerritory, type Sql } from '@ensemblier/db';
import { measure, type Scenario } from '../harness.ts';
import { referralBenchData, type ReferralBenchData } from './referrals-data.ts';

/** Who the virtual users are: the CIAS coordinator and a worker of the busiest partner. */
interface Actor {
  email: string;
  userId: string;
}

/**
 * persons.search as the « Personnes » page calls it (21 rows: one more says a next page exists):
 * names, names with a filter, filters without a name (birth date, birth year, commune,
 * « mes dossiers » where the user is référent), page 2, a typo.
 */
const inputs = (me: Actor): [string, Record<string, unknown>][] => [
  ['nom', { query: 'martin', limit: 21 }],
  ['nom + prénom', { query: 'martin jeanne', limit: 21 }],
  ['nom + commune', { query: 'bernard', communeInsee: '34145', limit: 21 }],
  ['nom + date', { query: 'thomas', dateNaissance: '12/04/1950', limit: 21 }],
  ['nom, page 2', { query: 'petit', offset: 21, limit: 21 }],
  ['faute de frappe', { query: 'bernart', limit: 21 }],
  ['date seule', { dateNaissance: '12/04/1950', limit: 21 }],
  ['nom + année', { query: 'dubois', anneeNaissance: 1950, limit: 21 }],
  ['année + commune', { anneeNaissance: 1962, communeInsee: '34146', limit: 21 }],
  ['commune seule', { communeInsee: '34151', limit: 21 }],
  ['mes dossiers', { referentUserId: me.userId, limit: 21 }],
  ['mes dossiers + nom', { referentUserId: me.userId, query: 'ma', limit: 21 }],
];

const searchUrl = (baseUrl: string, input: Record<string, unknown>) =>
  `${baseUrl}/api/trpc/persons.search?input=${encodeURIComponent(JSON.stringify(input))}`;

let followUp: Promise<{ coordinator: Actor; busyWorker: Actor; members: number }> | null = null;

/**
 * Follow-up groups over the referral load (seedScaleReferrals writes none): a third of the
 * organisations a person was referred to or from are current members, each with a référent
 * (its first professional); the busiest partner's bench worker is référent of about one in
 * forty of its memberships, the coordinator of one in ten of the CIAS's.
 */
export function seedFollowUpGroups(owner: Sql, d: ReferralBenchData) {
  followUp ??= withTerritory(owner, d.territoryId, async (tx) => {
    const users = await tx<{ email: string; id: string }[]>`
      SELECT email, id FROM app_user WHERE email IN (${d.coordinatorEmail}, ${d.busyWorkerEmail})`;
    const idOf = (email: string) => users.find((u) => u.email === email)!.id;
    const coordinator = { email: d.coordinatorEmail, userId: idOf(d.coordinatorEmail) };
    const busyWorker = { email: d.busyWorkerEmail, userId: idOf(d.busyWorkerEmail) };
    const inserted = await tx`
      WITH org_user AS (
        SELECT DISTINCT ON (m.organisation_id) m.organisation_id, m.user_id
        FROM membership m WHERE m.status = 'active' AND m.user_id <> ${busyWorker.userId}
          AND m.role IN ('partner_worker', 'partner_manager', 'coordinator', 'admin')
        ORDER BY m.organisation_id, m.role = 'partner_worker' DESC, m.user_id
      ), coordinator_org AS (
        SELECT organisation_id FROM membership WHERE user_id = ${coordinator.userId} AND status = 'active' LIMIT 1
      )
      INSERT INTO follow_up_member (territory_id, person_id, organisation_id, referent_user_id, reason, joined_at,
        added_by_user_id)
      SELECT pa.territory_id, pa.person_id, pa.organisation_id,
        CASE WHEN pa.organisation_id = ${d.busyOrganisationIds[0]!} AND abs(hashtext(pa.person_id::text)) % 40 = 0
            THEN ${busyWorker.userId}::uuid
          WHEN pa.organisation_id = (SELECT organisation_id FROM coordinator_org)
            AND abs(hashtext(pa.person_id::text)) % 10 = 0 THEN ${coordinator.userId}::uuid
          ELSE ou.user_id END,
        'referral', pa.granted_at, ou.user_id
      FROM person_access pa JOIN org_user ou ON ou.organisation_id = pa.organisation_id
      WHERE pa.reason = 'referral' AND pa.revoked_at IS NULL
        AND abs(hashtext(pa.person_id::text || pa.organisation_id::text)) % 3 = 0`;
    await tx`ANALYZE follow_up_member`;
    const counts = await tx<{ referent_user_id: string; n: number }[]>`
      SELECT referent_user_id, count(*)::int AS n FROM follow_up_member
      WHERE referent_user_id IN (${coordinator.userId}, ${busyWorker.userId}) AND left_at IS NULL
      GROUP BY referent_user_id`;
    const filesOf = (id: string) => counts.find((c) => c.referent_user_id === id)?.n ?? 0;
    console.log(
      `  Groupes de suivi : ${inserted.count.toLocaleString('fr-FR')} membres ; « mes dossiers » : coordination ${filesOf(coordinator.userId)}, intervenante ${filesOf(busyWorker.userId)}\n`,
    );
    return { coordinator, busyWorker, members: inserted.count };
  });
  return followUp;
}

/**
 * « Personnes » over the referral scenarios' load (100,000 persons by default): half the users
 * are the CIAS coordinator (every person with a referral), half a worker of the busiest partner
 * (the persons its organisation created or received). The measured pass also prints p50/p95
 * per kind of search.
 */
export const personsSearch: Scenario = {
  name: 'persons-search',
  description:
    'Personnes › recherche par nom, date ou année de naissance, commune, référent, faute de frappe (100 000 personnes)',
  goalP95Ms: 50,
  run: async (stack, { users, perUser }) => {
    const d = await referralBenchData(stack);
    const { coordinator, busyWorker } = await seedFollowUpGroups(stack.owner, d);
    const actors = Array.from({ length: users }, (_, u) => (u % 2 === 0 ? coordinator : busyWorker));
    const cookies = await Promise.all(actors.map((a) => stack.login(a.email)));
    const byKind = new Map<string, number[]>();
    const m = await measure(users, perUser, async (u, i) => {
      const all = inputs(actors[u]!);
      // Users start at different searches; coordinator and worker alternate on each kind.
      const [kind, input] = all[(Math.floor(u / 2) + i) % all.length]!;
      const t0 = performance.now();
      const res = await fetch(searchUrl(stack.baseUrl, input), { headers: { cookie: cookies[u]! } });
      const body = await res.arrayBuffer();
      const list = byKind.get(kind) ?? [];
      list.push(performance.now() - t0);
      byKind.set(kind, list);
      return new Response(body, { status: res.status });
    });
    if (perUser > 5) {
      for (const [kind, list] of byKind) {
        list.sort((a, b) => a - b);
        const at = (p: number) => list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)]!;
        console.log(
          `    ${kind.padEnd(20)} p50 ${at(50).toFixed(1).padStart(6)} ms · p95 ${at(95).toFixed(1).padStart(6)} ms (${list.length})`,
        );
      }
    }
    return m;
  },
};
