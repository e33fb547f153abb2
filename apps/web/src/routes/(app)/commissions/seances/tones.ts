import type { StatusTone } from '#lib/components/types.ts';

export function seanceTone(state: string): StatusTone {
  return state === 'ouverte' ? 'success' : state === 'planifiee' ? 'info' : state === 'annulee' ? 'danger' : 'neutral';
}

export function demandeTone(state: string): StatusTone {
  if (state === 'inscrite') return 'info';
  if (state === 'ajournee') return 'warning';
  if (state === 'decidee' || state === 'notifiee' || state === 'versee') return 'success';
  if (state === 'decidee_urgence') return 'accent';
  return 'neutral';
}
