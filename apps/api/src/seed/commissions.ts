import type { Sql, TransactionSql } from '@ensemblier/db';
import {
  AID_KINDS,
  computeDemandeBudget,
  DEFAULT_BAREME,
  DEFAULT_QUORUM_RULE,
  demandeLineFromSituation,
  demandeRelationFromSituation,
  type AidKind,
  type BaremeHouseholdMember,
  type CommissionCapacity,
} from '@ensemblier/shared';

/**
 * The demo commissions (run after seedDemoSituation, as the owner): « Commission d'aide
 * alimentaire » and « Commission des aides facultatives », with yearly envelopes and members
 * (commission@ présidente, coordination@ secrétaire, responsable.entraide@ signataire), and four
 * demandes d'aide on the demo persons whose situation is filled, in various states (two in
 * instruction, two complete with their figures computed by the shared barème). Does nothing when
 * the territory already has a commission type.
 */

interface DemoCommission {
  name: string;
  aidKinds: AidKind[];
  /** Yearly envelopes of the current year, euros. */
  envelopes: [AidKind, number][];
}

export const DEMO_COMMISSIONS: DemoCommission[] = [
  {
    name: 'Commission d’aide alimentaire',
    aidKinds: ['colis_alimentaire', 'epicerie_sociale', 'bons_achat'],
    envelopes: [['bons_achat', 6000]],
  },
  {
    name: 'Commission des aides facultatives',
    aidKinds: ['secours_financier', 'impaye_energie', 'impaye_loyer', 'aide_rentree_scolaire', 'micro_credit'],
    envelopes: [
      ['secours_financier', 15000],
      ['impaye_energie', 8000],
      ['impaye_loyer', 10000],
      ['aide_rentree_scolaire', 4000],
      ['micro_credit', 5000],
    ],
  },
];

const MEMBERS: [email: string, voting: boolean, capacities: CommissionCapacity[]][] = [
  ['commission@demo.ensemblier.fr', true, ['president', 'signataire']],
  ['coordination@demo.ensemblier.fr', true, ['secretaire', 'signataire', 'delegataire_urgence']],
  ['responsable.entraide@demo.ensemblier.fr', true, ['signataire']],
];

interface DemoDemande {
  nom: string;
  prenom: string;
  commission: number;
  aidKind: AidKind;
  objet: string;
  euros: number | null;
  dureeSemaines?: number;
  creditor?: { kind: string; name: string };
  rapport: string;
  synthese: string;
  state: 'en_instruction' | 'complete';
}

export const DEMO_DEMANDES: DemoDemande[] = [
  {
    nom: 'Benali',
    prenom: 'Yasmina',
    commission: 1,
    aidKind: 'impaye_energie',
    objet: 'Facture d’électricité de l’hiver impayée (relance avant coupure)',
    euros: 420,
    creditor: { kind: 'fournisseur_energie', name: 'Énergie du Sud' },
    rapport:
      'Couple avec deux enfants. Baisse des revenus après la fin du contrat de Monsieur. Plan d’apurement du loyer respecté. La facture d’hiver ne peut pas être réglée en une fois.',
    synthese: 'Couple, deux enfants ; baisse des revenus ; plan d’apurement du loyer respecté.',
    state: 'complete',
  },
  {
    nom: 'Haddad',
    prenom: 'Nadia',
    commission: 0,
    aidKind: 'epicerie_sociale',
    objet: 'Accès à l’épicerie sociale le temps de l’ouverture des droits',
    euros: null,
    dureeSemaines: 8,
    rapport: 'Mère seule avec une enfant, hébergée. Droits CAF en cours de révision.',
    synthese: 'Mère seule, une enfant, hébergée ; droits en cours de révision.',
    state: 'complete',
  },
  {
    nom: 'Roux',
    prenom: 'Marcel',
    commission: 1,
    aidKind: 'secours_financier',
    objet: 'Remplacement du réfrigérateur hors d’usage',
    euros: 250,
    rapport: 'Monsieur vit seul ; son réfrigérateur est hors d’usage. Curatrice informée.',
    synthese: 'Homme seul sous curatelle renforcée ; équipement ménager indispensable.',
    state: 'en_instruction',
  },
  {
    nom: 'Fabre',
    prenom: 'Jeanne',
    commission: 0,
    aidKind: 'colis_alimentaire',
    objet: 'Colis alimentaire en attendant la revalorisation de la pension',
    euros: null,
    rapport: 'Veuve, vit seule ; retraite modeste.',
    synthese: 'Femme âgée vivant seule, retraite modeste.',
    state: 'en_instruction',
  },
];

export async function seedDemoCommissions(
  owner: Sql,
  territoryId: string,
  options: { now?: Date } = {},
): Promise<{ commissions: number; demandes: number; skipped: boolean }> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  return (await owner.begin(async (tx: TransactionSql) => {
    await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
    const [any] = await tx`SELECT EXISTS (SELECT 1 FROM commission_type) AS any`;
    if (any?.any) return { commissions: 0, demandes: 0, skipped: true };
    const users = await tx<{ id: string; email: string }[]>`SELECT id, email FROM app_user`;
    const userId = (email: string) => users.find((u) => u.email === email)?.id;
    const coordinator = userId('coordination@demo.ensemblier.fr');
    if (!coordinator) return { commissions: 0, demandes: 0, skipped: true };
    const typeIds: string[] = [];
    for (const c of DEMO_COMMISSIONS) {
      const [t] = await tx<{ id: string }[]>`
        INSERT INTO commission_type (territory_id, name, aid_kinds, quorum, bareme, created_at, created_by_user_id,
          updated_at, updated_by_user_id)
        VALUES (${territoryId}, ${c.name}, ${c.aidKinds}, ${tx.json(DEFAULT_QUORUM_RULE as never)},
          ${tx.json(DEFAULT_BAREME as never)}, ${now}, ${coordinator}, ${now}, ${coordinator})
        RETURNING id`;
      typeIds.push(t!.id);
      for (const [email, voting, capacities] of MEMBERS) {
        const id = userId(email);
        if (id)
          await tx`INSERT INTO commission_member (territory_id, commission_type_id, user_id, voting, capacities)
            VALUES (${territoryId}, ${t!.id}, ${id}, ${voting}, ${capacities})`;
      }
      for (const [aidKind, euros] of c.envelopes)
        await tx`INSERT INTO commission_envelope (territory_id, commission_type_id, aid_kind, year, budget_cents)
          VALUES (${territoryId}, ${t!.id}, ${aidKind}, ${year}, ${Math.round(euros * 100)})`;
    }

    let demandes = 0;
    for (const d of DEMO_DEMANDES) {
      const [p] = await tx<
        { id: string; date_naissance: string | null; user_id: string; organisation_id: string }[]
      >`SELECT id, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, created_by_user_id AS user_id,
          created_by_organisation_id AS organisation_id
        FROM person WHERE nom = ${d.nom} AND prenom = ${d.prenom} AND status = 'active' ORDER BY created_at LIMIT 1`;
      if (!p) continue;
      const members = await tx<{ relation: string; date_naissance: string | null; a_charge: boolean }[]>`
        SELECT relation, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, a_charge FROM household_member
        WHERE person_id = ${p.id} ORDER BY date_naissance NULLS LAST, id`;
      const household: BaremeHouseholdMember[] = [
        { relation: 'demandeur', birthDate: p.date_naissance, age: p.date_naissance ? null : 40 },
        ...members.map((m) => ({
          relation: demandeRelationFromSituation(m.relation),
          birthDate: m.date_naissance,
          age: m.date_naissance ? null : 30,
          aCharge: m.relation === 'enfant' ? null : m.a_charge || null,
        })),
      ];
      const fileLines = await tx<
        { kind: 'ressource' | 'charge'; type: string; label: string | null; amount_cents: number }[]
      >`
        SELECT kind, type, label, amount_cents FROM person_budget_line WHERE person_id = ${p.id}
        ORDER BY kind DESC, created_at, id`;
      const lines = fileLines.map((l) => ({
        ...demandeLineFromSituation({ kind: l.kind, type: l.type, amountCents: l.amount_cents }),
        label: l.label,
      }));
      const montant = d.euros === null ? null : Math.round(d.euros * 100);
      const [counter] = await tx<{ value: number }[]>`
        INSERT INTO commission_counter (territory_id, kind, year, value) VALUES (${territoryId}, 'demande', ${year}, 1)
        ON CONFLICT (territory_id, kind, year) DO UPDATE SET value = commission_counter.value + 1 RETURNING value`;
      const numero = `${year}-${String(counter!.value).padStart(4, '0')}`;
      const b =
        d.state === 'complete'
          ? computeDemandeBudget({ household, lines, montantDemandeCents: montant ?? 0 }, DEFAULT_BAREME, today)
          : null;
      const [row] = await tx<{ id: string }[]>`
        INSERT INTO demande (territory_id, numero, person_id, commission_type_id, aid_kind, objet, montant_demande_cents,
          duree_demandee_value, duree_demandee_unit, creditor_kind, creditor_name, rapport_social, synthese_seance,
          state, deposee_le, instructing_organisation_id, instructing_user_id, computed_at, uc_hundredths,
          ressources_cents, charges_retenues_cents, reste_a_vivre_cents, rav_par_unite_mois_cents,
          rav_par_unite_jour_cents, quotient_familial_cents, quotient_familial_source, suggestion,
          montant_suggere_cents, computation, state_changed_at, completed_at, created_at, created_by_user_id,
          updated_at, updated_by_user_id)
        VALUES (${territoryId}, ${numero}, ${p.id}, ${typeIds[d.commission]!}, ${d.aidKind}, ${d.objet}, ${montant},
          ${d.dureeSemaines ?? null}, ${d.dureeSemaines ? 'semaines' : null}, ${d.creditor?.kind ?? null},
          ${d.creditor?.name ?? null}, ${d.rapport}, ${d.synthese}, ${d.state}, ${today}, ${p.organisation_id},
          ${p.user_id}, ${b ? now : null}, ${b?.uc.hundredths ?? null}, ${b?.totals.ressourcesCents ?? null},
          ${b?.totals.chargesRetenuesCents ?? null}, ${b?.resteAVivre.mensuelCents ?? null},
          ${b?.resteAVivre.parUniteMensuelCents ?? null}, ${b?.resteAVivre.parUniteJourCents ?? null},
          ${b?.quotientFamilial.cents ?? null}, ${b?.quotientFamilial.source ?? null}, ${b?.suggestion.suggestion ?? null},
          ${b?.suggestion.montantSuggereCents ?? null}, ${b ? tx.json(b as never) : null}, ${now}, ${b ? now : null},
          ${now}, ${p.user_id}, ${now}, ${p.user_id})
        RETURNING id`;
      for (const [i, m] of household.entries())
        await tx`INSERT INTO demande_household_member (territory_id, demande_id, position, relation, birth_date, age,
            a_charge)
          VALUES (${territoryId}, ${row!.id}, ${i}, ${m.relation}, ${m.birthDate ?? null}, ${m.age ?? null},
            ${m.aCharge ?? null})`;
      for (const [i, l] of lines.entries())
        await tx`INSERT INTO demande_line (territory_id, demande_id, position, kind, type, label, amount_cents)
          VALUES (${territoryId}, ${row!.id}, ${i}, ${l.kind}, ${l.type}, ${l.label}, ${l.amountCents})`;
      const pieces = ['piece_identite', 'justificatif_domicile', 'justificatifs_ressources'];
      if ((AID_KINDS[d.aidKind].forms as readonly string[]).includes('tiers')) pieces.push('facture_impayee');
      for (const [i, kind] of pieces.entries())
        await tx`INSERT INTO demande_piece (territory_id, demande_id, position, kind, status)
          VALUES (${territoryId}, ${row!.id}, ${i}, ${kind}, ${d.state === 'complete' ? 'non_requise' : 'manquante'})`;
      await tx`INSERT INTO demande_event (territory_id, demande_id, action, from_state, to_state, by_user_id,
          by_organisation_id, at)
        VALUES (${territoryId}, ${row!.id}, 'creer', NULL, 'en_instruction', ${p.user_id}, ${p.organisation_id}, ${now})`;
      if (d.state === 'complete')
        await tx`INSERT INTO demande_event (territory_id, demande_id, action, from_state, to_state, by_user_id,
            by_organisation_id, at)
          VALUES (${territoryId}, ${row!.id}, 'completer', 'en_instruction', 'complete', ${p.user_id},
            ${p.organisation_id}, ${now})`;
      demandes++;
    }
    return { commissions: typeIds.length, demandes, skipped: false };
  })) as { commissions: number; demandes: number; skipped: boolean };
}
