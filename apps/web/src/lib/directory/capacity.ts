import { CAPACITY_LABELS, type CapacityStatus } from '@ensemblier/shared';
import type { StatusTone } from '#lib/components/types.ts';
import { formatDate, formatNumber } from '#lib/format.ts';

export interface CapacityView {
  /** Always-visible text of the badge. */
  label: string;
  tone: StatusTone;
}

const TONES: Record<CapacityStatus, StatusTone> = {
  places_disponibles: 'success',
  liste_attente: 'warning',
  complet: 'danger',
  inconnu: 'neutral',
};

/** "≈ 1 jour", "≈ 15 jours". */
export function formatDelay(days: number): string {
  return `≈ ${formatNumber(days)} ${days >= 2 ? 'jours' : 'jour'}`;
}

/**
 * The capacity badge of a service: "Places disponibles", "Liste d’attente (≈ 15 jours)",
 * "Complet", "Disponibilité non renseignée". Unknown statuses read as "non renseignée".
 */
export function capacityView(status: string | null | undefined, delayDays?: number | null): CapacityView {
  const known = (status && status in TONES ? status : 'inconnu') as CapacityStatus;
  let label = CAPACITY_LABELS[known];
  if (known === 'liste_attente' && typeof delayDays === 'number' && delayDays >= 0) {
    label = `${label} (${formatDelay(delayDays)})`;
  }
  return { label, tone: TONES[known] };
}

/** Capacity choices for filters and the capacity form, in the order a worker scans them. */
export const CAPACITY_OPTIONS: { value: CapacityStatus; label: string }[] = [
  { value: 'places_disponibles', label: 'Places disponibles' },
  { value: 'liste_attente', label: 'Liste d’attente' },
  { value: 'complet', label: 'Complet' },
  { value: 'inconnu', label: 'Non renseignée' },
];

/** "Mis à jour le 23 nov. 2026" (empty when the date is missing or invalid). */
export function freshnessLabel(dateMaj: string | Date | null | undefined): string {
  const date = formatDate(dateMaj ?? null);
  return date ? `Mis à jour le ${date}` : '';
}
