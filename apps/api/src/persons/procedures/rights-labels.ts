import type { TransactionSql } from '@ensemblier/db';
import {
  CHARGE_TYPE_LABELS,
  GIR_LABELS,
  HOUSEHOLD_RELATION_LABELS,
  LOGEMENT_STATUT_LABELS,
  LOGEMENT_TYPE_LABELS,
  NATIONALITE_LABELS,
  PROTECTION_MESURE_LABELS,
  RESSOURCE_TYPE_LABELS,
  SITUATION_FAMILIALE_LABELS,
  SITUATION_FIELD_LABELS,
  TITRE_SEJOUR_TYPE_LABELS,
} from '@ensemblier/shared';
import { loadRetentionRules } from '../../archives/rules.ts';
import { formatDateFr } from '../../pdf/document.ts';
import type { ExportLabels, RetentionInfo } from '../rights-pdf.ts';

/** The French labels of the situation's values, by export key. */
const VALUE_LABELS: Record<string, Record<string | number, string>> = {
  situationFamiliale: SITUATION_FAMILIALE_LABELS,
  logementType: LOGEMENT_TYPE_LABELS,
  logementStatut: LOGEMENT_STATUT_LABELS,
  gir: GIR_LABELS,
  protectionMesure: PROTECTION_MESURE_LABELS,
  nationalite: NATIONALITE_LABELS,
  titreSejourType: TITRE_SEJOUR_TYPE_LABELS,
};
const DATE_FIELDS = new Set(['girEvaluatedOn', 'titreSejourFin']);
const EXTRA_FIELD_LABELS: Record<string, string> = { bailleurOrganisation: 'Bailleur du réseau' };

export const exportLabels: ExportLabels = {
  situation(field, value) {
    const fieldLabel = (SITUATION_FIELD_LABELS as Record<string, string>)[field] ?? EXTRA_FIELD_LABELS[field];
    if (!fieldLabel) return null;
    if (value === null || value === '') return { label: fieldLabel, value: null };
    if (DATE_FIELDS.has(field)) return { label: fieldLabel, value: formatDateFr(String(value)) };
    const labels = VALUE_LABELS[field];
    return { label: fieldLabel, value: labels ? (labels[value] ?? String(value)) : String(value) };
  },
  relation: (value) => (HOUSEHOLD_RELATION_LABELS as Record<string, string>)[value] ?? value,
  budgetType: (kind, type) =>
    (kind === 'ressource'
      ? (RESSOURCE_TYPE_LABELS as Record<string, string>)[type]
      : (CHARGE_TYPE_LABELS as Record<string, string>)[type]) ?? type,
};

/** How long the territory keeps files (its retention rules, apps/api/src/archives): the notice tells the person. */
export async function territoryRetention(tx: TransactionSql): Promise<RetentionInfo> {
  const rules = await loadRetentionRules(tx);
  return {
    archiveAfterMonths: rules.archiveAfterMonths,
    demandeRefuseeYears: rules.eliminateAfterYears.demande_refusee,
    aideYears: rules.eliminateAfterYears.aide,
    suiviYears: rules.eliminateAfterYears.suivi,
  };
}
