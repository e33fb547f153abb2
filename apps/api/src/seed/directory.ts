import type { TransactionSql } from '@ensemblier/db';
import { PUBLICS, THEMATIQUES, TYPES_SERVICE, type CapacityStatus } from '@ensemblier/shared';
import { refreshSearchDocuments } from '../directory/search-document.ts';

/** Zone codes of the demo territory. */
const LUNEL = '34145';
const LUNEL_VIEL = '34146';
const MARSILLARGUES = '34151';
const THREE = [LUNEL, LUNEL_VIEL, MARSILLARGUES];
const LUNEL_AGGLO = '243400520'; // EPCI SIREN
const HERAULT = '34';

interface DemoService {
  org: string;
  nom: string;
  description: string;
  type: string;
  thematiques: string[];
  publics: string[];
  zone: string[];
  acceptsReferrals: boolean;
  capacity: [CapacityStatus, number?];
  /** Months since the last update or confirmation (≥ 6: stale). */
  ageMonths: number;
  frais?: 'gratuit' | 'payant';
  commune?: string;
}

export const DEMO_SERVICES: DemoService[] = [
  {
    org: 'ssiad',
    nom: 'Soins infirmiers à domicile',
    description:
      'Soins infirmiers et d’hygiène à domicile, sur prescription médicale, pour les personnes âgées de 60 ans et plus ou en situation de handicap. Intervention 7 jours sur 7 par des aides-soignants coordonnés par une infirmière.',
    type: 'accompagnement',
    thematiques: ['autonomie-domicile--soins-infirmiers-a-domicile'],
    publics: ['seniors', 'personnes-en-situation-de-handicap'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['liste_attente', 15],
    ageMonths: 1,
    frais: 'gratuit',
    commune: LUNEL_VIEL,
  },
  {
    org: 'ssiad',
    nom: 'Équipe spécialisée Alzheimer à domicile',
    description:
      'Séances de réhabilitation et d’accompagnement à domicile pour les personnes atteintes de la maladie d’Alzheimer à un stade léger ou modéré, et soutien de leurs aidants.',
    type: 'accompagnement',
    thematiques: ['autonomie-domicile--soins-infirmiers-a-domicile', 'famille--soutien-aidants'],
    publics: ['seniors'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: true,
    capacity: ['complet'],
    ageMonths: 2,
    frais: 'gratuit',
    commune: LUNEL_VIEL,
  },
  {
    org: 'saad',
    nom: 'Aide à domicile : ménage, courses, toilette',
    description:
      'Aide à domicile pour les actes de la vie quotidienne : entretien du logement, courses, préparation des repas, aide à la toilette. Prise en charge possible par l’APA ou les caisses de retraite.',
    type: 'aide-materielle',
    thematiques: ['autonomie-domicile--aide-a-domicile', 'equipement-et-alimentation--aide-menagere'],
    publics: ['seniors', 'personnes-en-situation-de-handicap'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 0,
    frais: 'payant',
  },
  {
    org: 'saad',
    nom: 'Portage de repas à domicile',
    description:
      'Livraison de repas équilibrés, du lundi au samedi, en liaison froide. Menus adaptés aux régimes (sans sel, diabétique, mixé).',
    type: 'aide-materielle',
    thematiques: ['autonomie-domicile--portage-de-repas'],
    publics: ['seniors', 'personnes-en-situation-de-handicap'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 3,
    frais: 'payant',
  },
  {
    org: 'cias',
    nom: 'Téléassistance',
    description:
      'Un médaillon ou un bracelet relié 24 h/24 à une centrale d’écoute, pour donner l’alerte en cas de chute ou de malaise. Installation à domicile par le CIAS.',
    type: 'aide-materielle',
    thematiques: ['autonomie-domicile--teleassistance'],
    publics: ['seniors', 'personnes-en-situation-de-handicap'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 1,
    frais: 'payant',
  },
  {
    org: 'cias',
    nom: 'Domiciliation administrative',
    description:
      'Une adresse pour recevoir son courrier et faire valoir ses droits, pour les personnes sans domicile stable ayant un lien avec une commune du territoire.',
    type: 'accompagnement',
    thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
    publics: ['personnes-en-situation-durgence', 'tous-publics'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 2,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'cias',
    nom: 'Aides facultatives et secours d’urgence',
    description:
      'Examen par la commission des aides facultatives : secours d’urgence (énergie, loyer, santé), chèques d’accompagnement personnalisé, aide à la rentrée scolaire. Dossier instruit par un travailleur social.',
    type: 'aide-financiere',
    thematiques: [
      'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
      'aide-alimentaire--colis',
    ],
    publics: ['tous-publics'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['inconnu'],
    ageMonths: 4,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'entraide',
    nom: 'Colis alimentaires',
    description:
      'Distribution hebdomadaire de colis alimentaires (produits secs, frais, hygiène) sur orientation d’un travailleur social. Le mardi et le jeudi matin.',
    type: 'aide-materielle',
    thematiques: ['aide-alimentaire--colis', 'equipement-et-alimentation--alimentation'],
    publics: ['tous-publics'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 1,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'entraide',
    nom: 'Vestiaire solidaire',
    description: 'Vêtements et linge de maison pour toute la famille, à petits prix ou gratuitement sur orientation.',
    type: 'aide-materielle',
    thematiques: ['equipement-et-alimentation--habillement'],
    publics: ['tous-publics'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: false,
    capacity: ['inconnu'],
    ageMonths: 8,
    frais: 'payant',
    commune: LUNEL,
  },
  {
    org: 'entraide',
    nom: 'Accompagnement budgétaire',
    description:
      'Rendez-vous individuels pour faire le point sur son budget, prévenir les impayés et constituer si besoin un dossier de surendettement.',
    type: 'accompagnement',
    thematiques: [
      'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
      'difficultes-financieres--situation-dendettement-surendettement',
    ],
    publics: ['tous-publics'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['liste_attente', 21],
    ageMonths: 9,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'epicerie',
    nom: 'Épicerie solidaire',
    description:
      'Produits alimentaires et d’hygiène à 10 à 30 % de leur prix, pour 3 à 6 mois, sur orientation d’un travailleur social et selon le reste à vivre. Ateliers cuisine le vendredi.',
    type: 'aide-materielle',
    thematiques: ['aide-alimentaire--epicerie-sociale', 'equipement-et-alimentation--alimentation'],
    publics: ['familles', 'beneficiaires-des-minimas-sociaux'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['liste_attente', 10],
    ageMonths: 1,
    frais: 'payant',
    commune: MARSILLARGUES,
  },
  {
    org: 'epicerie',
    nom: 'Ateliers cuisine petit budget',
    description: 'Cuisiner de saison avec peu de moyens, en groupe, une fois par mois.',
    type: 'atelier',
    thematiques: ['equipement-et-alimentation--alimentation', 'remobilisation--lien-social'],
    publics: ['tous-publics'],
    zone: THREE,
    acceptsReferrals: false,
    capacity: ['places_disponibles'],
    ageMonths: 7,
    frais: 'gratuit',
    commune: MARSILLARGUES,
  },
  {
    org: 'clic',
    nom: 'Évaluation des besoins et plan d’aide à domicile',
    description:
      'Visite à domicile d’une évaluatrice du CLIC pour les personnes de 60 ans et plus : évaluation des besoins, plan d’aide, coordination des intervenants, information des aidants.',
    type: 'accompagnement',
    thematiques: ['autonomie-domicile--evaluation-plan-daide', 'famille--soutien-aidants'],
    publics: ['seniors'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: true,
    capacity: ['liste_attente', 7],
    ageMonths: 0,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'clic',
    nom: 'Adaptation du logement au vieillissement',
    description:
      'Conseil et montage des dossiers d’aide pour adapter le logement (douche à l’italienne, barres d’appui, monte-escalier).',
    type: 'information',
    thematiques: ['autonomie-domicile--adaptation-du-logement'],
    publics: ['seniors', 'personnes-en-situation-de-handicap'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 5,
    frais: 'gratuit',
  },
  {
    org: 'bailleur',
    nom: 'Prévention des impayés de loyer',
    description:
      'Dès le premier impayé, la chargée de recouvrement social propose un plan d’apurement et oriente vers le FSL ou le CIAS. Signalement précoce aux partenaires.',
    type: 'accompagnement',
    thematiques: ['logement-social--impayes-de-loyer', 'logement-hebergement--reduire-les-impayes-de-loyer'],
    publics: ['tous-publics'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 2,
    frais: 'gratuit',
  },
  {
    org: 'bailleur',
    nom: 'Demande de mutation de logement',
    description: 'Changer de logement au sein du parc social : logement inadapté, sur-occupation, handicap, violences.',
    type: 'information',
    thematiques: ['logement-social--mutation', 'logement-hebergement--changer-de-logement'],
    publics: ['tous-publics'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: false,
    capacity: ['liste_attente', 180],
    ageMonths: 10,
    frais: 'gratuit',
  },
  {
    org: 'departement',
    nom: 'Fonds de solidarité pour le logement (FSL)',
    description:
      'Aides financières pour accéder à un logement (dépôt de garantie, premier loyer) ou s’y maintenir (impayés de loyer, d’énergie, d’eau). Dossier instruit par un travailleur social.',
    type: 'aide-financiere',
    thematiques: [
      'logement-hebergement--se-maintenir-dans-le-logement',
      'logement-hebergement--reduire-les-impayes-de-loyer',
    ],
    publics: ['tous-publics'],
    zone: [HERAULT],
    acceptsReferrals: false,
    capacity: ['inconnu'],
    ageMonths: 3,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'departement',
    nom: 'Accompagnement des bénéficiaires du RSA',
    description: 'Référent unique, contrat d’engagements réciproques, aides à l’insertion sociale et professionnelle.',
    type: 'accompagnement',
    thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
    publics: ['beneficiaires-des-minimas-sociaux'],
    zone: [HERAULT],
    acceptsReferrals: true,
    capacity: ['liste_attente', 30],
    ageMonths: 2,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'caf',
    nom: 'Rendez-vous des droits',
    description:
      'Un entretien pour faire le point sur l’ensemble des droits (prestations familiales, aides au logement, prime d’activité, RSA).',
    type: 'information',
    thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
    publics: ['familles', 'tous-publics'],
    zone: ['france'],
    acceptsReferrals: false,
    capacity: ['places_disponibles'],
    ageMonths: 1,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'cpam',
    nom: 'Complémentaire santé solidaire',
    description: 'Aide à la constitution du dossier de complémentaire santé solidaire et accès aux soins.',
    type: 'accompagnement',
    thematiques: ['sante--acces-aux-soins'],
    publics: ['tous-publics'],
    zone: ['france'],
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 2,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'carsat',
    nom: 'Aide au retour à domicile après hospitalisation',
    description:
      'Aide temporaire (aide à domicile, portage de repas) pour les retraités du régime général après une hospitalisation.',
    type: 'aide-financiere',
    thematiques: ['autonomie-domicile--aide-a-domicile'],
    publics: ['seniors'],
    zone: [HERAULT],
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 4,
    frais: 'gratuit',
  },
  {
    org: 'mdph',
    nom: 'Constitution du dossier MDPH',
    description: 'Information et aide à la constitution des demandes : AAH, PCH, RQTH, carte mobilité inclusion.',
    type: 'accompagnement',
    thematiques: ['sante--constituer-un-dossier-mdph-invalidite'],
    publics: ['personnes-en-situation-de-handicap'],
    zone: [HERAULT],
    acceptsReferrals: true,
    capacity: ['liste_attente', 60],
    ageMonths: 11,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'france_travail',
    nom: 'Accompagnement vers l’emploi',
    description:
      'Inscription, accompagnement individuel, ateliers CV et entretien, offres d’emploi du bassin lunellois.',
    type: 'accompagnement',
    thematiques: [
      'trouver-un-emploi--repondre-a-des-offres-demploi',
      'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation',
    ],
    publics: ['demandeurs-emploi'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: false,
    capacity: ['places_disponibles'],
    ageMonths: 1,
    frais: 'gratuit',
    commune: LUNEL,
  },
  {
    org: 'mission_locale',
    nom: 'Contrat d’engagement jeune',
    description:
      'Pour les 16–25 ans sans emploi ni formation : accompagnement intensif de 15 à 20 heures par semaine et allocation mensuelle.',
    type: 'accompagnement',
    thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'se-former--trouver-sa-formation'],
    publics: ['jeunes'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 2,
    frais: 'gratuit',
    commune: MARSILLARGUES,
  },
  {
    org: 'mission_locale',
    nom: 'Aide au permis de conduire',
    description: 'Financement partiel du permis B et préparation au code pour les jeunes suivis.',
    type: 'aide-financiere',
    thematiques: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
    publics: ['jeunes'],
    zone: [LUNEL_AGGLO],
    acceptsReferrals: false,
    capacity: ['complet'],
    ageMonths: 3,
    frais: 'gratuit',
    commune: MARSILLARGUES,
  },
  {
    org: 'visiteurs',
    nom: 'Visites de convivialité aux personnes isolées',
    description:
      'Des bénévoles formés rendent visite chaque semaine à des personnes âgées isolées, et les appellent pendant les épisodes de canicule (démarche MONALISA).',
    type: 'accompagnement',
    thematiques: ['remobilisation--lien-social'],
    publics: ['seniors'],
    zone: THREE,
    acceptsReferrals: true,
    capacity: ['places_disponibles'],
    ageMonths: 1,
    frais: 'gratuit',
    commune: LUNEL_VIEL,
  },
];

const monthsAgo = (now: Date, months: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(Math.max(1, d.getUTCDate() - 3));
  return d;
};

/** The demo territory's services (its transaction, with the territory set). */
export async function seedDemoServices(
  tx: TransactionSql,
  territoryId: string,
  orgIds: Map<string, string>,
  now = new Date(),
): Promise<number> {
  const rows = DEMO_SERVICES.map((s) => {
    const dateMaj = monthsAgo(now, s.ageMonths);
    return {
      territory_id: territoryId,
      organisation_id: orgIds.get(s.org)!,
      nom: s.nom,
      description: s.description,
      type: s.type,
      thematiques: s.thematiques,
      publics: s.publics,
      zone_eligibilite: s.zone,
      accepts_referrals: s.acceptsReferrals,
      capacity_status: s.capacity[0],
      capacity_delay_days: s.capacity[1] ?? null,
      capacity_confirmed_at: s.capacity[0] === 'inconnu' ? null : dateMaj,
      frais: s.frais ?? null,
      commune_insee: s.commune ?? null,
      modes_accueil: ['en-presentiel'],
      modes_mobilisation: ['telephoner', 'envoyer-un-courriel'],
      mobilisable_par: ['professionnels', 'usagers'],
      date_maj: dateMaj,
      created_at: dateMaj,
      updated_at: dateMaj,
    };
  });
  await tx`INSERT INTO service ${tx(rows)}`;
  await refreshSearchDocuments(tx, { all: true });
  return rows.length;
}

// ---------------------------------------------------------------------------------------
// Load data for benchmarks.

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Épicerie solidaire',
  'Colis alimentaires',
  'Accompagnement budgétaire',
  'Aide aux démarches administratives',
  'Permanence d’accès aux droits',
  'Aide à domicile',
  'Portage de repas',
  'Soins infirmiers à domicile',
  'Téléassistance',
  'Atelier numérique',
  'Écrivain public',
  'Soutien à la parentalité',
  'Halte-garderie',
  'Hébergement d’urgence',
  'Accès au logement',
  'Médiation locative',
  'Atelier CV et lettre de motivation',
  'Chantier d’insertion',
  'Auto-école sociale',
  'Location solidaire de véhicules',
  'Cours de français langue étrangère',
  'Groupe de parole des aidants',
  'Consultation psychologique',
  'Vestiaire solidaire',
  'Ressourcerie',
  'Jardin partagé',
  'Visites aux personnes isolées',
  'Point conseil budget',
  'Accueil de jour',
  'Aide aux vacances familiales',
];
const PHRASES = [
  'Accueil sur rendez-vous ou lors des permanences.',
  'Orientation par un travailleur social ou démarche spontanée.',
  'Pour les habitants du territoire, sans condition de ressources.',
  'Sous conditions de ressources (quotient familial).',
  'Accompagnement individuel et ateliers collectifs.',
  'Intervention à domicile possible pour les personnes à mobilité réduite.',
  'Les bénévoles de l’association accueillent les personnes le mardi et le jeudi.',
  'Prise en charge partielle par la CAF ou la caisse de retraite.',
  'Un premier entretien permet de faire le point sur la situation et les besoins.',
  'Service labellisé, en lien avec le CCAS et les partenaires du réseau.',
];
const CAPACITIES: CapacityStatus[] = [
  'places_disponibles',
  'places_disponibles',
  'liste_attente',
  'liste_attente',
  'complet',
  'inconnu',
];

/** Real communes of the Hérault (34) and their EPCI, for zones. */
export async function heraultZones(tx: TransactionSql): Promise<{ communes: string[]; epcis: string[] }> {
  const rows = await tx<{ code: string; epci: string | null }[]>`
    SELECT code, epci FROM commune WHERE departement = '34' ORDER BY code`;
  return {
    communes: rows.map((r) => r.code),
    epcis: [...new Set(rows.flatMap((r) => (r.epci ? [r.epci] : [])))].sort(),
  };
}

/**
 * 7–8 services per organisation of a load territory: random thématiques, zones over the
 * real communes of the Hérault (a few communes, an EPCI, the département, or the
 * territory's three communes), capacities, dates over the last 12 months (~15 % stale).
 */
export async function seedScaleServices(
  tx: TransactionSql,
  territoryId: string,
  organisationIds: string[],
  options: { seed?: number; now?: Date; territoryCommunes?: string[] } = {},
): Promise<number> {
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const now = options.now ?? new Date();
  const { communes, epcis } = await heraultZones(tx);
  if (communes.length === 0) throw new Error('the commune reference table is empty');
  const local = options.territoryCommunes ?? THREE;
  const publics = PUBLICS.map((p) => p.value);
  const types = TYPES_SERVICE.map((t) => t.value);
  const rows = organisationIds.flatMap((organisationId, i) =>
    Array.from({ length: i % 2 === 0 ? 8 : 7 }, (_, j) => {
      const z = rnd();
      const zone =
        z < 0.45
          ? [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pick(communes)))]
          : z < 0.7
            ? [pick(epcis)]
            : z < 0.85
              ? ['34']
              : z < 0.95
                ? local
                : ['france'];
      const thematiques = [
        ...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(THEMATIQUES).value)),
      ];
      const capacity = pick(CAPACITIES);
      const dateMaj = new Date(now.getTime() - Math.floor(rnd() * 365 * 86_400_000 * (rnd() < 0.7 ? 0.5 : 1)));
      const name = pick(NAMES);
      return {
        territory_id: territoryId,
        organisation_id: organisationId,
        nom: `${name}${j > 0 ? ` — ${j + 1}` : ''}`,
        description: Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(PHRASES)).join(' '),
        type: pick(types),
        thematiques,
        publics: [...new Set([pick(publics), pick(publics)])],
        zone_eligibilite: zone,
        accepts_referrals: rnd() < 0.6,
        capacity_status: capacity,
        capacity_delay_days: capacity === 'liste_attente' ? 5 + Math.floor(rnd() * 90) : null,
        capacity_confirmed_at: capacity === 'inconnu' ? null : dateMaj,
        commune_insee: pick(zone[0]!.length === 5 ? zone : local),
        date_maj: dateMaj,
        created_at: dateMaj,
        updated_at: dateMaj,
      };
    }),
  );
  for (let i = 0; i < rows.length; i += 1000) await tx`INSERT INTO service ${tx(rows.slice(i, i + 1000))}`;
  // Fresh statistics, for the refresh below and the first searches.
  await tx`ANALYZE service, organisation`;
  await refreshSearchDocuments(tx, { all: true });
  await tx`ANALYZE service, search_posting, search_lexeme`;
  return rows.length;
}
