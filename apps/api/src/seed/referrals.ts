import { randomUUID } from 'node:crypto';
import type { Sql, TransactionSql } from '@ensemblier/db';
import { DEMO_ORGANISATIONS } from './demo.ts';
import {
  nextState,
  normaliseName,
  overallState,
  personNameKey,
  type Outcome,
  type ReferralAction,
  type ReferralRelation,
  type ReferralState,
  type RefusalReason,
} from '@ensemblier/shared';

const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------
// Demo referrals: a small, hand-written story of the Pays de Lunel over the last 60 days.

interface DemoPerson {
  nom: string;
  prenom: string;
  naissance: string;
  commune: '34145' | '34146' | '34151';
  adresse: string;
  telephone: string | null;
  contact: 'telephone' | 'sms' | 'courriel' | 'courrier' | 'visite';
}

/** The demo persons (none named « Test » or « E2E »: the end-to-end specs create those). */
export const DEMO_PERSONS: DemoPerson[] = [
  {
    nom: 'Fabre',
    prenom: 'Jeanne',
    naissance: '1938-04-12',
    commune: '34145',
    adresse: '12 rue Ménard',
    telephone: '0467710012',
    contact: 'telephone',
  },
  {
    nom: 'Roux',
    prenom: 'Marcel',
    naissance: '1941-09-03',
    commune: '34146',
    adresse: '4 chemin des Vignes',
    telephone: '0467830204',
    contact: 'visite',
  },
  {
    nom: 'Granier',
    prenom: 'Odette',
    naissance: '1935-01-27',
    commune: '34151',
    adresse: '7 place du Château',
    telephone: '0467710713',
    contact: 'telephone',
  },
  {
    nom: 'Benali',
    prenom: 'Yasmina',
    naissance: '1986-06-15',
    commune: '34145',
    adresse: '23 avenue Victor-Hugo',
    telephone: '0612457801',
    contact: 'sms',
  },
  {
    nom: 'Lopez',
    prenom: 'Kevin',
    naissance: '2003-11-02',
    commune: '34145',
    adresse: '9 rue de la Libération',
    telephone: '0698127745',
    contact: 'sms',
  },
  {
    nom: 'Haddad',
    prenom: 'Nadia',
    naissance: '1979-03-21',
    commune: '34145',
    adresse: '31 boulevard Lafayette',
    telephone: '0623984410',
    contact: 'telephone',
  },
  {
    nom: 'Vidal',
    prenom: 'Gérard',
    naissance: '1950-07-08',
    commune: '34151',
    adresse: '2 rue des Arènes',
    telephone: '0467711845',
    contact: 'telephone',
  },
  {
    nom: 'Arnaud',
    prenom: 'Suzanne',
    naissance: '1944-12-19',
    commune: '34146',
    adresse: '15 impasse des Oliviers',
    telephone: '0467832290',
    contact: 'courrier',
  },
  {
    nom: 'Castel',
    prenom: 'Thierry',
    naissance: '1968-02-11',
    commune: '34145',
    adresse: 'Sans domicile stable',
    telephone: '0745129830',
    contact: 'telephone',
  },
  {
    nom: 'El Amrani',
    prenom: 'Fatima',
    naissance: '1972-05-30',
    commune: '34145',
    adresse: '6 rue Sainte-Catherine',
    telephone: '0634778102',
    contact: 'telephone',
  },
  {
    nom: 'Pons',
    prenom: 'Lucie',
    naissance: '1995-08-24',
    commune: '34151',
    adresse: '18 avenue de la Gare',
    telephone: '0687451239',
    contact: 'courriel',
  },
  {
    nom: 'Bonnet',
    prenom: 'René',
    naissance: '1939-10-05',
    commune: '34145',
    adresse: '3 rue du Bourgidou',
    telephone: '0467715530',
    contact: 'visite',
  },
  {
    nom: 'Fabregat',
    prenom: 'Monique',
    naissance: '1947-04-02',
    commune: '34146',
    adresse: '11 rue de l’Église',
    telephone: '0467836671',
    contact: 'courrier',
  },
  {
    nom: 'Mas',
    prenom: 'Sébastien',
    naissance: '1983-01-14',
    commune: '34145',
    adresse: '40 route de Nîmes',
    telephone: '0676201934',
    contact: 'telephone',
  },
  {
    nom: 'Rey',
    prenom: 'Amandine',
    naissance: '1990-09-09',
    commune: '34145',
    adresse: '8 rue Jean-Jaurès',
    telephone: '0645980017',
    contact: 'sms',
  },
  {
    nom: 'Guiraud',
    prenom: 'Henri',
    naissance: '1936-06-30',
    commune: '34151',
    adresse: '27 rue Paul-Doumer',
    telephone: '0467712468',
    contact: 'telephone',
  },
  {
    nom: 'Cros',
    prenom: 'Élodie',
    naissance: '1988-02-17',
    commune: '34146',
    adresse: '5 allée des Pins',
    telephone: '0658342276',
    contact: 'courriel',
  },
  {
    nom: 'Saïdi',
    prenom: 'Mohamed',
    naissance: '1965-11-23',
    commune: '34145',
    adresse: '14 rue Carnot',
    telephone: '0629407718',
    contact: 'telephone',
  },
  {
    nom: 'Combes',
    prenom: 'Yvette',
    naissance: '1940-03-08',
    commune: '34145',
    adresse: '1 place des Martyrs',
    telephone: '0467718804',
    contact: 'visite',
  },
  {
    nom: 'Martinez',
    prenom: 'Dylan',
    naissance: '2005-07-19',
    commune: '34151',
    adresse: '22 rue des Écoles',
    telephone: '0771203458',
    contact: 'sms',
  },
  {
    nom: 'Boyer',
    prenom: 'Christiane',
    naissance: '1952-12-01',
    commune: '34145',
    adresse: '19 avenue du Maréchal-Foch',
    telephone: '0467713391',
    contact: 'telephone',
  },
  {
    nom: 'Jourdan',
    prenom: 'Patrick',
    naissance: '1961-05-26',
    commune: '34146',
    adresse: '33 route de Lunel',
    telephone: '0614853320',
    contact: 'telephone',
  },
  {
    nom: 'Diallo',
    prenom: 'Aïcha',
    naissance: '1993-10-13',
    commune: '34145',
    adresse: '10 rue Alphonse-Daudet',
    telephone: '0752668194',
    contact: 'sms',
  },
  {
    nom: 'Teissier',
    prenom: 'Louise',
    naissance: '1933-08-04',
    commune: '34151',
    adresse: '6 rue de la Mairie',
    telephone: '0467717026',
    contact: 'telephone',
  },
  {
    nom: 'Aubert',
    prenom: 'Bernard',
    naissance: '1946-01-28',
    commune: '34145',
    adresse: '28 rue Marcel-Pagnol',
    telephone: '0467719950',
    contact: 'telephone',
  },
];

/** Demo users by a short key; the organisation they send from by default. */
const USERS = {
  sophie: { email: 'intervenante.entraide@demo.ensemblier.fr', org: 'entraide' },
  marc: { email: 'responsable.entraide@demo.ensemblier.fr', org: 'entraide' },
  nathalie: { email: 'responsable.ssiad@demo.ensemblier.fr', org: 'ssiad' },
  julien: { email: 'infirmier.ssiad@demo.ensemblier.fr', org: 'ssiad' },
  ines: { email: 'evaluatrice.clic@demo.ensemblier.fr', org: 'clic' },
  karim: { email: 'coordination@demo.ensemblier.fr', org: 'cias' },
} as const;
type UserKey = keyof typeof USERS;

/** Who answers for a recipient organisation (organisations without accounts never answer). */
const ANSWERS_FOR: Record<string, UserKey> = {
  ssiad: 'julien',
  entraide: 'marc',
  epicerie: 'sophie',
  clic: 'ines',
  cias: 'karim',
};

interface DemoTask {
  /** "orgKey:start of the service name", or "route" (the CIAS « à router »). */
  to: string;
  /** Space-separated steps "action[=reason|outcome]@days after sending". */
  steps?: string;
  /** After a réorientation: the new task. */
  then?: DemoTask;
  /** Messages: who ('s' sender, 'r' recipient), days after sending, text. */
  thread?: [who: 's' | 'r', day: number, body: string][];
}

interface DemoReferral {
  person: number;
  by: UserKey;
  /** Sending organisation when not the user's default one. */
  org?: string;
  /** Days ago it was sent (or drafted). */
  days: number;
  urgent?: boolean;
  draft?: boolean;
  motif: string;
  deja?: string;
  attendu?: string;
  to: DemoTask[];
}

const SSIAD = 'ssiad:Soins infirmiers';
const SAAD = 'saad:Aide à domicile';
const CLIC_EVAL = 'clic:Évaluation';
const AIDES = 'cias:Aides facultatives';
const COLIS = 'entraide:Colis';
const EPICERIE = 'epicerie:Épicerie';

export const DEMO_REFERRALS: DemoReferral[] = [
  {
    person: 0,
    by: 'sophie',
    days: 2,
    urgent: true,
    motif:
      'Mme Fabre est sortie de l’hôpital hier après une chute. Elle vit seule et a besoin de soins pour un pansement et d’aide à la toilette.',
    deja: 'Prescription du médecin traitant obtenue. Sa voisine passe chaque matin.',
    attendu: 'Passage d’un aide-soignant dès cette semaine.',
    to: [{ to: SSIAD }],
  },
  {
    person: 1,
    by: 'ines',
    days: 5,
    motif: 'Perte d’autonomie progressive, difficultés pour la toilette. Plan d’aide APA en cours.',
    to: [{ to: SSIAD, steps: 'view@1' }],
  },
  {
    person: 2,
    by: 'karim',
    days: 12,
    motif:
      'Mme Granier a besoin de soins infirmiers quotidiens (diabète insulino-dépendant) ; son mari ne peut plus l’aider.',
    attendu: 'Prise en charge des soins d’hygiène et surveillance.',
    to: [
      {
        to: SSIAD,
        steps: 'view@1 accept@2',
        thread: [
          ['r', 1.5, 'Bonjour, nous avons bien reçu la demande. La prescription médicale est-elle disponible ?'],
          ['s', 2.5, 'Oui, le médecin traitant l’a transmise ce matin. Sa fille est joignable au 06 12 34 56 78.'],
          ['r', 3, 'Merci, première visite prévue lundi matin.'],
        ],
      },
    ],
  },
  {
    person: 3,
    by: 'sophie',
    days: 20,
    urgent: true,
    motif: 'Coupure d’électricité annoncée pour impayé (420 €). Mère seule avec deux enfants, revenus : RSA.',
    deja: 'Plan d’apurement refusé par le fournisseur.',
    attendu: 'Secours d’urgence énergie.',
    to: [{ to: AIDES, steps: 'view@0.5 accept@1 start@2' }],
  },
  {
    person: 4,
    by: 'marc',
    days: 35,
    motif: 'Jeune sans diplôme ni emploi, souhaite une formation dans la logistique.',
    to: [{ to: 'mission_locale:Contrat', steps: 'expire@30' }],
  },
  {
    person: 5,
    by: 'ines',
    days: 50,
    motif: 'Budget très serré après une séparation, deux enfants à charge.',
    attendu: 'Accès à l’épicerie solidaire pour trois mois.',
    to: [{ to: EPICERIE, steps: 'view@1 accept@2 start@3 complete=aide_apportee@30' }],
  },
  {
    person: 6,
    by: 'karim',
    days: 40,
    motif: 'Suites d’un AVC, besoin de soins à domicile.',
    to: [{ to: SSIAD, steps: 'view@1 refuse=pas_de_place@2' }],
  },
  {
    person: 7,
    by: 'marc',
    days: 25,
    motif: 'Isolement et difficultés croissantes à domicile depuis le décès de son mari.',
    attendu: 'Évaluation des besoins et plan d’aide.',
    to: [
      {
        to: CLIC_EVAL,
        steps: 'view@1 accept@3 start@7',
        thread: [
          ['r', 2, 'Pouvez-vous préciser si Mme Arnaud vit seule ?'],
          ['s', 2.3, 'Oui, depuis janvier. Son fils passe le week-end.'],
        ],
      },
    ],
  },
  {
    person: 8,
    by: 'sophie',
    days: 3,
    urgent: true,
    motif: 'Personne sans domicile stable, sans ressources depuis un mois. Nous ne savons pas qui peut l’accompagner.',
    to: [{ to: 'route' }],
  },
  {
    person: 9,
    by: 'ines',
    days: 6,
    motif: 'Difficultés administratives multiples (titre de séjour, CAF, assurance maladie).',
    to: [{ to: 'route', steps: 'view@1' }],
  },
  {
    person: 10,
    by: 'marc',
    days: 1,
    motif: 'Jeune femme en rupture familiale, cherche un logement et un emploi.',
    to: [{ to: 'route' }],
  },
  {
    person: 11,
    by: 'sophie',
    days: 15,
    motif: 'M. Bonnet ne parvient plus à faire sa toilette seul ; sa fille habite loin.',
    to: [
      {
        to: 'route',
        steps: 'view@0.5 reorient@1',
        then: { to: SSIAD, steps: 'view@1 accept@3', thread: [['s', 3.5, 'Merci pour la prise en charge rapide.']] },
      },
    ],
  },
  {
    person: 12,
    by: 'marc',
    days: 45,
    motif: 'Retard de loyer de deux mois après une hospitalisation.',
    to: [{ to: 'bailleur:Prévention', steps: 'cancel@35' }],
  },
  {
    person: 12,
    by: 'marc',
    days: 30,
    motif: 'Aide ponctuelle pour régler la facture d’eau.',
    to: [{ to: AIDES, steps: 'view@1 accept@2 start@3 complete=aide_apportee@10' }],
  },
  {
    person: 13,
    by: 'karim',
    days: 8,
    motif: 'Père de famille au chômage depuis six mois, fin de droits.',
    attendu: 'Aide alimentaire le temps de l’ouverture des droits au RSA.',
    to: [
      { to: COLIS, steps: 'view@0.5 accept@1' },
      { to: EPICERIE, steps: 'view@2' },
    ],
  },
  {
    person: 14,
    by: 'julien',
    days: 28,
    motif: 'Difficultés à gérer son budget, plusieurs crédits à la consommation.',
    to: [
      {
        to: 'entraide:Accompagnement budgétaire',
        steps: 'view@2 refuse=autre@4',
        thread: [['s', 5, 'Entendu, nous prenons contact avec le point conseil budget.']],
      },
    ],
  },
  {
    person: 15,
    by: 'ines',
    days: 55,
    motif: 'Soins d’hygiène quotidiens nécessaires, épouse aidante épuisée.',
    to: [{ to: SSIAD, steps: 'view@1 accept@2 start@4 complete=aide_apportee@40' }],
  },
  {
    person: 16,
    by: 'karim',
    days: 22,
    motif: 'Logement inadapté à son handicap (salle de bains à l’étage).',
    to: [{ to: 'clic:Adaptation', steps: 'view@1 accept@5 fail@15' }],
  },
  {
    person: 17,
    by: 'sophie',
    days: 4,
    motif: 'Besoin d’une adresse pour recevoir son courrier administratif.',
    to: [{ to: 'cias:Domiciliation' }],
  },
  {
    person: 18,
    by: 'sophie',
    days: 1,
    draft: true,
    motif: 'Mme Combes a du mal à se déplacer ; à compléter avec sa fille avant l’envoi.',
    to: [{ to: SSIAD }],
  },
  {
    person: 19,
    by: 'karim',
    days: 18,
    motif: 'Jeune majeur en recherche d’emploi, sans permis de conduire.',
    to: [{ to: 'france_travail:Accompagnement', steps: 'cancel@4' }],
  },
  {
    person: 20,
    by: 'julien',
    days: 14,
    motif: 'Besoin d’aide pour le ménage et les courses en complément de nos soins.',
    to: [{ to: SAAD }],
  },
  {
    person: 21,
    by: 'karim',
    days: 42,
    motif: 'Surendettement, relances d’huissier.',
    to: [
      {
        to: 'route',
        steps: 'view@0.5 reorient@2',
        then: { to: 'entraide:Accompagnement budgétaire', steps: 'view@1 accept@2 start@5 complete=aide_apportee@25' },
      },
    ],
  },
  {
    person: 22,
    by: 'sophie',
    org: 'epicerie',
    days: 9,
    urgent: true,
    motif: 'Plus rien pour nourrir ses enfants jusqu’à la fin du mois.',
    to: [{ to: AIDES, steps: 'view@0.3 accept@1' }],
  },
  {
    person: 23,
    by: 'nathalie',
    days: 27,
    motif: 'Évaluation globale de la situation à domicile souhaitée par la famille.',
    to: [{ to: CLIC_EVAL, steps: 'view@1 accept@2 start@4 complete=aide_apportee@20' }],
  },
  {
    person: 24,
    by: 'ines',
    days: 7,
    motif: 'Troubles de la mémoire diagnostiqués, épouse aidante en difficulté.',
    to: [{ to: 'ssiad:Équipe spécialisée Alzheimer', steps: 'view@2 refuse=pas_de_place@3' }],
  },
  {
    person: 0,
    by: 'ines',
    days: 38,
    motif: 'Ne cuisine plus depuis sa chute, repas irréguliers.',
    to: [{ to: 'saad:Portage de repas', steps: 'expire@30' }],
  },
  {
    person: 1,
    by: 'karim',
    days: 48,
    motif: 'Soins d’hygiène après une hospitalisation.',
    to: [{ to: SSIAD, steps: 'view@1 accept@2 start@3 complete=ne_souhaite_plus@25' }],
  },
  {
    person: 2,
    by: 'nathalie',
    days: 16,
    motif: 'Chutes à répétition la nuit.',
    to: [{ to: 'cias:Téléassistance', steps: 'view@1 accept@2 start@4 complete=aide_apportee@8' }],
  },
  {
    person: 3,
    by: 'karim',
    days: 58,
    motif: 'Loyer impayé depuis trois mois, risque d’expulsion.',
    to: [
      { to: 'bailleur:Prévention', steps: 'expire@30' },
      { to: 'departement:Fonds de solidarité', steps: 'expire@30' },
    ],
  },
  {
    person: 5,
    by: 'marc',
    days: 10,
    motif: 'Vérification des droits aux prestations familiales après la séparation.',
    to: [{ to: 'caf:Rendez-vous' }],
  },
  {
    person: 6,
    by: 'karim',
    days: 24,
    motif: 'Aide au ménage en attendant une place en SSIAD.',
    to: [{ to: SAAD, steps: 'cancel@12' }],
  },
  {
    person: 8,
    by: 'karim',
    days: 11,
    urgent: true,
    motif: 'Sans ressources, a besoin de colis alimentaires en attendant l’ouverture de ses droits.',
    to: [
      {
        to: COLIS,
        steps: 'view@0.2 accept@0.5 start@1',
        thread: [['r', 0.3, 'Colis préparé, M. Castel peut passer dès cet après-midi.']],
      },
    ],
  },
  {
    person: 9,
    by: 'karim',
    days: 52,
    motif: 'Accès à l’épicerie solidaire.',
    to: [{ to: EPICERIE, steps: 'view@1 refuse=doublon@2' }],
  },
  {
    person: 10,
    by: 'marc',
    days: 19,
    motif: 'Recherche d’une formation qualifiante.',
    to: [{ to: 'mission_locale:Contrat' }],
  },
  {
    person: 14,
    by: 'julien',
    days: 13,
    motif: 'Demande d’aide financière pour des frais de santé.',
    to: [{ to: AIDES, steps: 'view@1 refuse=non_eligible@3' }],
  },
  {
    person: 16,
    by: 'ines',
    days: 5,
    motif: 'Retour à domicile après une opération de la hanche.',
    to: [{ to: SSIAD, steps: 'view@1 accept@2' }, { to: SAAD }],
  },
  {
    person: 20,
    by: 'nathalie',
    days: 44,
    motif: 'Évaluation de la perte d’autonomie.',
    to: [{ to: CLIC_EVAL, steps: 'view@1 refuse=personne_injoignable@12' }],
  },
  {
    person: 22,
    by: 'karim',
    days: 36,
    motif: 'Vêtements chauds pour les enfants avant l’hiver.',
    to: [{ to: 'entraide:Vestiaire', steps: 'view@1 accept@1.5 start@2 complete=aide_apportee@6' }],
  },
  {
    person: 17,
    by: 'marc',
    days: 26,
    motif: 'Pas de complémentaire santé, soins dentaires reportés.',
    to: [{ to: 'route', steps: 'view@1 reorient@2', then: { to: 'cpam:Complémentaire santé' } }],
  },
  {
    person: 24,
    by: 'karim',
    days: 3,
    urgent: true,
    motif: 'Sortie d’hospitalisation prévue vendredi, soins d’escarres à poursuivre à domicile.',
    to: [{ to: SSIAD }],
  },
  {
    person: 11,
    by: 'nathalie',
    days: 6,
    motif: 'Risque de chute, vit seul.',
    to: [{ to: 'cias:Téléassistance', steps: 'view@1' }],
  },
];

const MESSAGES: Partial<Record<ReferralAction, string>> = {
  cancel: 'La situation s’est réglée entre-temps : la famille a trouvé une solution.',
  fail: 'La personne a été hospitalisée ; l’accompagnement n’a pas pu se poursuivre.',
  reorient: 'Orientation transmise au partenaire compétent.',
};
const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  non_eligible: 'La demande ne remplit pas les conditions de ressources de l’aide facultative.',
  hors_zone: 'La personne réside hors de notre secteur d’intervention.',
  pas_de_place: 'Nous n’avons plus de place avant deux mois ; renouvelez la demande si besoin.',
  ne_releve_pas_du_service: 'Cette demande relève d’une aide à domicile plutôt que de soins.',
  personne_injoignable: 'Trois appels sans réponse et un courrier resté sans suite.',
  doublon: 'Une demande est déjà en cours pour cette personne.',
  autre: 'Nous vous proposons plutôt le point conseil budget, plus adapté à cette situation.',
};

const RECIPIENT_ACTIONS: readonly ReferralAction[] = ['view', 'accept', 'refuse', 'start', 'complete', 'fail'];
const relationFor = (action: ReferralAction): ReferralRelation =>
  action === 'cancel' ? 'sender' : action === 'expire' ? 'system' : action === 'reorient' ? 'coordinator' : 'recipient';

/** The last reminder of a task that waited from `sent` to `until` (one every `every` days). */
function lastReminder(sent: Date, until: Date, every = 10): Date | null {
  const n = Math.floor((until.getTime() - sent.getTime() - 1) / (every * DAY));
  return n >= 1 ? new Date(sent.getTime() + n * every * DAY) : null;
}

/** True when the territory already has referrals (the demo story is written once). */
async function hasReferrals(tx: TransactionSql): Promise<boolean> {
  const [row] = await tx`SELECT EXISTS (SELECT 1 FROM referral) AS any`;
  return Boolean(row?.any);
}

/**
 * The demo territory's referrals: 25 persons of Lunel, Lunel-Viel and Marsillargues with
 * their consent events (one objection), 42 referrals between the demo organisations in every
 * state of the lifecycle (some « à router », some urgent, a few threads), their history, the
 * organisations' access to the persons and a few notifications for the SSIAD and the
 * coordinator. Dates are relative to `now` (the last 60 days). Runs as the owner; does nothing
 * when the territory already has referrals.
 */
export async function seedDemoReferrals(
  owner: Sql,
  territoryId: string,
  options: { now?: Date } = {},
): Promise<{ persons: number; referrals: number; tasks: number; skipped: boolean }> {
  const now = options.now ?? new Date();
  const at = (daysAgo: number, plusDays = 0) => new Date(now.getTime() - daysAgo * DAY + plusDays * DAY);
  return (await owner.begin(async (tx) => {
    await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
    if (await hasReferrals(tx)) return { persons: 0, referrals: 0, tasks: 0, skipped: true };

    const orgRows = await tx<{ id: string; name: string }[]>`SELECT id, name FROM organisation`;
    const orgId = new Map<string, string>();
    const orgName = new Map<string, string>();
    for (const o of DEMO_ORGANISATIONS) {
      const row = orgRows.find((r) => r.name === o.name);
      if (!row) throw new Error(`demo organisation missing: ${o.name}`);
      orgId.set(o.key, row.id);
      orgName.set(o.key, o.name);
    }
    const userRows = await tx<{ id: string; email: string }[]>`SELECT id, email FROM app_user`;
    const userId = (key: UserKey) => {
      const row = userRows.find((u) => u.email === USERS[key].email);
      if (!row) throw new Error(`demo user missing: ${USERS[key].email}`);
      return row.id;
    };
    const services = await tx<{ id: string; organisation_id: string; nom: string; thematiques: string[] }[]>`
      SELECT id, organisation_id, nom, thematiques FROM service`;
    const serviceFor = (target: string) => {
      const [org, prefix] = target.split(':') as [string, string];
      const s = services.find((x) => x.organisation_id === orgId.get(org) && x.nom.startsWith(prefix));
      if (!s) throw new Error(`demo service missing: ${target}`);
      return { org, service: s };
    };

    // Persons: created by the organisation of their first referral, the day before it.
    const firstReferral = new Map<number, DemoReferral>();
    for (const r of [...DEMO_REFERRALS].sort((a, b) => b.days - a.days))
      if (!firstReferral.has(r.person)) firstReferral.set(r.person, r);
    const personIds = DEMO_PERSONS.map(() => randomUUID());
    const consentIds = DEMO_PERSONS.map(() => randomUUID());
    const persons = DEMO_PERSONS.map((p, i) => {
      const first = firstReferral.get(i)!;
      const created = at(first.days, -1);
      return {
        territory_id: territoryId,
        id: personIds[i]!,
        nom: p.nom,
        prenom: p.prenom,
        date_naissance: p.naissance,
        commune_insee: p.commune,
        adresse: p.adresse,
        telephone: p.telephone,
        preferred_contact: p.contact,
        name_key: personNameKey(p.nom, p.prenom),
        created_by_organisation_id: orgId.get(first.org ?? USERS[first.by].org)!,
        created_by_user_id: userId(first.by),
        created_at: created,
        updated_at: created,
      };
    });
    await tx`INSERT INTO person ${tx(persons)}`;

    // Consent: mostly oral agreement in an interview, for every organisation; one person
    // agreed by phone for two organisations only; one later objected to the landlord.
    const objector = DEMO_PERSONS.findIndex((p) => p.nom === 'Fabregat');
    const scoped = DEMO_PERSONS.findIndex((p) => p.nom === 'Boyer');
    const consents = persons.map((p, i) => ({
      territory_id: territoryId,
      id: consentIds[i]!,
      person_id: p.id,
      kind: i % 6 === 5 ? 'information' : 'consentement',
      mode: i === scoped ? 'telephone' : i % 7 === 3 ? 'ecrit' : 'oral',
      occurred_on: p.created_at.toISOString().slice(0, 10),
      all_organisations: i !== scoped,
      note: i === scoped ? 'Accord donné par téléphone pour le SAAD et le CLIC uniquement.' : null,
      recorded_by_user_id: p.created_by_user_id,
      recorded_by_organisation_id: p.created_by_organisation_id,
      recorded_at: p.created_at,
    }));
    const objectionId = randomUUID();
    const objectionAt = at(10);
    const consentRows: Record<string, unknown>[] = [
      ...consents,
      {
        territory_id: territoryId,
        id: objectionId,
        person_id: personIds[objector]!,
        kind: 'objection',
        mode: 'oral',
        occurred_on: objectionAt.toISOString().slice(0, 10),
        all_organisations: false,
        note: 'Mme Fabregat ne souhaite plus que ses informations soient transmises au bailleur.',
        recorded_by_user_id: userId('marc'),
        recorded_by_organisation_id: orgId.get('entraide')!,
        recorded_at: objectionAt,
      },
    ];
    await tx`INSERT INTO consent_event ${tx(consentRows)}`;
    await tx`INSERT INTO consent_event_organisation ${tx([
      { territory_id: territoryId, consent_event_id: consentIds[scoped]!, organisation_id: orgId.get('saad')! },
      { territory_id: territoryId, consent_event_id: consentIds[scoped]!, organisation_id: orgId.get('clic')! },
      { territory_id: territoryId, consent_event_id: objectionId, organisation_id: orgId.get('bailleur')! },
    ])}`;

    const referrals: Record<string, unknown>[] = [];
    const tasks: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const messages: Record<string, unknown>[] = [];
    const notifications: Record<string, unknown>[] = [];
    const access = new Map<string, Record<string, unknown>>();
    const grant = (person: number, org: string, reason: string, when: Date) => {
      const key = `${person}/${org}`;
      if (!access.has(key))
        access.set(key, {
          territory_id: territoryId,
          person_id: personIds[person]!,
          organisation_id: orgId.get(org)!,
          reason,
          granted_at: when,
          revoked_at: null,
        });
    };
    persons.forEach((p, i) =>
      grant(i, firstReferral.get(i)!.org ?? USERS[firstReferral.get(i)!.by].org, 'creator', p.created_at),
    );
    const ssiadUsers = [userId('nathalie'), userId('julien')];
    const coordinator = userId('karim');
    const notification = (
      user: string,
      kind: string,
      key: string,
      title: string,
      body: string,
      referralId: string,
      created: Date,
      readAt: Date | null,
    ) =>
      notifications.push({
        territory_id: territoryId,
        user_id: user,
        dedupe_key: `demo:${kind}:${key}`,
        kind,
        title,
        body,
        link: `/orientations/${referralId}`,
        referral_id: referralId,
        created_at: created,
        read_at: readAt,
        // Never mailed: the demo story is already told.
        mailed_at: created,
      });

    for (const r of DEMO_REFERRALS) {
      const referralId = randomUUID();
      const senderOrg = r.org ?? USERS[r.by].org;
      const sender = userId(r.by);
      const sentAt = at(r.days);
      const thematiques = new Set<string>();
      const taskStates: ReferralState[] = [];
      let lastChange = sentAt;

      const addTask = (t: DemoTask, sent: Date, previous: string | null) => {
        const id = randomUUID();
        const route = t.to === 'route';
        const target = route ? { org: 'cias', service: null } : serviceFor(t.to);
        if (target.service) for (const th of target.service.thematiques.slice(0, 2)) thematiques.add(th);
        else thematiques.add('difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits');
        grant(r.person, target.org, 'referral', sent);
        let state: ReferralState = r.draft ? 'brouillon' : 'envoyee';
        let version = 1;
        let answered: Date | null = null;
        let closed: Date | null = null;
        let viewed: Date | null = null;
        let reason: RefusalReason | null = null;
        let outcome: Outcome | null = null;
        let updated = sent;
        const base = { territory_id: territoryId, referral_id: referralId, task_id: id };
        if (!r.draft)
          events.push({
            ...base,
            at: sent,
            actor_user_id: previous ? coordinator : sender,
            actor_organisation_id: orgId.get(previous ? 'cias' : senderOrg)!,
            action: 'send',
            from_state: 'brouillon',
            to_state: 'envoyee',
            reason: null,
            outcome: null,
            message: previous ? MESSAGES.reorient! : null,
            target_task_id: null,
          });
        let next: { task: DemoTask; at: Date; from: string } | null = null;
        for (const step of (t.steps ?? '').split(' ').filter(Boolean)) {
          const [, action, arg, day] = /^(\w+)(?:=(\w+))?@([\d.]+)$/.exec(step)! as unknown as [
            string,
            ReferralAction,
            string | undefined,
            string,
          ];
          const when = new Date(sent.getTime() + Number(day) * DAY);
          if (when > now) throw new Error(`demo step in the future: ${step}`);
          const relation = relationFor(action);
          const to = nextState(state, action, relation);
          if (!to) throw new Error(`illegal demo step ${step} from ${state}`);
          let actor: string | null = null;
          let actorOrg: string | null = null;
          if (RECIPIENT_ACTIONS.includes(action)) {
            const answerer = ANSWERS_FOR[target.org];
            if (!answerer) throw new Error(`no account answers for ${target.org}`);
            actor = userId(answerer);
            actorOrg = orgId.get(target.org)!;
          } else if (action === 'cancel') {
            actor = sender;
            actorOrg = orgId.get(senderOrg)!;
          } else if (action === 'reorient') {
            actor = coordinator;
            actorOrg = orgId.get('cias')!;
          }
          if (action === 'refuse') reason = (arg as RefusalReason) ?? 'autre';
          if (action === 'complete') outcome = (arg as Outcome) ?? 'aide_apportee';
          if (action === 'reorient') outcome = 'reorientee';
          const message = action === 'refuse' ? REFUSAL_MESSAGES[reason!] : (MESSAGES[action] ?? null);
          if (action === 'view') viewed = when;
          if (action === 'accept' || action === 'refuse') answered = when;
          const targetTask = action === 'reorient' ? randomUUID() : null;
          events.push({
            ...base,
            at: when,
            actor_user_id: actor,
            actor_organisation_id: actorOrg,
            action,
            from_state: state,
            to_state: to,
            reason: action === 'refuse' ? reason : null,
            outcome: action === 'complete' || action === 'reorient' ? outcome : null,
            message,
            target_task_id: null,
            _target: targetTask,
          });
          if (action === 'reorient') next = { task: t.then!, at: when, from: targetTask! };
          state = to;
          version++;
          updated = when;
          if (['refusee', 'expiree', 'annulee', 'terminee', 'echec'].includes(to)) closed = when;
        }
        const waitedUntil = answered ?? closed ?? now;
        tasks.push({
          territory_id: territoryId,
          id,
          referral_id: referralId,
          sender_organisation_id: orgId.get(senderOrg)!,
          urgency: r.urgent ? 'urgente' : 'normale',
          recipient_organisation_id: orgId.get(target.org)!,
          service_id: target.service?.id ?? null,
          to_route: route,
          state,
          version,
          previous_task_id: previous,
          created_at: sent,
          sent_at: r.draft ? null : sent,
          answered_at: answered,
          closed_at: closed,
          updated_at: updated,
          last_reminder_at: r.draft ? null : lastReminder(sent, waitedUntil),
          refusal_reason: reason,
          outcome,
        });
        taskStates.push(state);
        if (updated > lastChange) lastChange = updated;
        for (const [w, day, body] of t.thread ?? [])
          messages.push({
            territory_id: territoryId,
            referral_id: referralId,
            task_id: id,
            author_user_id: w === 's' ? sender : userId(ANSWERS_FOR[target.org]!),
            author_organisation_id: orgId.get(w === 's' ? senderOrg : target.org)!,
            body,
            created_at: new Date(sent.getTime() + day * DAY),
          });
        // The bell (no person data in notifications, like the API's): new referrals for the SSIAD, « à router », refusals and expiries for the coordinator.
        if (!r.draft && target.org === 'ssiad' && r.days <= 30)
          for (const u of ssiadUsers)
            notification(
              u,
              'referral_received',
              id,
              `Nouvelle orientation reçue${r.urgent ? ' (urgente)' : ''}`,
              `Envoyée par ${orgName.get(senderOrg)}.`,
              referralId,
              sent,
              viewed,
            );
        if (route)
          notification(
            coordinator,
            'referral_to_route',
            id,
            `Orientation à router${r.urgent ? ' (urgente)' : ''}`,
            `Envoyée par ${orgName.get(senderOrg)}.`,
            referralId,
            sent,
            viewed,
          );
        if ((state === 'refusee' || state === 'expiree') && closed && now.getTime() - closed.getTime() < 30 * DAY)
          notification(
            coordinator,
            state === 'refusee' ? 'referral_refused' : 'referral_expired',
            id,
            `Orientation ${state === 'refusee' ? 'refusée' : 'expirée'}`,
            `Destinataire : ${orgName.get(target.org)}.`,
            referralId,
            closed,
            now.getTime() - closed.getTime() > 5 * DAY ? closed : null,
          );
        if (next) {
          const n = next as { task: DemoTask; at: Date; from: string };
          const newId = addTask(n.task, n.at, id);
          const ev = events.find((e) => e._target === n.from)!;
          ev.target_task_id = newId;
        }
        return id;
      };

      grant(r.person, senderOrg, 'referral', sentAt);
      // As the API writes it: the referral's creation, then one « send » per recipient.
      events.push({
        territory_id: territoryId,
        referral_id: referralId,
        task_id: null,
        at: sentAt,
        actor_user_id: sender,
        actor_organisation_id: orgId.get(senderOrg)!,
        action: 'create',
        from_state: null,
        to_state: 'brouillon',
        reason: null,
        outcome: null,
        message: null,
        target_task_id: null,
      });
      for (const t of r.to) addTask(t, sentAt, null);
      referrals.push({
        territory_id: territoryId,
        id: referralId,
        person_id: personIds[r.person]!,
        sender_organisation_id: orgId.get(senderOrg)!,
        sender_user_id: sender,
        consent_event_id: consentIds[r.person]!,
        thematiques: [...thematiques].slice(0, 3),
        motif: r.motif,
        urgency: r.urgent ? 'urgente' : 'normale',
        deja_fait: r.deja ?? null,
        attendu: r.attendu ?? null,
        overall_state: overallState(taskStates),
        idempotency_key: randomUUID(),
        created_at: sentAt,
        sent_at: r.draft ? null : sentAt,
        updated_at: lastChange,
      });
    }
    // The objection ends the landlord's access to Mme Fabregat.
    const revoked = access.get(`${objector}/bailleur`);
    if (revoked) revoked.revoked_at = objectionAt;

    await tx`INSERT INTO referral ${tx(referrals)}`;
    // Earlier tasks first: a réorientation's new task points to the one it follows.
    const ordered = [...tasks.filter((t) => !t.previous_task_id), ...tasks.filter((t) => t.previous_task_id)];
    await tx`INSERT INTO referral_task ${tx(ordered)}`;
    const eventRows = events
      .map(({ _target: _t, ...e }) => e)
      .sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    await tx`INSERT INTO referral_event ${tx(eventRows)}`;
    if (messages.length) await tx`INSERT INTO referral_message ${tx(messages)}`;
    await tx`INSERT INTO person_access ${tx([...access.values()])}`;
    if (notifications.length) await tx`INSERT INTO notification ${tx(notifications)}`;
    await tx`INSERT INTO audit_event (territory_id, at, action, object_type, details)
      VALUES (${territoryId}, now(), 'seed.demo_referrals', 'territory',
        ${tx.json({ persons: persons.length, referrals: referrals.length, tasks: tasks.length })})`;
    return { persons: persons.length, referrals: referrals.length, tasks: tasks.length, skipped: false };
  })) as { persons: number; referrals: number; tasks: number; skipped: boolean };
}

// ---------------------------------------------------------------------------------------
// Load data: persons and referrals over five years, generated set-based in SQL.

const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefebvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'García',
  'Perrin',
  'Robin',
  'Clément',
  'Morin',
  'Nicolas',
  'Henry',
  'Roussel',
  'Mathieu',
  'Gautier',
  'Masson',
  'Fabre',
  'Granier',
  'Vidal',
  'Arnaud',
  'Castel',
  'Pons',
  'Fabregat',
  'Guiraud',
  'Cros',
  'Combes',
  'Jourdan',
  'Teissier',
  'Aubert',
  'Benali',
  'Haddad',
  'El Amrani',
  'Saïdi',
  'Diallo',
  'Martinez',
  'Lopez',
  'Rey',
  'Mas',
  'Bouvier',
  'Rouquette',
  'Sabatier',
  'Pujol',
  'Bousquet',
  'Cabrol',
  'Delmas',
  'Nguyen',
];
const FIRST_NAMES = [
  'Jeanne',
  'Marie',
  'Odette',
  'Suzanne',
  'Monique',
  'Yvette',
  'Christiane',
  'Louise',
  'Nadia',
  'Fatima',
  'Yasmina',
  'Lucie',
  'Amandine',
  'Élodie',
  'Aïcha',
  'Camille',
  'Léa',
  'Chloé',
  'Manon',
  'Emma',
  'Sarah',
  'Inès',
  'Zoé',
  'Nathalie',
  'Sandrine',
  'Isabelle',
  'Sylvie',
  'Catherine',
  'Martine',
  'Françoise',
  'Marcel',
  'Gérard',
  'Thierry',
  'René',
  'Henri',
  'Patrick',
  'Bernard',
  'Mohamed',
  'Sébastien',
  'Kevin',
  'Dylan',
  'Lucas',
  'Hugo',
  'Nathan',
  'Louis',
  'Jules',
  'Gabriel',
  'Arthur',
  'Jean',
  'Pierre',
  'Michel',
  'Alain',
  'Philippe',
  'Christophe',
  'Nicolas',
  'Julien',
  'Karim',
  'Mehdi',
  'Youssef',
  'Olivier',
];
const MOTIFS = [
  'Perte d’autonomie, besoin d’aide pour les actes de la vie quotidienne.',
  'Difficultés financières passagères, factures d’énergie impayées.',
  'Besoin d’une aide alimentaire en attendant l’ouverture des droits.',
  'Retard de loyer, risque d’expulsion.',
  'Recherche d’emploi ou de formation, accompagnement souhaité.',
  'Isolement, souhaite des visites ou des activités.',
  'Démarches administratives bloquées (CAF, assurance maladie, retraite).',
  'Retour à domicile après une hospitalisation.',
  'Logement inadapté à la perte de mobilité.',
  'Accès aux soins et à une complémentaire santé.',
];
const ROUTE_THEMATIQUE = 'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits';

export interface ScaleReferralsResult {
  persons: number;
  referrals: number;
  tasks: number;
  events: number;
  /** The CIAS coordinator (created when the territory had none). */
  coordinatorEmail: string;
  /** The partners receiving the largest shares (10 %, 5 %, 3 % of the tasks), busiest first. */
  busyOrganisationIds: string[];
  states: Record<string, number>;
  durationMs: number;
}

/**
 * Persons and referrals for benchmarks, in an existing load territory (seedScale): `persons`
 * persons (created evenly over five years, one consent event each, their creator's access),
 * `referrals` referrals sent over five years (growing over time), in batches of set-based
 * INSERT … SELECT over generate_series, as the owner inside the territory (RLS stays forced).
 *
 * The mix, per task: waiting (envoyée/vue) only in the last 30 days, expired after 30 days;
 * overall ≈ 70 % terminée/échec, 12 % refusée (coded reason), 6 % expirée, 4 % annulée, the
 * rest open, mostly recent. Response delays are log-normal (median ≈ 3 days), accompaniments
 * ≈ 3 weeks. ~10 % have two recipients; 5 % go « à router » to the CIAS (routed within about
 * a day, the follow-up task chained by previous_task_id). Three busy partners receive 10 %, 5 %
 * and 3 % of the tasks. The last 0.1 % are drafts. History rows (referral_event) are written
 * for every task sent in the last `historyDays` days (default 180) and every task still open;
 * older closed tasks carry their dates on the task only. Messages and notifications: none.
 */
export async function seedScaleReferrals(
  owner: Sql,
  territoryId: string,
  options: {
    persons?: number;
    referrals?: number;
    batchSize?: number;
    historyDays?: number;
    now?: Date;
    log?: (message: string) => void;
  } = {},
): Promise<ScaleReferralsResult> {
  const started = Date.now();
  const P = options.persons ?? 100_000;
  const R = options.referrals ?? 1_000_000;
  const batchSize = options.batchSize ?? 100_000;
  const historyDays = options.historyDays ?? 180;
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const drafts = Math.ceil(R / 1000);
  const { hashPassword } = await import('../auth/crypto.ts');
  const passwordHash = await hashPassword((await import('./demo.ts')).DEMO_PASSWORD);
  const tag = Math.random().toString(36).slice(2, 8);

  const result = await owner.begin(async (tx) => {
    await tx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
    await tx`SET LOCAL work_mem = '64MB'`;
    // The organisations that take part: the CIAS first (it routes), then every organisation
    // with a service and a professional account; the first three after the CIAS are busy.
    await tx`CREATE TEMP TABLE tmp_org (idx int PRIMARY KEY, id uuid NOT NULL, user_id uuid NOT NULL,
      nserv int NOT NULL) ON COMMIT DROP`;
    await tx`
      INSERT INTO tmp_org
      SELECT (row_number() OVER (ORDER BY o.type IN ('cias', 'ccas') DESC, o.created_at, o.id) - 1)::int, o.id, u.user_id, s.n
      FROM organisation o
      JOIN LATERAL (SELECT count(*)::int AS n FROM service s WHERE s.organisation_id = o.id) s ON s.n > 0
      JOIN LATERAL (SELECT m.user_id FROM membership m WHERE m.organisation_id = o.id AND m.status = 'active'
        AND m.role IN ('partner_worker', 'partner_manager', 'coordinator', 'admin')
        ORDER BY m.role = 'partner_worker' DESC, m.user_id LIMIT 1) u ON true
      WHERE o.status = 'active'`;
    const [{ n: N } = { n: 0 }] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM tmp_org`;
    if (N < 6) throw new Error('the load territory needs at least 6 organisations with services (seedScale)');
    const [cias] = await tx<{ id: string }[]>`SELECT id FROM tmp_org WHERE idx = 0`;
    // A coordinator of the CIAS (routes, sees the whole network).
    let [coordinator] = await tx<{ id: string; email: string }[]>`
      SELECT u.id, u.email FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.role = 'coordinator' AND m.status = 'active' AND u.status = 'active' ORDER BY u.email LIMIT 1`;
    if (!coordinator) {
      [coordinator] = await tx<{ id: string; email: string }[]>`
        INSERT INTO app_user (territory_id, email, name, status, password_hash)
        VALUES (${territoryId}, ${`coordination-${tag}@charge.ensemblier.test`}, 'Coordination du CIAS', 'active', ${passwordHash})
        RETURNING id, email`;
      await tx`INSERT INTO membership (territory_id, user_id, organisation_id, role)
        VALUES (${territoryId}, ${coordinator!.id}, ${cias!.id}, 'coordinator')`;
    }
    const coordinatorId = coordinator!.id;
    await tx`CREATE TEMP TABLE tmp_service (org_idx int, k int, id uuid NOT NULL, th text NOT NULL,
      PRIMARY KEY (org_idx, k)) ON COMMIT DROP`;
    await tx`
      INSERT INTO tmp_service
      SELECT o.idx, (row_number() OVER (PARTITION BY o.idx ORDER BY s.id) - 1)::int, s.id, s.thematiques[1]
      FROM tmp_org o JOIN service s ON s.organisation_id = o.id`;

    // Persons, numbered in the order they were created (evenly over five years).
    log(`Personnes : ${P.toLocaleString('fr-FR')}…`);
    await tx`CREATE TEMP TABLE tmp_person (n int PRIMARY KEY, id uuid NOT NULL, consent_id uuid NOT NULL,
      org_idx int NOT NULL, created_at timestamptz NOT NULL, li int, fi int, commune int, born date,
      consent_u float8) ON COMMIT DROP`;
    await tx`
      INSERT INTO tmp_person
      SELECT g, gen_random_uuid(), gen_random_uuid(), floor(random() * ${N})::int,
        -- Person 1 exists five years and a day ago, before any referral (even the oldest one, which
        -- may go to person 1 when few persons exist yet).
        ${now}::timestamptz - (1827 - 1826.0 * (g - 1) / ${P}) * interval '1 day',
        floor(random() * ${LAST_NAMES.length})::int + 1, floor(random() * ${FIRST_NAMES.length})::int + 1,
        floor(random() * 3)::int + 1, date '1930-01-01' + floor(random() * 27000)::int, random()
      FROM generate_series(1, ${P}) g`;
    const lastKeys = LAST_NAMES.map(normaliseName);
    const firstKeys = FIRST_NAMES.map(normaliseName);
    await tx`
      INSERT INTO person (territory_id, id, nom, prenom, date_naissance, commune_insee, telephone, preferred_contact,
        name_key, created_by_organisation_id, created_by_user_id, created_at, updated_at)
      SELECT ${territoryId}, p.id, (${LAST_NAMES}::text[])[p.li], (${FIRST_NAMES}::text[])[p.fi], p.born,
        (ARRAY['34145', '34146', '34151'])[p.commune], '06' || lpad((p.n * 7919 % 100000000)::text, 8, '0'),
        (ARRAY['telephone', 'telephone', 'sms', 'courrier', 'visite'])[1 + p.n % 5],
        (${lastKeys}::text[])[p.li] || ' ' || (${firstKeys}::text[])[p.fi], o.id, o.user_id, p.created_at, p.created_at
      FROM tmp_person p JOIN tmp_org o ON o.idx = p.org_idx ORDER BY p.n`;
    await tx`
      INSERT INTO consent_event (territory_id, id, person_id, kind, mode, occurred_on, all_organisations,
        recorded_by_user_id, recorded_by_organisation_id, recorded_at)
      SELECT ${territoryId}, p.consent_id, p.id, CASE WHEN p.consent_u < 0.85 THEN 'consentement' ELSE 'information' END,
        CASE WHEN p.consent_u < 0.7 THEN 'oral' WHEN p.consent_u < 0.9 THEN 'telephone' ELSE 'ecrit' END,
        p.created_at::date, true, o.user_id, o.id, p.created_at
      FROM tmp_person p JOIN tmp_org o ON o.idx = p.org_idx ORDER BY p.n`;
    await tx`
      INSERT INTO person_access (territory_id, person_id, organisation_id, reason, granted_at)
      SELECT ${territoryId}, p.id, o.id, 'creator', p.created_at
      FROM tmp_person p JOIN tmp_org o ON o.idx = p.org_idx ORDER BY p.n`;

    await tx`CREATE TEMP TABLE tmp_ref (id uuid PRIMARY KEY, person_id uuid, consent_id uuid, sender_idx int,
      sent_at timestamptz, draft boolean, urgent boolean, to_route boolean, routed boolean, route_d float8,
      route_view float8, rec_idx int, svc_id uuid, th text, rec2_idx int, svc2_id uuid, motif int,
      t1 uuid, t3 uuid) ON COMMIT DROP`;
    await tx`CREATE TEMP TABLE tmp_task (id uuid PRIMARY KEY, referral_id uuid, rec_idx int, service_id uuid,
      to_route boolean, previous_id uuid, next_id uuid, sender_idx int, urgent boolean, sent_at timestamptz,
      state text, viewed_at timestamptz, answered_at timestamptz, started_at timestamptz, closed_at timestamptz,
      refusal_reason text, outcome text, version int, draft boolean, first boolean) ON COMMIT DROP`;

    // A recipient (an organisation index) from one uniform draw: the busy partners first.
    const recipient = (u: string) =>
      `CASE WHEN ${u} < 0.10 THEN 1 WHEN ${u} < 0.15 THEN 2 WHEN ${u} < 0.18 THEN 3
        ELSE 4 + least(floor((${u} - 0.18) / 0.82 * ${N - 4})::int, ${N - 5}) END`;
    const normal = `sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())`;
    let tasks = 0;
    let events = 0;
    for (let from = 1; from <= R; from += batchSize) {
      const to = Math.min(R, from + batchSize - 1);
      await tx`TRUNCATE tmp_ref, tmp_task`;
      // The referrals of this batch: sent_at grows with g (denser in recent years).
      await tx.unsafe(
        `
        WITH s AS MATERIALIZED (
          SELECT g, $1::timestamptz - 1826.0 * (1 - sqrt((g - random()) / $2::float8)) * interval '1 day' AS sent_at,
            random() AS u_sender, random() AS u_org, random() AS u_person, random() AS u_route, random() AS u_two,
            random() AS u_rec, random() AS u_svc, random() AS u_rec2, random() AS u_svc2, random() AS u_urgent,
            random() AS u_routed, ${normal} AS z_route, random() AS u_view, floor(random() * ${MOTIFS.length})::int + 1 AS motif
          FROM generate_series($3::int, $4::int) g
        ), d AS MATERIALIZED (
          SELECT s.*, extract(epoch FROM $1::timestamptz - s.sent_at) / 86400 AS age,
            1 + floor(s.u_person * greatest(1, floor($5::float8 * (1826 - extract(epoch FROM $1::timestamptz - s.sent_at) / 86400) / 1826)))::int AS pn
          FROM s
        ), e AS MATERIALIZED (
          SELECT d.*, p.id AS person_id, p.consent_id,
            CASE WHEN d.u_sender < 0.8 THEN p.org_idx ELSE floor(d.u_org * $6::int)::int END AS sender_idx,
            ${recipient('d.u_rec')} AS rec0, ${recipient('d.u_rec2')} AS rec20
          FROM d JOIN tmp_person p ON p.n = least(d.pn, $5::int)
        ), f AS (
          SELECT e.*,
            CASE WHEN e.rec0 = e.sender_idx THEN CASE WHEN e.rec0 = $6::int - 1 THEN 4 ELSE e.rec0 + 1 END ELSE e.rec0 END AS rec_idx,
            e.u_route < 0.05 AND e.sender_idx <> 0 AS to_route,
            e.g > $2::int - $7::int AS draft
          FROM e
        ), h AS (
          SELECT f.*, CASE WHEN f.u_two < 0.10 AND NOT f.to_route AND NOT f.draft THEN
              CASE WHEN f.rec20 IN (f.rec_idx, f.sender_idx) THEN CASE WHEN f.rec_idx = 1 THEN 2 ELSE 1 END ELSE f.rec20 END
            END AS rec2_idx
          FROM f
        )
        INSERT INTO tmp_ref
        SELECT gen_random_uuid(), h.person_id, h.consent_id, h.sender_idx, h.sent_at, h.draft, h.u_urgent < 0.12,
          h.to_route AND NOT h.draft, h.to_route AND NOT h.draft AND (h.age > 3 OR h.u_routed < 0.4),
          least(exp(ln(0.8) + 0.8 * h.z_route), h.age * 0.9, 20), h.u_view,
          h.rec_idx, sv.id, CASE WHEN h.to_route THEN $8 ELSE sv.th END, h.rec2_idx, sv2.id, h.motif,
          gen_random_uuid(), gen_random_uuid()
        FROM h
        JOIN tmp_org o ON o.idx = h.rec_idx
        JOIN tmp_service sv ON sv.org_idx = h.rec_idx AND sv.k = least(floor(h.u_svc * o.nserv)::int, o.nserv - 1)
        LEFT JOIN tmp_org o2 ON o2.idx = h.rec2_idx
        LEFT JOIN tmp_service sv2 ON sv2.org_idx = h.rec2_idx AND sv2.k = least(floor(h.u_svc2 * o2.nserv)::int, o2.nserv - 1)`,
        [now, R, from, to, P, N, drafts, ROUTE_THEMATIQUE],
      );
      // The CIAS's « à router » tasks: routed (closed « réorientée ») or still waiting.
      await tx`
        INSERT INTO tmp_task (id, referral_id, rec_idx, service_id, to_route, previous_id, next_id, sender_idx, urgent,
          sent_at, state, viewed_at, closed_at, outcome, version, draft, first)
        SELECT r.t1, r.id, 0, NULL, true, NULL, CASE WHEN r.routed THEN r.t3 END, r.sender_idx, r.urgent, r.sent_at,
          CASE WHEN r.routed THEN 'terminee' WHEN r.route_view < 0.4 THEN 'vue' ELSE 'envoyee' END,
          CASE WHEN r.routed AND r.route_view < 0.7 THEN r.sent_at + r.route_d * r.route_view * interval '1 day'
            WHEN NOT r.routed AND r.route_view < 0.4 THEN r.sent_at + r.route_d * interval '1 day' END,
          CASE WHEN r.routed THEN r.sent_at + r.route_d * interval '1 day' END,
          CASE WHEN r.routed THEN 'reorientee' END,
          CASE WHEN r.routed THEN 2 + (r.route_view < 0.7)::int WHEN r.route_view < 0.4 THEN 2 ELSE 1 END, false, true
        FROM tmp_ref r WHERE r.to_route`;
      // Every other task: the partner's answer, drawn by age.
      await tx`
        WITH n AS (
          SELECT r.t1 AS id, r.id AS referral_id, r.rec_idx, r.svc_id AS service_id, NULL::uuid AS previous_id,
            r.sender_idx, r.urgent, r.sent_at, r.draft, true AS first
          FROM tmp_ref r WHERE NOT r.to_route
          UNION ALL
          SELECT gen_random_uuid(), r.id, r.rec2_idx, r.svc2_id, NULL, r.sender_idx, r.urgent, r.sent_at, false, false
          FROM tmp_ref r WHERE r.rec2_idx IS NOT NULL
          UNION ALL
          SELECT r.t3, r.id, r.rec_idx, r.svc_id, r.t1, r.sender_idx, r.urgent,
            r.sent_at + r.route_d * interval '1 day', false, false
          FROM tmp_ref r WHERE r.routed
        )
        INSERT INTO tmp_task (id, referral_id, rec_idx, service_id, to_route, previous_id, sender_idx, urgent, sent_at,
          state, viewed_at, answered_at, started_at, closed_at, refusal_reason, outcome, version, draft, first)
        SELECT n.id, n.referral_id, n.rec_idx, n.service_id, false, n.previous_id, n.sender_idx, n.urgent, n.sent_at,
          st.state,
          n.sent_at + o.view_o * interval '1 day', n.sent_at + o.ans_o * interval '1 day',
          n.sent_at + o.start_o * interval '1 day', n.sent_at + o.close_o * interval '1 day',
          CASE WHEN st.state = 'refusee' THEN CASE
            WHEN d.ur < 0.25 THEN 'pas_de_place' WHEN d.ur < 0.45 THEN 'non_eligible'
            WHEN d.ur < 0.63 THEN 'ne_releve_pas_du_service' WHEN d.ur < 0.73 THEN 'hors_zone'
            WHEN d.ur < 0.85 THEN 'personne_injoignable' WHEN d.ur < 0.90 THEN 'doublon' ELSE 'autre' END END,
          CASE WHEN st.state = 'terminee' THEN CASE
            WHEN d.uo < 0.78 THEN 'aide_apportee' WHEN d.uo < 0.88 THEN 'personne_injoignable' ELSE 'ne_souhaite_plus' END END,
          CASE st.state WHEN 'brouillon' THEN 1 WHEN 'envoyee' THEN 1 WHEN 'vue' THEN 2
            WHEN 'en_cours' THEN 3 + (o.view_o IS NOT NULL)::int
            WHEN 'terminee' THEN 3 + (o.view_o IS NOT NULL)::int + (o.start_o IS NOT NULL)::int
            WHEN 'echec' THEN 3 + (o.view_o IS NOT NULL)::int + (o.start_o IS NOT NULL)::int
            ELSE 2 + (o.view_o IS NOT NULL)::int END,
          n.draft, n.first
        FROM n
        CROSS JOIN LATERAL (
          SELECT random() AS u, random() AS uv, random() AS uv2, random() AS us, random() AS ur, random() AS uo,
            sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z1,
            sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z2,
            greatest(extract(epoch FROM ${now}::timestamptz - n.sent_at) / 86400, 0.001) AS age, n.id AS _k
        ) d
        CROSS JOIN LATERAL (SELECT CASE
          WHEN n.draft THEN 'brouillon'
          WHEN d.age < 30 THEN CASE WHEN d.u < 0.22 THEN 'envoyee' WHEN d.u < 0.35 THEN 'vue' WHEN d.u < 0.55 THEN 'acceptee'
            WHEN d.u < 0.72 THEN 'en_cours' WHEN d.u < 0.82 THEN 'terminee' WHEN d.u < 0.94 THEN 'refusee'
            WHEN d.u < 0.97 THEN 'annulee' ELSE 'echec' END
          WHEN d.age < 90 THEN CASE WHEN d.u < 0.10 THEN 'acceptee' WHEN d.u < 0.32 THEN 'en_cours'
            WHEN d.u < 0.72 THEN 'terminee' WHEN d.u < 0.76 THEN 'echec' WHEN d.u < 0.88 THEN 'refusee'
            WHEN d.u < 0.95 THEN 'expiree' ELSE 'annulee' END
          ELSE CASE WHEN d.u < 0.01 THEN 'acceptee' WHEN d.u < 0.04 THEN 'en_cours' WHEN d.u < 0.70 THEN 'terminee'
            WHEN d.u < 0.76 THEN 'echec' WHEN d.u < 0.885 THEN 'refusee' WHEN d.u < 0.95 THEN 'expiree'
            WHEN d.u < 0.995 THEN 'annulee' ELSE 'terminee' END
          END AS state) st
        CROSS JOIN LATERAL (SELECT
          least(exp(ln(3) + 1.1 * d.z1), 29.5, d.age * 0.95) AS resp,
          least(exp(0.9 * d.z1), d.age * 0.95) AS view_d,
          exp(ln(21) + 0.9 * d.z2) AS acc,
          least(exp(ln(4) + d.z2), 29, d.age * 0.95) AS cancel_d) tm
        CROSS JOIN LATERAL (SELECT
          CASE WHEN st.state IN ('acceptee', 'en_cours', 'terminee', 'echec', 'refusee') THEN tm.resp END AS ans_o,
          CASE st.state WHEN 'refusee' THEN tm.resp WHEN 'expiree' THEN 30 WHEN 'annulee' THEN tm.cancel_d
            WHEN 'terminee' THEN tm.resp + least(tm.acc, (d.age - tm.resp) * 0.95)
            WHEN 'echec' THEN tm.resp + least(tm.acc, (d.age - tm.resp) * 0.95) END AS close_o,
          CASE WHEN st.state = 'en_cours' THEN tm.resp + least(tm.acc * 0.2, (d.age - tm.resp) * 0.9)
            WHEN st.state IN ('terminee', 'echec') AND d.us < 0.7 THEN tm.resp + least(tm.acc, (d.age - tm.resp) * 0.95) * 0.2
            END AS start_o,
          CASE WHEN st.state = 'vue' THEN tm.view_d
            WHEN st.state IN ('acceptee', 'en_cours', 'terminee', 'echec', 'refusee') AND d.uv < 0.7 THEN tm.resp * d.uv2
            WHEN st.state = 'expiree' AND d.uv < 0.5 THEN least(tm.view_d, 29)
            WHEN st.state = 'annulee' AND d.uv < 0.4 THEN tm.cancel_d * d.uv2 END AS view_o) o`;

      // The referrals (overall state from their tasks, as overallState does), then the tasks.
      await tx`
        INSERT INTO referral (territory_id, id, person_id, sender_organisation_id, sender_user_id, consent_event_id,
          thematiques, motif, urgency, overall_state, idempotency_key, created_at, sent_at, updated_at)
        SELECT ${territoryId}, r.id, r.person_id, so.id, so.user_id, r.consent_id, ARRAY[r.th],
          (${MOTIFS}::text[])[r.motif], CASE WHEN r.urgent THEN 'urgente' ELSE 'normale' END, a.overall,
          gen_random_uuid(), r.sent_at, CASE WHEN NOT r.draft THEN r.sent_at END, a.updated_at
        FROM tmp_ref r JOIN tmp_org so ON so.idx = r.sender_idx
        JOIN (SELECT referral_id, CASE
            WHEN bool_or(state = 'en_cours') THEN 'en_cours' WHEN bool_or(state = 'acceptee') THEN 'acceptee'
            WHEN bool_or(state = 'vue') THEN 'vue' WHEN bool_or(state = 'envoyee') THEN 'envoyee'
            WHEN bool_or(state = 'terminee') THEN 'terminee' WHEN bool_or(state = 'brouillon') THEN 'brouillon'
            WHEN bool_or(state = 'echec') THEN 'echec' WHEN bool_or(state = 'refusee') THEN 'refusee'
            WHEN bool_or(state = 'expiree') THEN 'expiree' ELSE 'annulee' END AS overall,
            max(greatest(sent_at, viewed_at, answered_at, started_at, closed_at)) AS updated_at
          FROM tmp_task GROUP BY referral_id) a ON a.referral_id = r.id
        ORDER BY r.sent_at`;
      const inserted = await tx`
        INSERT INTO referral_task (territory_id, id, referral_id, sender_organisation_id, urgency, recipient_organisation_id,
          service_id, to_route, state, version, previous_task_id, created_at, sent_at, answered_at, closed_at, updated_at,
          last_reminder_at, refusal_reason, outcome)
        SELECT ${territoryId}, t.id, t.referral_id, so.id, CASE WHEN t.urgent THEN 'urgente' ELSE 'normale' END, ro.id,
          t.service_id, t.to_route, t.state, t.version, t.previous_id, t.sent_at, CASE WHEN NOT t.draft THEN t.sent_at END,
          t.answered_at, t.closed_at, greatest(t.sent_at, t.viewed_at, t.answered_at, t.started_at, t.closed_at),
          CASE WHEN NOT t.draft AND w.days >= 10 THEN t.sent_at + floor((w.days - 0.00001) / 10) * interval '10 days' END,
          t.refusal_reason, t.outcome
        FROM tmp_task t JOIN tmp_org so ON so.idx = t.sender_idx JOIN tmp_org ro ON ro.idx = t.rec_idx
        CROSS JOIN LATERAL (SELECT extract(epoch FROM coalesce(t.answered_at,
          CASE WHEN t.state IN ('expiree', 'annulee', 'terminee') THEN t.closed_at END, ${now}::timestamptz) - t.sent_at) / 86400 AS days) w
        ORDER BY t.sent_at, t.previous_id NULLS FIRST`;
      tasks += inserted.count;

      // History: every transition of recent or still open tasks.
      const ev = await tx`
        INSERT INTO referral_event (territory_id, referral_id, task_id, at, actor_user_id, actor_organisation_id, action,
          from_state, to_state, reason, outcome, message, target_task_id)
        SELECT ${territoryId}, t.referral_id, CASE WHEN e.action <> 'create' THEN t.id END, e.at, e.actor, e.actor_org,
          e.action, e.from_state, e.to_state,
          e.reason, e.outcome, e.message, e.target
        FROM tmp_task t JOIN tmp_org so ON so.idx = t.sender_idx JOIN tmp_org ro ON ro.idx = t.rec_idx
        CROSS JOIN LATERAL (VALUES
          ('create', CASE WHEN t.first THEN t.sent_at END, so.user_id, so.id, NULL, 'brouillon', NULL, NULL, NULL, NULL::uuid),
          ('send', CASE WHEN NOT t.draft THEN t.sent_at END,
            CASE WHEN t.previous_id IS NULL THEN so.user_id ELSE ${coordinatorId}::uuid END,
            CASE WHEN t.previous_id IS NULL THEN so.id ELSE ${cias!.id}::uuid END,
            'brouillon', 'envoyee', NULL, NULL, NULL, NULL),
          ('view', t.viewed_at, ro.user_id, ro.id, 'envoyee', 'vue', NULL, NULL, NULL, NULL),
          (CASE WHEN t.to_route THEN 'reorient' WHEN t.state = 'refusee' THEN 'refuse' WHEN t.state = 'expiree' THEN 'expire'
              WHEN t.state = 'annulee' THEN 'cancel' ELSE 'accept' END,
            CASE WHEN t.to_route OR t.state IN ('expiree', 'annulee') THEN t.closed_at ELSE t.answered_at END,
            CASE WHEN t.to_route THEN ${coordinatorId}::uuid WHEN t.state = 'expiree' THEN NULL
              WHEN t.state = 'annulee' THEN so.user_id ELSE ro.user_id END,
            CASE WHEN t.to_route THEN ${cias!.id}::uuid WHEN t.state = 'expiree' THEN NULL
              WHEN t.state = 'annulee' THEN so.id ELSE ro.id END,
            CASE WHEN t.viewed_at IS NOT NULL THEN 'vue' ELSE 'envoyee' END,
            CASE WHEN t.to_route OR t.state IN ('refusee', 'expiree', 'annulee') THEN t.state ELSE 'acceptee' END,
            t.refusal_reason, CASE WHEN t.to_route THEN 'reorientee' END,
            CASE WHEN t.state = 'refusee' THEN 'Motif du refus précisé au partenaire.'
              WHEN t.state = 'annulee' THEN 'La situation s’est réglée entre-temps.'
              WHEN t.to_route THEN 'Orientation transmise au partenaire compétent.' END,
            t.next_id),
          ('start', t.started_at, ro.user_id, ro.id, 'acceptee', 'en_cours', NULL, NULL, NULL, NULL),
          (CASE WHEN t.state = 'echec' THEN 'fail' ELSE 'complete' END,
            CASE WHEN t.state IN ('terminee', 'echec') AND NOT t.to_route THEN t.closed_at END, ro.user_id, ro.id,
            CASE WHEN t.started_at IS NOT NULL THEN 'en_cours' ELSE 'acceptee' END, t.state, NULL, t.outcome,
            CASE WHEN t.state = 'echec' THEN 'L’accompagnement n’a pas pu aboutir.' END, NULL)
        ) e(action, at, actor, actor_org, from_state, to_state, reason, outcome, message, target)
        WHERE e.at IS NOT NULL AND (t.sent_at >= ${now}::timestamptz - ${historyDays} * interval '1 day'
          OR t.state IN ('brouillon', 'envoyee', 'vue', 'acceptee', 'en_cours'))
        ORDER BY e.at, CASE e.action WHEN 'create' THEN 0 WHEN 'reorient' THEN 1 ELSE 2 END`;
      events += ev.count;

      // Who may see the person now: the sending and receiving organisations.
      await tx`
        INSERT INTO person_access (territory_id, person_id, organisation_id, reason, granted_at)
        SELECT ${territoryId}, x.person_id, o.id, 'referral', min(x.at)
        FROM (SELECT r.person_id, t.rec_idx AS idx, t.sent_at AS at FROM tmp_task t JOIN tmp_ref r ON r.id = t.referral_id
              UNION ALL SELECT r.person_id, r.sender_idx, r.sent_at FROM tmp_ref r) x
        JOIN tmp_org o ON o.idx = x.idx
        GROUP BY x.person_id, o.id
        ON CONFLICT (territory_id, person_id, organisation_id) DO NOTHING`;
      log(
        `Orientations : ${to.toLocaleString('fr-FR')} / ${R.toLocaleString('fr-FR')} (${Math.round((Date.now() - started) / 1000)} s)`,
      );
    }
    await tx`INSERT INTO audit_event (territory_id, at, action, object_type, details)
      VALUES (${territoryId}, now(), 'seed.scale_referrals', 'territory',
        ${tx.json({ persons: P, referrals: R, tasks, events })})`;
    const states = await tx<
      { state: string; n: number }[]
    >`SELECT state, count(*)::int AS n FROM referral_task GROUP BY state`;
    const busy = await tx<{ id: string }[]>`SELECT id FROM tmp_org WHERE idx IN (1, 2, 3) ORDER BY idx`;
    return {
      tasks,
      events,
      coordinatorEmail: coordinator!.email,
      busyOrganisationIds: busy.map((b) => b.id),
      states: Object.fromEntries(states.map((s) => [s.state, s.n])),
    };
  });
  log('Statistiques (VACUUM ANALYZE)…');
  await owner`VACUUM (ANALYZE) person, person_access, consent_event, referral, referral_task, referral_event`;
  return {
    persons: P,
    referrals: R,
    ...(result as Omit<ScaleReferralsResult, 'persons' | 'referrals' | 'durationMs'>),
    durationMs: Date.now() - started,
  };
}
