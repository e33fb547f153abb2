import type { Sql, TransactionSql } from '@ensemblier/db';

/**
 * « Situation et foyer » of four demo persons (run after seedDemoReferrals, as the owner):
 * an elderly widow at home (GIR), an elderly man under curatelle with a debt repayment, a
 * family renting from the demo social landlord (household, budget, arrears) and a mother with
 * a titre de séjour (right to stay). Written by the organisation that created each file, a day
 * after its creation. Does nothing when the territory already has a situation, or when a demo
 * person is missing.
 */

interface DemoSituation {
  nom: string;
  prenom: string;
  situation: Record<string, unknown>;
  /** Use the demo social landlord as the bailleur. */
  bailleurDemo?: boolean;
  household: { relation: string; prenom: string; nom?: string; naissance?: string; aCharge?: boolean }[];
  /** [kind, type, euros, label?, member index?] */
  budget: [kind: 'ressource' | 'charge', type: string, euros: number, label?: string | null, member?: number][];
}

export const DEMO_SITUATIONS: DemoSituation[] = [
  {
    nom: 'Fabre',
    prenom: 'Jeanne',
    situation: {
      situation_familiale: 'veuf',
      logement_type: 'maison',
      logement_statut: 'proprietaire',
      gir: 4,
      gir_evaluated_on: -90,
      protection_mesure: 'aucune',
      contact_best_times: 'L’après-midi, après 14 h',
      contact_notes: 'Malentendante : laisser sonner longtemps et parler lentement.',
    },
    household: [],
    budget: [
      ['ressource', 'retraite', 1050],
      ['charge', 'energie', 95],
      ['charge', 'eau', 30],
      ['charge', 'mutuelle', 78.5],
      ['charge', 'assurance', 25],
      ['charge', 'impots', 40],
    ],
  },
  {
    nom: 'Roux',
    prenom: 'Marcel',
    situation: {
      situation_familiale: 'celibataire',
      logement_type: 'appartement',
      logement_statut: 'locataire_prive',
      bailleur_nom: 'M. et Mme Sanchez (propriétaires)',
      gir: 5,
      gir_evaluated_on: -200,
      protection_mesure: 'curatelle_renforcee',
      protection_mandataire: 'UDAF de l’Hérault',
      contact_best_times: 'Le matin',
      contact_notes: 'Prévenir la curatrice avant toute démarche financière.',
    },
    household: [],
    budget: [
      ['ressource', 'retraite', 890],
      ['ressource', 'aspa', 120.4],
      ['ressource', 'apl_al', 210],
      ['charge', 'loyer', 520],
      ['charge', 'energie', 80],
      ['charge', 'dette_impaye', 60, 'Plan d’apurement de la facture d’électricité'],
    ],
  },
  {
    nom: 'Benali',
    prenom: 'Yasmina',
    bailleurDemo: true,
    situation: {
      situation_familiale: 'concubinage',
      logement_type: 'appartement',
      logement_statut: 'locataire_social',
      contact_best_times: 'Après 18 h en semaine',
    },
    household: [
      { relation: 'conjoint', prenom: 'Karim', nom: 'Mansouri', naissance: '1984-01-09' },
      { relation: 'enfant', prenom: 'Inès', nom: 'Mansouri', naissance: '2012-09-14', aCharge: true },
      { relation: 'enfant', prenom: 'Adam', nom: 'Mansouri', naissance: '2016-04-02', aCharge: true },
    ],
    budget: [
      ['ressource', 'salaire', 1280.5],
      ['ressource', 'are', 650, null, 0],
      ['ressource', 'allocations_familiales', 141.99],
      ['ressource', 'apl_al', 310],
      ['charge', 'loyer', 620],
      ['charge', 'energie', 120],
      ['charge', 'eau', 35],
      ['charge', 'telephone_internet', 45],
      ['charge', 'credit', 150, null, 0],
      ['charge', 'dette_impaye', 90, 'Arriéré de loyer : plan d’apurement'],
    ],
  },
  {
    nom: 'Haddad',
    prenom: 'Nadia',
    situation: {
      situation_familiale: 'separe',
      logement_type: 'chez_un_tiers',
      logement_statut: 'heberge',
      nationalite: 'hors_union_europeenne',
      titre_sejour_type: 'carte_sejour_pluriannuelle',
      titre_sejour_fin: 400,
    },
    household: [{ relation: 'enfant', prenom: 'Lina', nom: 'Haddad', naissance: '2019-10-23', aCharge: true }],
    budget: [
      ['ressource', 'rsa', 635.71],
      ['ressource', 'allocations_familiales', 100],
      ['ressource', 'pension_alimentaire_recue', 150],
      ['charge', 'transport', 30],
      ['charge', 'telephone_internet', 20],
      ['charge', 'autre', 100, 'Participation aux frais de l’hébergeant'],
    ],
  },
];

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function seedDemoSituation(
  owner: Sql,
  territoryId: string,
  options: { now?: Date } = {},
): Promise<{ persons: number; skipped: boolean }> {
  const now = options.now ?? new Date();
  return (await owner.begin(async (tx: TransactionSql) => {
    await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
    const [any] = await tx`SELECT EXISTS (SELECT 1 FROM person_situation) AS any`;
    if (any?.any) return { persons: 0, skipped: true };
    const [bailleur] = await tx<{ id: string; name: string }[]>`
      SELECT id, name FROM organisation WHERE type = 'bailleur_social' ORDER BY name LIMIT 1`;
    let persons = 0;
    for (const d of DEMO_SITUATIONS) {
      const [p] = await tx<{ id: string; created_at: Date; user_id: string; organisation_id: string }[]>`
        SELECT id, created_at, created_by_user_id AS user_id, created_by_organisation_id AS organisation_id
        FROM person WHERE nom = ${d.nom} AND prenom = ${d.prenom} ORDER BY created_at LIMIT 1`;
      if (!p) continue;
      const at = new Date(Math.min(p.created_at.getTime() + DAY, now.getTime()));
      const situation: Record<string, unknown> = { ...d.situation };
      // Relative dates: days from now.
      for (const key of ['gir_evaluated_on', 'titre_sejour_fin'])
        if (typeof situation[key] === 'number')
          situation[key] = isoDay(new Date(now.getTime() + (situation[key] as number) * DAY));
      if (d.bailleurDemo && bailleur) {
        situation.bailleur_organisation_id = bailleur.id;
        situation.bailleur_nom = bailleur.name;
      }
      await tx`INSERT INTO person_situation ${tx({
        territory_id: territoryId,
        person_id: p.id,
        ...situation,
        created_at: at,
        updated_at: at,
        updated_by_user_id: p.user_id,
        updated_by_organisation_id: p.organisation_id,
      })}`;
      const memberIds: string[] = [];
      for (const m of d.household) {
        const [row] = await tx<{ id: string }[]>`
          INSERT INTO household_member (territory_id, person_id, relation, prenom, nom, date_naissance, a_charge,
            created_at, updated_at, updated_by_user_id)
          VALUES (${territoryId}, ${p.id}, ${m.relation}, ${m.prenom}, ${m.nom ?? null}, ${m.naissance ?? null},
            ${m.aCharge ?? false}, ${at}, ${at}, ${p.user_id})
          RETURNING id`;
        memberIds.push(row!.id);
      }
      for (const [kind, type, euros, label, member] of d.budget) {
        await tx`
          INSERT INTO person_budget_line (territory_id, person_id, household_member_id, kind, type, label, amount_cents,
            created_at, updated_at, updated_by_user_id)
          VALUES (${territoryId}, ${p.id}, ${member === undefined ? null : memberIds[member]!}, ${kind}, ${type},
            ${label ?? null}, ${Math.round(euros * 100)}, ${at}, ${at}, ${p.user_id})`;
      }
      persons++;
    }
    return { persons, skipped: false };
  })) as { persons: number; skipped: boolean };
}
