import type { Sql } from '@ensemblier/db';

const DAY = 86_400_000;

/** Demo tasks: [person's nom, title, detail, due in days (negative: overdue), done, for the coordinator]. */
const DEMO_TASKS: [string, string, string, number, boolean, boolean][] = [
  ['Fabre', 'Appeler la fille de Mme Fabre', 'Au sujet du dossier APA : pièces manquantes.', 2, false, false],
  ['Roux', 'Vérifier le passage du SSIAD', '', -1, false, false],
  ['Granier', 'Envoyer le formulaire de téléassistance', '', 7, false, false],
  ['Benali', 'Préparer le dossier FSL', 'Quittances des trois derniers mois.', -3, true, false],
  ['Fabre', 'Faire le point avec le CLIC', '', 0, false, true],
];

/**
 * A few tasks on the demo persons (after seedDemoReferrals): each given by the organisation
 * that created the file to the user who created it (they see the file), one to the CCAS
 * coordinator; some due soon, one overdue, one done. Nothing when tasks already exist.
 */
export async function seedDemoTasks(owner: Sql, territoryId: string, options: { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const day = (n: number) => new Date(now.getTime() + n * DAY).toISOString().slice(0, 10);
  return (await owner.begin(async (tx) => {
    await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
    const [existing] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM person_task`;
    if (existing!.n > 0) return 0;
    const persons = await tx<{ id: string; nom: string; org: string; user_id: string }[]>`
      SELECT id, nom, created_by_organisation_id AS org, created_by_user_id AS user_id FROM person`;
    const [coordinator] = await tx<{ user_id: string; organisation_id: string }[]>`
      SELECT m.user_id, m.organisation_id FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE u.email = 'coordination@demo.ensemblier.fr' AND m.role = 'coordinator' LIMIT 1`;
    const created = new Date(now.getTime() - 2 * DAY);
    const rows = DEMO_TASKS.flatMap(([nom, title, detail, due, done, toCoordinator]) => {
      const p = persons.find((x) => x.nom === nom);
      if (!p || (toCoordinator && !coordinator)) return [];
      const assignee = toCoordinator
        ? { user: coordinator!.user_id, org: coordinator!.organisation_id }
        : { user: p.user_id, org: p.org };
      return [
        {
          territory_id: territoryId,
          person_id: p.id,
          title,
          detail,
          due_on: day(due),
          assignee_user_id: assignee.user,
          assignee_organisation_id: assignee.org,
          author_user_id: p.user_id,
          author_organisation_id: p.org,
          status: done ? 'faite' : 'a_faire',
          created_at: created,
          updated_at: done ? new Date(now.getTime() - DAY) : created,
          closed_at: done ? new Date(now.getTime() - DAY) : null,
          closed_by_user_id: done ? assignee.user : null,
        },
      ];
    });
    if (rows.length > 0) await tx`INSERT INTO person_task ${tx(rows)}`;
    return rows.length;
  })) as number;
}
