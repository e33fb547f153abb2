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
};

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
  { value: 'audit.', label: 'Journal' },
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
