import {
  ELIMINATION_STATUS_LABELS,
  RETENTION_CATEGORY_LABELS,
  type EliminationStatus,
  type RetentionCategory,
} from '@ensemblier/shared';
import type { StatusTone } from '#lib/components/types.ts';

export function categoryLabel(category: string | null | undefined): string {
  if (!category) return 'Non classé';
  return RETENTION_CATEGORY_LABELS[category as RetentionCategory] ?? category;
}

const ELIMINATION_TONES: Record<EliminationStatus, StatusTone> = {
  proposed: 'warning',
  approved: 'danger',
  rejected: 'info',
  done: 'neutral',
};

/** A decision's badge: text always, one tone per status. */
export function eliminationStatus(status: string): { label: string; tone: StatusTone } {
  const s = status as EliminationStatus;
  return { label: ELIMINATION_STATUS_LABELS[s] ?? status, tone: ELIMINATION_TONES[s] ?? 'neutral' };
}
