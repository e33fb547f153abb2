import { CAMPAIGN_TYPE_LABELS, type CallStatus, type CampaignType } from '@ensemblier/shared';
import type { StatusTone } from '#lib/components/types.ts';
import { formatDateTime } from '#lib/format.ts';

/** What the campaign pages call a campaign: its title, else its type and start. */
export function campaignName(c: {
  type: CampaignType | string;
  title: string | null;
  startsAt: Date | string;
}): string {
  if (c.title) return c.title;
  const type = CAMPAIGN_TYPE_LABELS[c.type as CampaignType] ?? 'Campagne';
  return `${type} du ${formatDateTime(c.startsAt)}`;
}

/** One tone per call status (the text always says it too). */
export const CALL_STATUS_TONES: Record<CallStatus, StatusTone> = {
  a_appeler: 'neutral',
  non_joint: 'warning',
  joint: 'success',
  besoin_signale: 'accent',
  escalade: 'danger',
};
