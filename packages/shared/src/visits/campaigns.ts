import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import type { EntryVisibility, SensitiveCategory, TimelineEntryType } from '../persons/file.ts';
import { NOTE_MAX_LENGTH, VISIT_NEED_LABELS, VISIT_NEEDS, type VisitNeed } from './visit-log.ts';

/**
 * Heatwave and cold-spell campaigns: when the prefect triggers the plan (or the CCAS decides),
 * a coordinator starts a campaign; the register's registered people become a call list split
 * among the available callers (volunteers and agents); each call is logged; whoever is not
 * reached `escalationDelayHours` after the campaign started is escalated to the coordinators.
 */

export const CAMPAIGN_TYPES = ['canicule', 'grand_froid', 'autre'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export const CAMPAIGN_TYPE_LABELS: Record<CampaignType, string> = {
  canicule: 'Canicule',
  grand_froid: 'Grand froid',
  autre: 'Autre épisode exceptionnel',
};

export const CALL_OUTCOMES = ['joint', 'non_joint', 'besoin_signale'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  joint: 'Jointe, tout va bien',
  non_joint: 'Non jointe',
  besoin_signale: 'Jointe, besoin signalé',
};
/** A call reaches the person when they answered, whether or not they need something. */
export const isReached = (outcome: CallOutcome): boolean => outcome !== 'non_joint';

/** Where one person of the list stands. */
export const CALL_STATUSES = ['a_appeler', 'non_joint', 'joint', 'besoin_signale', 'escalade'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const CALL_STATUS_LABELS: Record<CallStatus, string> = {
  a_appeler: 'À appeler',
  non_joint: 'Non jointe, à rappeler',
  joint: 'Jointe',
  besoin_signale: 'Besoin signalé',
  escalade: 'Non jointe à temps, signalée au coordinateur',
};
/** The board's three counts. */
export const PROGRESS_BUCKETS = ['reached', 'notYet', 'escalated'] as const;
export type ProgressBucket = (typeof PROGRESS_BUCKETS)[number];
export const PROGRESS_BUCKET_LABELS: Record<ProgressBucket, string> = {
  reached: 'Jointes',
  notYet: 'Pas encore jointes',
  escalated: 'Signalées au coordinateur',
};
export const bucketOf = (status: CallStatus): ProgressBucket =>
  status === 'joint' || status === 'besoin_signale' ? 'reached' : status === 'escalade' ? 'escalated' : 'notYet';

export const DEFAULT_ESCALATION_DELAY_HOURS = 4;
export const MAX_ESCALATION_DELAY_HOURS = 72;

// ----------------------------------------------------------------------------------------
// Inputs

export const campaignInput = z
  .object({
    type: z.enum(CAMPAIGN_TYPES, { error: 'Choisissez le type de campagne.' }),
    /** Required for « autre »: what the episode is. */
    title: z
      .string()
      .trim()
      .max(200, 'Le titre ne doit pas dépasser 200 caractères.')
      .nullish()
      .transform((v) => (v ? v : null)),
    startsAt: z.coerce.date({ error: 'Indiquez la date et l’heure de début.' }),
    escalationDelayHours: z
      .number({ error: 'Indiquez un nombre d’heures.' })
      .int('Indiquez un nombre entier d’heures.')
      .min(1, 'Le délai doit être d’au moins une heure.')
      .max(MAX_ESCALATION_DELAY_HOURS, `Le délai ne doit pas dépasser ${MAX_ESCALATION_DELAY_HOURS} heures.`)
      .default(DEFAULT_ESCALATION_DELAY_HOURS),
    /** The callers among whom the list is split. */
    callerUserIds: z
      .array(idSchema)
      .min(1, 'Choisissez au moins un bénévole ou agent pour les appels.')
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, 'Chaque appelant ne doit être choisi qu’une fois.'),
  })
  .refine((v) => v.type !== 'autre' || v.title !== null, {
    path: ['title'],
    message: 'Précisez de quel épisode il s’agit.',
  });
export type CampaignInput = z.infer<typeof campaignInput>;

export const campaignCallInput = z
  .object({
    /** Generated on the phone, as for a visit: a retried sync stores the call once. */
    clientId: z.uuid({ error: 'Identifiant de saisie invalide.' }),
    campaignId: idSchema,
    personId: idSchema,
    outcome: z.enum(CALL_OUTCOMES, { error: 'Indiquez le résultat de l’appel.' }),
    occurredAt: z.coerce.date({ error: 'Indiquez la date et l’heure de l’appel.' }),
    needs: z
      .array(z.enum(VISIT_NEEDS, { error: 'Besoin inconnu.' }))
      .max(VISIT_NEEDS.length)
      .default([])
      .transform((v) => VISIT_NEEDS.filter((n) => v.includes(n))),
    note: z
      .string()
      .trim()
      .max(NOTE_MAX_LENGTH, `La note ne doit pas dépasser ${NOTE_MAX_LENGTH} caractères.`)
      .nullish()
      .transform((v) => (v ? v : null)),
  })
  .refine((v) => v.outcome !== 'besoin_signale' || v.needs.length > 0, {
    path: ['needs'],
    message: 'Cochez le besoin signalé.',
  })
  .refine((v) => v.outcome === 'besoin_signale' || v.needs.length === 0, {
    path: ['needs'],
    message: 'Choisissez « besoin signalé » pour noter un besoin.',
  })
  .refine((v) => !v.needs.includes('autre') || v.note !== null, {
    path: ['note'],
    message: 'Précisez dans la note l’autre besoin signalé.',
  });
export type CampaignCallInput = z.infer<typeof campaignCallInput>;

// ----------------------------------------------------------------------------------------
// Splitting the list

export interface SplitPerson {
  personId: string;
  /** Commune (INSEE code) or the CCAS's secteur; null when unknown. */
  sector?: string | null;
}
export interface SplitCaller {
  userId: string;
  /** The communes or secteurs this caller knows best; empty: no preference. */
  sectors?: readonly string[];
  /** Calls already assigned to this caller in this campaign (when people are added to a running one). */
  load?: number;
}
export interface CallAssignment {
  personId: string;
  callerUserId: string;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Splits the people among the callers: each person goes to exactly one caller.
 *
 * 1. Locality: people are taken sector by sector (sector, then person id); a person goes to a
 *    caller who covers their sector, the least loaded one (ties: smallest user id), as long as
 *    that caller holds fewer than ⌊total ÷ callers⌋ calls (at least one) (total = people + existing loads).
 * 2. Balance: everyone left (no caller for their sector, or those callers full) goes, in the same
 *    order, to the least loaded caller overall (ties: smallest user id).
 * Hence no two callers differ by more than one call (callers already above the share aside), and
 * the result depends only on the sets given: re-running with the same people and callers, in any
 * order, gives the same split.
 *
 * Throws a RangeError when a person id or a caller id appears twice, or when there are people
 * but no caller (the API checks this first and answers with a field error).
 */
export function splitCallList(
  people: readonly SplitPerson[],
  callers: readonly SplitCaller[],
): { assignments: CallAssignment[]; counts: Record<string, number> } {
  const personIds = new Set(people.map((p) => p.personId));
  if (personIds.size !== people.length) throw new RangeError('A person appears twice in the call list');
  const callerIds = new Set(callers.map((c) => c.userId));
  if (callerIds.size !== callers.length) throw new RangeError('A caller appears twice');
  const counts: Record<string, number> = {};
  if (people.length === 0) {
    for (const c of callers) counts[c.userId] = c.load ?? 0;
    return { assignments: [], counts };
  }
  if (callers.length === 0) throw new RangeError('No caller to split the list among');

  const sortedCallers = [...callers].sort((a, b) => byString(a.userId, b.userId));
  for (const c of sortedCallers) counts[c.userId] = Math.max(0, c.load ?? 0);
  const total = people.length + Object.values(counts).reduce((s, n) => s + n, 0);
  // At least one, so that a short list still goes to local callers first.
  const share = Math.max(1, Math.floor(total / sortedCallers.length));

  const bySector = new Map<string, string[]>();
  for (const c of sortedCallers)
    for (const s of new Set(c.sectors ?? [])) {
      const list = bySector.get(s) ?? [];
      list.push(c.userId);
      bySector.set(s, list);
    }

  const ordered = [...people].sort(
    (a, b) => byString(a.sector ?? '', b.sector ?? '') || byString(a.personId, b.personId),
  );
  const leastLoaded = (candidates: readonly string[], below: number): string | null => {
    let best: string | null = null;
    for (const id of candidates) {
      const n = counts[id]!;
      if (n >= below) continue;
      if (best === null || n < counts[best]!) best = id; // candidates are in user id order
    }
    return best;
  };

  const assigned = new Map<string, string>();
  const left: SplitPerson[] = [];
  for (const p of ordered) {
    const local = p.sector ? bySector.get(p.sector) : undefined;
    const caller = local ? leastLoaded(local, share) : null;
    if (caller === null) left.push(p);
    else {
      assigned.set(p.personId, caller);
      counts[caller]! += 1;
    }
  }
  const all = sortedCallers.map((c) => c.userId);
  for (const p of left) {
    const caller = leastLoaded(all, Number.POSITIVE_INFINITY)!;
    assigned.set(p.personId, caller);
    counts[caller]! += 1;
  }

  const assignments = [...assigned]
    .map(([personId, callerUserId]) => ({ personId, callerUserId }))
    .sort((a, b) => byString(a.personId, b.personId));
  return { assignments, counts };
}

// ----------------------------------------------------------------------------------------
// Status, escalation, progress

export interface CampaignClock {
  startsAt: Date;
  escalationDelayHours: number;
  /** A closed campaign escalates nobody any more. */
  closedAt?: Date | null;
}
export interface CallListEntry {
  personId: string;
  callerUserId: string;
  /** When the person joined the list, if after the start (added to a running campaign). */
  assignedAt?: Date | null;
}
export interface LoggedCall {
  personId: string;
  outcome: CallOutcome;
  occurredAt: Date;
}

/**
 * The moment a person not reached is escalated: the campaign's start (or the moment the person
 * joined its list, if later) plus the delay. Counted from the start, not from the last failed
 * attempt: the plan's aim is to reach everyone within hours of the alert, the deadline is the same
 * for the whole list (one batch, one notification), a person nobody has called yet is escalated
 * too, and repeated failed attempts cannot push the deadline back.
 */
export function escalationDeadline(campaign: CampaignClock, entry: Pick<CallListEntry, 'assignedAt'>): Date {
  const from =
    entry.assignedAt && entry.assignedAt.getTime() > campaign.startsAt.getTime() ? entry.assignedAt : campaign.startsAt;
  return new Date(from.getTime() + campaign.escalationDelayHours * 3_600_000);
}

export interface PersonCallState {
  personId: string;
  callerUserId: string;
  status: CallStatus;
  attempts: number;
  lastAttemptAt: Date | null;
  /** The first call that reached the person. */
  reachedAt: Date | null;
  deadline: Date;
}

const groupCalls = (calls: readonly LoggedCall[]) => {
  const map = new Map<string, LoggedCall[]>();
  for (const c of calls) {
    const list = map.get(c.personId) ?? [];
    list.push(c);
    map.set(c.personId, list);
  }
  return map;
};

/**
 * Each person's state at `now`. Reached (by any call, even one logged after the deadline, e.g.
 * synced late) always wins over escalated; « besoin signalé » wins over « joint ». Calls logged
 * after `now` are ignored (the board can be replayed at any instant).
 */
export function callStates(
  campaign: CampaignClock,
  list: readonly CallListEntry[],
  calls: readonly LoggedCall[],
  now: Date,
): PersonCallState[] {
  const callsByPerson = groupCalls(calls);
  const stop = campaign.closedAt && campaign.closedAt.getTime() < now.getTime() ? campaign.closedAt : now;
  return list.map((entry) => {
    const mine = (callsByPerson.get(entry.personId) ?? []).filter((c) => c.occurredAt.getTime() <= now.getTime());
    let lastAttemptAt: Date | null = null;
    let reachedAt: Date | null = null;
    let need = false;
    for (const c of mine) {
      if (lastAttemptAt === null || c.occurredAt > lastAttemptAt) lastAttemptAt = c.occurredAt;
      if (isReached(c.outcome) && (reachedAt === null || c.occurredAt < reachedAt)) reachedAt = c.occurredAt;
      if (c.outcome === 'besoin_signale') need = true;
    }
    const deadline = escalationDeadline(campaign, entry);
    const status: CallStatus = need
      ? 'besoin_signale'
      : reachedAt
        ? 'joint'
        : stop.getTime() >= deadline.getTime()
          ? 'escalade'
          : mine.length > 0
            ? 'non_joint'
            : 'a_appeler';
    return {
      personId: entry.personId,
      callerUserId: entry.callerUserId,
      status,
      attempts: mine.length,
      lastAttemptAt,
      reachedAt,
      deadline,
    };
  });
}

/**
 * The people to escalate at `now`: not reached by any call, and `now` at or past their deadline
 * (none once the campaign is closed, apart from those already due before it closed). Sorted by
 * deadline, then person id. The escalation job notifies the coordinators with
 * `escalationNotifications` (idempotent), so running it every few minutes is safe.
 */
export function escalations(
  campaign: CampaignClock,
  list: readonly CallListEntry[],
  calls: readonly LoggedCall[],
  now: Date,
): PersonCallState[] {
  return callStates(campaign, list, calls, now)
    .filter((s) => s.status === 'escalade')
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || byString(a.personId, b.personId));
}

export interface CampaignProgressCounts {
  total: number;
  reached: number;
  notYet: number;
  escalated: number;
}
export interface CampaignProgress extends CampaignProgressCounts {
  /** Reached people who reported a need. */
  needs: number;
  /** Not reached and never called. */
  neverCalled: number;
  /** Whole percent of the list reached (100 for an empty list). */
  reachedPercent: number;
  /** When the last person was reached, once everyone is; else null. */
  allReachedAt: Date | null;
  /** Minutes from the start to `allReachedAt` (campaign statistics). */
  minutesToReachAll: number | null;
  byCaller: ({ callerUserId: string } & CampaignProgressCounts)[];
}

/** The live board: reached + not yet + escalated = total, overall and per caller. */
export function campaignProgress(
  campaign: CampaignClock,
  list: readonly CallListEntry[],
  calls: readonly LoggedCall[],
  now: Date,
): CampaignProgress {
  const states = callStates(campaign, list, calls, now);
  const counts = (): CampaignProgressCounts => ({ total: 0, reached: 0, notYet: 0, escalated: 0 });
  const overall = counts();
  const perCaller = new Map<string, CampaignProgressCounts>();
  let needs = 0;
  let neverCalled = 0;
  let allReachedAt: Date | null = null;
  for (const s of states) {
    const bucket = bucketOf(s.status);
    const mine = perCaller.get(s.callerUserId) ?? counts();
    perCaller.set(s.callerUserId, mine);
    for (const c of [overall, mine]) {
      c.total += 1;
      c[bucket] += 1;
    }
    if (s.status === 'besoin_signale') needs += 1;
    if (bucket !== 'reached' && s.attempts === 0) neverCalled += 1;
    if (s.reachedAt && (allReachedAt === null || s.reachedAt > allReachedAt)) allReachedAt = s.reachedAt;
  }
  const everyone = overall.reached === overall.total && overall.total > 0;
  return {
    ...overall,
    needs,
    neverCalled,
    reachedPercent: overall.total === 0 ? 100 : Math.floor((overall.reached * 100) / overall.total),
    allReachedAt: everyone ? allReachedAt : null,
    minutesToReachAll:
      everyone && allReachedAt
        ? Math.max(0, Math.round((allReachedAt.getTime() - campaign.startsAt.getTime()) / 60_000))
        : null,
    byCaller: [...perCaller]
      .map(([callerUserId, c]) => ({ callerUserId, ...c }))
      .sort((a, b) => byString(a.callerUserId, b.callerUserId)),
  };
}

// ----------------------------------------------------------------------------------------
// What escalations and calls produce

/**
 * One notification to the coordinators per campaign and deadline (most of the list shares the
 * start's deadline: one message, not five hundred), idempotent by its dedupe key. No person data.
 */
export function escalationNotifications(
  campaignId: string,
  escalated: readonly Pick<PersonCallState, 'deadline'>[],
  delayHours: number,
): {
  kind: 'campaign_escalation';
  audience: { coordinators: true };
  dedupeKey: string;
  title: string;
  body: string;
  link: string;
}[] {
  const byDeadline = new Map<number, number>();
  for (const e of escalated) byDeadline.set(e.deadline.getTime(), (byDeadline.get(e.deadline.getTime()) ?? 0) + 1);
  return [...byDeadline]
    .sort((a, b) => a[0] - b[0])
    .map(([deadline, n]) => ({
      kind: 'campaign_escalation' as const,
      audience: { coordinators: true as const },
      dedupeKey: `campaign-escalation:${campaignId}:${new Date(deadline).toISOString()}`,
      title:
        n === 1 ? `1 personne non jointe après ${delayHours} h` : `${n} personnes non jointes après ${delayHours} h`,
      body: 'Des personnes du registre n’ont pas pu être jointes dans le délai prévu. Ouvrez la campagne pour organiser un passage ou un nouvel appel.',
      link: `/visites/campagnes/${campaignId}`,
    }));
}

export interface CallEffects {
  notification: {
    kind: 'campaign_need';
    audience: { coordinators: true };
    dedupeKey: string;
    title: string;
    body: string;
    link: string;
  } | null;
  timelineEntry: {
    personId: string;
    type: Extract<TimelineEntryType, 'appel'>;
    visibility: Extract<EntryVisibility, 'ccas'>;
    sensitiveCategory: SensitiveCategory | null;
    title: string;
    body: string;
    occurredAt: Date;
  } | null;
}

/**
 * A « besoin signalé » call, on its first insert only, notifies the coordinators (no person data,
 * a link to the campaign) and writes an `appel` entry with visibility `ccas` in the person's
 * timeline (marked `sante` for a health need or a fall). Other calls only feed the board.
 */
export function callEffects(call: CampaignCallInput, campaignType: CampaignType): CallEffects {
  if (call.outcome !== 'besoin_signale') return { notification: null, timelineEntry: null };
  const needs = call.needs.map((n: VisitNeed) => VISIT_NEED_LABELS[n]).join(', ');
  return {
    notification: {
      kind: 'campaign_need',
      audience: { coordinators: true },
      dedupeKey: `campaign-need:${call.clientId}`,
      title: 'Besoin signalé pendant une campagne',
      body: 'Une personne du registre a signalé un besoin lors d’un appel. Ouvrez la campagne pour en savoir plus.',
      link: `/visites/campagnes/${call.campaignId}`,
    },
    timelineEntry: {
      personId: call.personId,
      type: 'appel',
      visibility: 'ccas',
      sensitiveCategory: call.needs.includes('sante') || call.needs.includes('chute') ? 'sante' : null,
      title: `Campagne ${CAMPAIGN_TYPE_LABELS[campaignType].toLowerCase()} : besoin signalé`,
      body: [`Besoins : ${needs}.`, call.note !== null ? `Note : ${call.note}` : null].filter((l) => l).join('\n'),
      occurredAt: call.occurredAt,
    },
  };
}
