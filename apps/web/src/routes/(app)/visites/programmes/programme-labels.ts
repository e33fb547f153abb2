import type { ProgrammeStatus } from '@ensemblier/shared';
import type { StatusTone } from '#lib/components/types.ts';

/** One tone per programme state (the badge always shows the words too). */
export const PROGRAMME_STATUS_TONES: Record<ProgrammeStatus, StatusTone> = {
  active: 'success',
  suspendue: 'warning',
  terminee: 'neutral',
};

/** Short labels for the list and the badge. */
export const PROGRAMME_STATUS_SHORT: Record<ProgrammeStatus, string> = {
  active: 'En cours',
  suspendue: 'Suspendu',
  terminee: 'Terminé',
};

export const lateLabel = (days: number) => `En retard de ${days} jour${days >= 2 ? 's' : ''}`;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
