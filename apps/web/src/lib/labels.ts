import { ORGANISATION_TYPE_LABELS, ROLE_LABELS, type OrganisationType, type Role } from '@ensemblier/shared';
import type { StatusTone } from '#lib/components/types.ts';

export function roleLabel(role: string | null | undefined): string {
  if (!role) return '';
  return ROLE_LABELS[role as Role] ?? role;
}

export function organisationTypeLabel(type: string): string {
  return ORGANISATION_TYPE_LABELS[type as OrganisationType] ?? type;
}

export const ORGANISATION_STATUS: Record<string, { label: string; tone: StatusTone }> = {
  active: { label: 'Active', tone: 'success' },
  deactivated: { label: 'Désactivée', tone: 'neutral' },
};

export function organisationStatus(status: string): { label: string; tone: StatusTone } {
  return ORGANISATION_STATUS[status] ?? { label: status, tone: 'neutral' };
}

/** The journal's actions in plain French (unknown ones are shown as recorded). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Connexion',
  'auth.logout': 'Déconnexion',
  'auth.second_factor': 'Vérification du second facteur',
  'auth.totp_setup': 'Début d’activation de la double authentification',
  'auth.totp_enrol': 'Activation de la double authentification',
  'auth.switch_membership': 'Changement de structure active',
  'auth.invitation_accepted': 'Invitation acceptée',
  'auth.password_reset_requested': 'Demande de nouveau mot de passe',
  'auth.password_reset_done': 'Nouveau mot de passe choisi',
  'organisation.create': 'Création d’une structure',
  'organisation.update': 'Modification d’une structure',
  'organisation.deactivate': 'Désactivation d’une structure',
  'organisation.reactivate': 'Réactivation d’une structure',
  'member.invite': 'Invitation',
  'member.change_role': 'Changement de rôle',
  'member.remove': 'Retrait d’un membre',
  'audit.verify': 'Vérification du journal',
  'auth.password_changed': 'Changement de mot de passe',
  'organisation.profile.update': 'Modification du profil d’une structure',
  'service.create': 'Création d’un service',
  'service.update': 'Modification d’un service',
  'service.archive': 'Archivage d’un service',
  'service.capacity': 'Mise à jour de la disponibilité',
  'service.confirm': 'Service confirmé à jour',
  'directory.import': 'Import data·inclusion',
  'directory.export': 'Export de l’annuaire',
  'seed.demo': 'Création des données de démonstration',
  'seed.demo_referrals': 'Création des orientations de démonstration',
  'seed.scale_referrals': 'Création des orientations de test de charge',
  'person.create': 'Création du dossier d’une personne',
  'person.read': 'Consultation du dossier d’une personne',
  'person.consultations': 'Consultation de la liste « Qui a consulté ce dossier »',
  'person.search': 'Recherche d’une personne',
  'person.duplicate_check': 'Recherche de doublons d’une personne',
  'person.duplicates.list': 'Consultation de la liste des doublons possibles',
  'person.merge': 'Fusion de deux dossiers en doublon',
  'person.update': 'Modification du dossier d’une personne',
  'person.consent': 'Information, accord ou opposition de la personne',
  'person.group.read': 'Consultation du groupe de suivi d’une personne',
  'person.group.add': 'Ajout d’une structure au groupe de suivi',
  'person.group.remove': 'Retrait d’une structure du groupe de suivi',
  'person.group.leave': 'Départ du groupe de suivi',
  'person.timeline.read': 'Consultation du fil de suivi d’une personne',
  'person.timeline.add': 'Ajout d’une entrée au fil de suivi',
  'person.notice': 'Impression de la notice d’information de la personne',
  'person.export': 'Export du dossier d’une personne (droit d’accès)',
  'person.group.referent': 'Désignation du référent d’une structure du groupe de suivi',
  'person.task.read': 'Consultation des tâches d’une personne',
  'person.task.mine': 'Consultation de « Mes tâches »',
  'person.task.add': 'Ajout d’une tâche sur le dossier d’une personne',
  'person.task.complete': 'Tâche marquée comme faite',
  'person.task.cancel': 'Annulation d’une tâche',
  'person.task.reopen': 'Tâche remise à faire',
  'person.situation.read': 'Consultation de la situation et du foyer d’une personne',
  'person.situation.update': 'Modification de la situation d’une personne',
  'person.situation.household.add': 'Ajout d’un membre du foyer',
  'person.situation.household.update': 'Modification d’un membre du foyer',
  'person.situation.household.remove': 'Retrait d’un membre du foyer',
  'person.situation.budget.add': 'Ajout d’une ressource ou d’une charge du foyer',
  'person.situation.budget.update': 'Modification d’une ressource ou d’une charge du foyer',
  'person.situation.budget.remove': 'Retrait d’une ressource ou d’une charge du foyer',
  'referral.create': 'Création d’une orientation',
  'referral.read': 'Consultation d’une orientation',
  'referral.list': 'Consultation d’une liste d’orientations',
  'referral.send': 'Envoi d’une orientation',
  'referral.view': 'Orientation vue par le destinataire',
  'referral.accept': 'Orientation acceptée',
  'referral.refuse': 'Orientation refusée',
  'referral.expire': 'Orientation expirée',
  'referral.cancel': 'Orientation annulée',
  'referral.start': 'Accompagnement commencé',
  'referral.complete': 'Orientation clôturée avec un résultat',
  'referral.fail': 'Orientation clôturée en échec',
  'referral.reorient': 'Orientation réorientée',
  'referral.transition': 'Changement d’état d’une orientation',
  'referral.message': 'Message sur une orientation',
  'referral.suggestions': 'Consultation des suggestions de routage',
  'referral_attachment.add': 'Ajout d’une pièce jointe à une orientation',
  'referral_attachment.download': 'Téléchargement d’une pièce jointe',
  'commission_type.create': 'Création d’une commission',
  'commission_type.update': 'Modification de la configuration d’une commission',
  'commission_type.archive': 'Archivage d’une commission',
  'commission_type.restore': 'Remise en service d’une commission',
  'commission_type.read': 'Consultation de la configuration d’une commission',
  'demande.prefill': 'Préparation d’une demande d’aide depuis le dossier d’une personne',
  'demande.create': 'Création d’une demande d’aide',
  'demande.read': 'Consultation d’une demande d’aide',
  'demande.update': 'Modification d’une demande d’aide',
  'demande.transition': 'Changement d’état d’une demande d’aide',
  'demande.list': 'Consultation de la liste des demandes d’aide',
  'demande_attachment.add': 'Ajout d’une pièce justificative à une demande d’aide',
  'demande_attachment.download': 'Téléchargement d’une pièce justificative d’une demande d’aide',
  'referral.remind': 'Rappel d’une orientation sans réponse',
  'notification.read': 'Notifications marquées comme lues',
  'notification.preference': 'Choix des courriels de notification',
  'person.archive': 'Archivage d’un dossier inactif',
  'person.elimination.propose': 'Élimination d’un dossier proposée',
  'person.elimination.approve': 'Élimination d’un dossier approuvée',
  'person.elimination.reject': 'Élimination d’un dossier refusée',
  'person.eliminate': 'Élimination d’un dossier',
  'archives.list': 'Consultation de la liste des dossiers archivés',
  'archives.eliminations.list': 'Consultation des éliminations à décider',
  'retention.rules.update': 'Modification des règles de conservation',
  'seance.create': 'Création d’une séance de commission',
  'seance.read': 'Consultation d’une séance de commission',
  'seance.read_identities': 'Affichage des noms des demandeurs d’une séance (hors mode présentation)',
  'seance.agenda.add': 'Inscription d’une demande à l’ordre du jour',
  'seance.agenda.remove': 'Retrait d’une demande de l’ordre du jour',
  'seance.convene': 'Convocation des membres d’une commission',
  'seance.attendance': 'Saisie de la feuille de présence d’une séance',
  'seance.ouvrir': 'Ouverture d’une séance',
  'seance.clore': 'Clôture d’une séance (procès-verbal enregistré)',
  'seance.annuler': 'Annulation d’une séance',
  'seance.proces_verbal': 'Téléchargement du procès-verbal d’une séance',
  'decision.record': 'Enregistrement d’une décision de commission',
  'decision.update': 'Modification d’une décision non signée',
  'decision.urgent': 'Décision d’urgence hors séance',
  'decision.ratify': 'Ratification d’une décision d’urgence',
  'decision.sign': 'Signature d’une décision',
  'decision.notify': 'Notification d’une décision (lettre enregistrée)',
  'decision.payment': 'Enregistrement d’un versement',
  'decision.letter': 'Téléchargement d’une lettre de décision',
  'commission.payments.read': 'Consultation des versements et des enveloppes',
  'commission.stats.read': 'Consultation des statistiques des commissions',
  'commission.stats.export': 'Export des statistiques des commissions',
  // The register of vulnerable people (issue 7).
  'campaigns.create': 'Lancement d’une campagne canicule / grand froid',
  'campaigns.list': 'Consultation des campagnes canicule / grand froid',
  'campaigns.board.read': 'Consultation du tableau de suivi d’une campagne',
  'campaigns.close': 'Clôture d’une campagne canicule / grand froid',
  'campaigns.card.read': 'Consultation de la fiche d’appel (appelant d’une campagne)',
  'campaigns.call.log': 'Saisie d’un appel de campagne',
  'campaigns.stats': 'Consultation des statistiques des campagnes',
  'campaigns.export': 'Export des statistiques des campagnes (CSV)',
  'register.create': 'Inscription d’une personne au registre des personnes vulnérables',
  'register.update': 'Modification d’une inscription au registre des personnes vulnérables',
  'register.opt_out': 'Radiation d’une personne du registre des personnes vulnérables',
  'register.read': 'Consultation d’une inscription au registre des personnes vulnérables',
  'register.list': 'Consultation du registre des personnes vulnérables',
  'register.export': 'Export du registre des personnes vulnérables (préfecture)',
  'visits.programme.create': 'Création d’un programme de visites',
  'visits.programme.update': 'Modification d’un programme de visites',
  'visits.programme.list': 'Consultation des programmes de visites',
  'visits.programme.read': 'Consultation d’un programme de visites',
  'visits.card.read': 'Consultation de la fiche de visite (bénévole)',
  'visits.log': 'Saisie d’une visite ou d’un appel',
  'visits.programme.candidates': 'Consultation des personnes et visiteurs pour un nouveau programme de visites',
  'visits.alert.list': 'Consultation des alertes « situation préoccupante »',
  'visits.alert.handle': 'Suivi d’une alerte « situation préoccupante » (marquée traitée)',
  'visits.stats.read': 'Consultation des statistiques des visites',
  'visits.stats.export': 'Export des statistiques des visites (CSV)',
};

/** Why a reader could open a person's file (« Qui a consulté ce dossier »). */
export const CONSULTATION_REASON_LABELS: Record<string, string> = {
  createur: 'Structure qui a créé le dossier',
  orientation: 'Orientation envoyée ou reçue',
  groupe_de_suivi: 'Membre du groupe de suivi',
  ccas: 'Coordination du CCAS',
  archives: 'Archives (archiviste)',
};

export function consultationReasonLabel(reason: string | null | undefined): string {
  if (!reason) return 'Non précisé';
  return CONSULTATION_REASON_LABELS[reason] ?? reason;
}

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Filters of the journal: action families (a prefix of the action code). */
export const AUDIT_ACTION_FAMILIES: { value: string; label: string }[] = [
  { value: 'auth.', label: 'Connexions et sécurité des comptes' },
  { value: 'organisation.', label: 'Structures' },
  { value: 'member.', label: 'Membres' },
  { value: 'service.', label: 'Services de l’annuaire' },
  { value: 'directory.', label: 'Imports et exports de l’annuaire' },
  { value: 'person.', label: 'Dossiers des personnes' },
  { value: 'referral.', label: 'Orientations' },
  { value: 'referral_attachment.', label: 'Pièces jointes des orientations' },
  { value: 'commission_type.', label: 'Configuration des commissions' },
  { value: 'demande.', label: 'Demandes d’aide' },
  { value: 'demande_attachment.', label: 'Pièces des demandes d’aide' },
  { value: 'notification.', label: 'Notifications' },
  { value: 'archives.', label: 'Archives' },
  { value: 'retention.', label: 'Règles de conservation' },
  { value: 'audit.', label: 'Journal' },
  { value: 'campaigns.', label: 'Campagnes canicule / grand froid' },
  { value: 'register.', label: 'Registre des personnes vulnérables' },
  { value: 'visits.', label: 'Visites' },
];

export const AUDIT_OBJECT_LABELS: Record<string, string> = {
  session: 'Session',
  user: 'Compte',
  organisation: 'Structure',
  membership: 'Membre',
  audit_event: 'Journal',
  territory: 'Territoire',
  service: 'Service',
  directory: 'Annuaire',
  person: 'Personne',
  consent_event: 'Information, accord ou opposition',
  timeline_entry: 'Entrée du fil de suivi',
  household_member: 'Membre du foyer',
  person_budget_line: 'Ressource ou charge du foyer',
  person_task: 'Tâche sur le dossier d’une personne',
  referral: 'Orientation',
  referral_task: 'Orientation (destinataire)',
  referral_message: 'Message d’une orientation',
  referral_attachment: 'Pièce jointe d’une orientation',
  commission_type: 'Commission (configuration)',
  demande: 'Demande d’aide',
  demande_attachment: 'Pièce d’une demande d’aide',
  notification: 'Notification',
  elimination_request: 'Élimination d’un dossier',
  seance: 'Séance de commission',
  decision: 'Décision de commission',
  payment: 'Versement d’une aide',
  commission: 'Commissions (versements, statistiques)',
  register_entry: 'Inscription au registre des personnes vulnérables',
  visit_programme: 'Programme de visites',
  visit: 'Visite ou appel',
  campaign: 'Campagne canicule / grand froid',
  campaign_call: 'Appel de campagne',
};

export function auditObjectLabel(type: string): string {
  return AUDIT_OBJECT_LABELS[type] ?? type;
}

export const AUDIT_OUTCOMES: Record<string, { label: string; tone: StatusTone }> = {
  success: { label: 'Réussi', tone: 'success' },
  failure: { label: 'Échec', tone: 'danger' },
  denied: { label: 'Refusé', tone: 'warning' },
};

export function auditOutcome(outcome: string): { label: string; tone: StatusTone } {
  return AUDIT_OUTCOMES[outcome] ?? { label: outcome, tone: 'neutral' };
}
