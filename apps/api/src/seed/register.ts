import type { Sql } from '@ensemblier/db';

const DAY = 86_400_000;

/** [person's nom, situation, isolée, phones, access notes, emergency contact, registered days ago]. */
const DEMO_REGISTER: [
  string,
  'age_65' | 'age_60_inapte' | 'handicap',
  boolean,
  string[],
  string | null,
  [string, string, string] | null,
  number,
][] = [
  [
    'Fabre',
    'age_65',
    true,
    ['0467712345'],
    'Sonner deux fois, Mme Fabre entend mal.',
    ['Claire Fabre', 'fille', '0612457890'],
    120,
  ],
  ['Roux', 'age_65', false, ['0467834512', '0678451236'], null, ['Paul Roux', 'fils', '0645789512'], 90],
  ['Granier', 'age_65', true, ['0467291830'], 'Entrée par la cour, porte verte.', null, 60],
  ['Benali', 'handicap', false, ['0698741236'], null, ['Samir Benali', 'frère', '0611223355'], 45],
  ['Vidal', 'age_60_inapte', true, ['0467556677'], 'Clé chez la voisine du rez-de-chaussée.', null, 30],
  ['Arnaud', 'age_65', false, ['0467123987'], null, ['Michel Arnaud', 'époux', '0623456789'], 10],
];

/**
 * Six demo persons registered in the register of vulnerable people (after seedDemoReferrals), by
 * the CCAS coordinator, with their consent by phone. Nothing when the register has rows already.
 */
export async function seedDemoRegister(owner: Sql, territoryId: string, options: { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  return (await owner.begin(async (tx) => {
    await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
    const [exists] = await tx`SELECT to_regclass('public.register_entry') IS NOT NULL AS ok`;
    if (!exists?.ok) return 0;
    const [existing] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM register_entry`;
    if (existing!.n > 0) return 0;
    const [coordinator] = await tx<{ user_id: string; organisation_id: string }[]>`
      SELECT m.user_id, m.organisation_id FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE u.email = 'coordination@demo.ensemblier.fr' AND m.role = 'coordinator' LIMIT 1`;
    if (!coordinator) return 0;
    const persons = await tx<{ id: string; nom: string; adresse: string | null; commune_insee: string | null }[]>`
      SELECT id, nom, adresse, commune_insee FROM person WHERE status = 'active'`;
    const rows = DEMO_REGISTER.flatMap(([nom, situation, isole, phones, acces, contact, daysAgo]) => {
      const p = persons.find((x) => x.nom === nom);
      if (!p) return [];
      const at = new Date(now.getTime() - daysAgo * DAY);
      const on = at.toISOString().slice(0, 10);
      return [
        {
          territory_id: territoryId,
          person_id: p.id,
          requested_by: contact ? 'proche' : 'personne',
          requester_name: contact ? contact[0] : null,
          requester_link: contact ? contact[1] : null,
          consent_mode: 'telephone',
          consent_on: on,
          situation,
          isole,
          adresse: p.adresse ?? '',
          commune_insee: p.commune_insee,
          acces_notes: acces,
          telephones: tx.json(
            phones.map((numero) => ({ numero, type: numero.startsWith('06') ? 'portable' : 'fixe' })),
          ),
          contacts_urgence: tx.json(contact ? [{ nom: contact[0], lien: contact[1], telephone: contact[2] }] : []),
          services_domicile: tx.json([]),
          registered_on: on,
          registered_at: at,
          registered_by_user_id: coordinator.user_id,
          registered_by_organisation_id: coordinator.organisation_id,
          updated_at: at,
          updated_by_user_id: coordinator.user_id,
        },
      ];
    });
    if (rows.length > 0) await tx`INSERT INTO register_entry ${tx(rows)}`;
    return rows.length;
  })) as number;
}
