import { randomUUID } from 'node:crypto';
import type { Sql } from '@ensemblier/db';

const DAY = 86_400_000;

/** [person's nom, recurrence, started days ago, visits days ago (negative: absent), an alert days ago]. */
const DEMO_PROGRAMMES: [string, 'semaine' | 'deux_semaines' | 'mois', number, number[], number | null][] = [
  // Weekly, last visit 9 days ago: late.
  ['Fabre', 'semaine', 60, [58, 51, 44, -37, 30, 23, 16, 9], 30],
  // Every two weeks, last visit 12 days ago: due within days.
  ['Granier', 'deux_semaines', 40, [40, 26, 12], null],
  // Weekly from today: due today.
  ['Vidal', 'semaine', 0, [], null],
];

/**
 * The demo volunteer's visit programmes (issue 7; after seedDemoRegister): three registered demo
 * persons visited by benevole@ — one late, one due soon, one due today — with a history of visits
 * (durations, moods, an absence, one « situation préoccupante » alert) so that « Mes visites »,
 * the programmes, the alerts and the statistics show something. Nothing when programmes exist.
 */
export async function seedDemoVisits(owner: Sql, territoryId: string, options: { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  return (await owner.begin(async (tx) => {
    await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
    const [exists] = await tx`SELECT to_regclass('public.visit_programme') IS NOT NULL AS ok`;
    if (!exists?.ok) return 0;
    const [existing] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM visit_programme`;
    if (existing!.n > 0) return 0;
    const member = async (email: string, role: string) =>
      (
        await tx<{ user_id: string; organisation_id: string }[]>`
          SELECT m.user_id, m.organisation_id FROM membership m JOIN app_user u ON u.id = m.user_id
          WHERE u.email = ${email} AND m.role = ${role} AND m.status = 'active' LIMIT 1`
      )[0];
    const coordinator = await member('coordination@demo.ensemblier.fr', 'coordinator');
    const volunteer = await member('benevole@demo.ensemblier.fr', 'volunteer');
    if (!coordinator || !volunteer) return 0;
    let created = 0;
    for (const [nom, recurrence, startedDaysAgo, visits, alertDaysAgo] of DEMO_PROGRAMMES) {
      const [person] = await tx<{ id: string }[]>`
        SELECT p.id FROM person p JOIN register_entry r ON r.person_id = p.id AND r.status = 'inscrite'
        WHERE p.nom = ${nom} AND p.status = 'active' LIMIT 1`;
      if (!person) continue;
      const startsOn = new Date(now.getTime() - startedDaysAgo * DAY).toISOString().slice(0, 10);
      const [programme] = await tx<{ id: string }[]>`
        INSERT INTO visit_programme ${tx({
          territory_id: territoryId,
          person_id: person.id,
          recurrence,
          starts_on: startsOn,
          created_by_user_id: coordinator.user_id,
          created_by_organisation_id: coordinator.organisation_id,
          created_at: new Date(now.getTime() - startedDaysAgo * DAY),
        })} RETURNING id`;
      await tx`INSERT INTO visit_programme_visitor ${tx({
        territory_id: territoryId,
        programme_id: programme!.id,
        user_id: volunteer.user_id,
        organisation_id: volunteer.organisation_id,
      })}`;
      const rows = visits.map((signed, index) => {
        const daysAgo = Math.abs(signed);
        const done = signed > 0;
        const at = new Date(now.getTime() - daysAgo * DAY);
        at.setUTCHours(13 + (index % 3), 0, 0, 0);
        const alert = done && alertDaysAgo === daysAgo;
        return {
          territory_id: territoryId,
          client_id: randomUUID(),
          person_id: person.id,
          programme_id: programme!.id,
          visitor_user_id: volunteer.user_id,
          visitor_organisation_id: volunteer.organisation_id,
          kind: index % 4 === 3 ? 'appel' : 'visite',
          outcome: done ? 'realisee' : 'absente',
          duration_minutes: done ? (index % 4 === 3 ? 15 : [45, 60, 30][index % 3]) : null,
          mood: done ? (alert ? 2 : [4, 3, 4, 5][index % 4]) : null,
          needs: tx.array(alert ? ['isolement', 'courses'] : []),
          note: alert ? 'Réfrigérateur presque vide, ne sort plus depuis une semaine.' : null,
          alert,
          occurred_at: at,
          received_at: at,
        };
      });
      if (rows.length > 0) await tx`INSERT INTO visit ${tx(rows)}`;
      created += 1;
    }
    return created;
  })) as number;
}
