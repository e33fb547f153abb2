import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../errors.ts';
import { OUTCOMES, REFERRAL_STATES, type Outcome, type ReferralState } from '../referrals/state-machine.ts';
import {
  addMonths,
  archiveCutoff,
  archivesListInput,
  categoryOfFile,
  DEFAULT_RETENTION_RULES,
  EDITABLE_RETENTION_CATEGORIES,
  eliminationDecisionInput,
  eliminationDue,
  eliminationDueDate,
  endedWithoutSupport,
  RETENTION_CATEGORIES,
  RETENTION_CATEGORY_HELP,
  RETENTION_CATEGORY_LABELS,
  retentionRules,
  retentionRulesInput,
  shouldArchive,
  type RetentionCategory,
} from './retention.ts';

const at = (iso: string) => new Date(iso);

describe('defaults', () => {
  it('archive after 24 months; refused 2 years, aid 10, follow-up 5, minutes kept forever', () => {
    expect(DEFAULT_RETENTION_RULES).toEqual({
      archiveAfterMonths: 24,
      eliminateAfterYears: { demande_refusee: 2, aide: 10, suivi: 5, proces_verbal: null },
    });
  });
  it('every category has a French label and an explanation', () => {
    for (const c of RETENTION_CATEGORIES) {
      expect(RETENTION_CATEGORY_LABELS[c]).toMatch(/\S/);
      expect(RETENTION_CATEGORY_HELP[c]).toMatch(/\S/);
    }
    expect(EDITABLE_RETENTION_CATEGORIES).not.toContain('proces_verbal');
  });
  it('stored rules override the defaults, except the fixed minutes', () => {
    expect(retentionRules({})).toEqual(DEFAULT_RETENTION_RULES);
    const r = retentionRules({
      archiveAfterMonths: 36,
      eliminateAfterYears: { aide: 12, proces_verbal: 3, suivi: null },
    });
    expect(r.archiveAfterMonths).toBe(36);
    expect(r.eliminateAfterYears).toEqual({ demande_refusee: 2, aide: 12, suivi: 5, proces_verbal: null });
  });
});

describe('addMonths', () => {
  it('adds calendar months, clamped to the last day of the month', () => {
    expect(addMonths(at('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(at('2024-01-31T10:00:00Z'), 1).toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(addMonths(at('2026-03-15T00:00:00Z'), -24).toISOString()).toBe('2024-03-15T00:00:00.000Z');
    expect(addMonths(at('2026-03-31T00:00:00Z'), -1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addMonths(at('2026-11-30T08:00:00Z'), 120).toISOString()).toBe('2036-11-30T08:00:00.000Z');
  });
});

describe('shouldArchive', () => {
  const now = at('2026-11-23T12:00:00Z');
  const rule = { archiveAfterMonths: 24 };
  it('23 months of inactivity: stays active; 25 months: archived', () => {
    expect(shouldArchive(addMonths(now, -23), now, rule)).toBe(false);
    expect(shouldArchive(addMonths(now, -25), now, rule)).toBe(true);
  });
  it('exactly the delay archives; one millisecond less does not', () => {
    const cutoff = archiveCutoff(now, rule);
    expect(cutoff.toISOString()).toBe('2024-11-23T12:00:00.000Z');
    expect(shouldArchive(cutoff, now, rule)).toBe(true);
    expect(shouldArchive(new Date(cutoff.getTime() + 1), now, rule)).toBe(false);
  });
  it('follows the territory’s delay', () => {
    const last = addMonths(now, -13);
    expect(shouldArchive(last, now, { archiveAfterMonths: 12 })).toBe(true);
    expect(shouldArchive(last, now, { archiveAfterMonths: 24 })).toBe(false);
  });
  it('a file active now or in the future is never archived', () => {
    expect(shouldArchive(now, now, rule)).toBe(false);
    expect(shouldArchive(addMonths(now, 1), now, rule)).toBe(false);
  });
});

describe('eliminationDue', () => {
  const archivedAt = at('2026-01-10T03:00:00Z');
  const rules = DEFAULT_RETENTION_RULES;
  const file = (category: RetentionCategory, status: 'active' | 'archived' | 'merged' | 'eliminated' = 'archived') => ({
    status,
    archivedAt: status === 'archived' ? archivedAt : null,
    category,
  });
  it('counts each category’s delay from the archiving date', () => {
    const expected: Record<RetentionCategory, string | null> = {
      demande_refusee: '2028-01-10T03:00:00.000Z',
      aide: '2036-01-10T03:00:00.000Z',
      suivi: '2031-01-10T03:00:00.000Z',
      proces_verbal: null,
    };
    for (const c of RETENTION_CATEGORIES) {
      expect(eliminationDueDate(file(c), rules)?.toISOString() ?? null, c).toBe(expected[c]);
      const due = expected[c];
      if (due === null) {
        expect(eliminationDue(file(c), at('2200-01-01T00:00:00Z'), rules), c).toBe(false);
      } else {
        expect(eliminationDue(file(c), new Date(at(due).getTime() - 1), rules), c).toBe(false);
        expect(eliminationDue(file(c), at(due), rules), c).toBe(true);
      }
    }
  });
  it('never for a file that is not archived', () => {
    for (const status of ['active', 'merged', 'eliminated'] as const)
      for (const c of RETENTION_CATEGORIES) {
        expect(eliminationDueDate(file(c, status), rules)).toBeNull();
        expect(eliminationDue(file(c, status), at('2200-01-01T00:00:00Z'), rules)).toBe(false);
      }
  });
  it('follows the territory’s delays', () => {
    const shorter = retentionRules({ eliminateAfterYears: { suivi: 1 } });
    expect(eliminationDue(file('suivi'), at('2027-01-10T03:00:00Z'), shorter)).toBe(true);
    expect(eliminationDue(file('suivi'), at('2027-01-10T03:00:00Z'), rules)).toBe(false);
  });
});

describe('categoryOfFile', () => {
  const task = (state: ReferralState, outcome: Outcome | null = null) => ({ state, outcome });
  it('a file without referrals is a follow-up file', () => {
    expect(categoryOfFile({ tasks: [] })).toBe('suivi');
  });
  it('every referral refused, expired, cancelled, failed or never sent: refused or abandoned request', () => {
    expect(categoryOfFile({ tasks: [task('refusee')] })).toBe('demande_refusee');
    expect(categoryOfFile({ tasks: [task('refusee'), task('expiree'), task('annulee'), task('echec')] })).toBe(
      'demande_refusee',
    );
    expect(categoryOfFile({ tasks: [task('brouillon')] })).toBe('demande_refusee');
    expect(categoryOfFile({ tasks: [task('terminee', 'ne_souhaite_plus')] })).toBe('demande_refusee');
    expect(categoryOfFile({ tasks: [task('terminee', 'personne_injoignable'), task('refusee')] })).toBe(
      'demande_refusee',
    );
  });
  it('a réorientation is not an end: the task it opened decides', () => {
    expect(categoryOfFile({ tasks: [task('terminee', 'reorientee'), task('refusee')] })).toBe('demande_refusee');
    expect(categoryOfFile({ tasks: [task('terminee', 'reorientee'), task('en_cours')] })).toBe('suivi');
    expect(categoryOfFile({ tasks: [task('terminee', 'reorientee')] })).toBe('suivi');
  });
  it('one referral still open or accepted: follow-up file', () => {
    for (const s of ['envoyee', 'vue', 'acceptee', 'en_cours'] as const)
      expect(categoryOfFile({ tasks: [task('refusee'), task(s)] }), s).toBe('suivi');
  });
  it('an aid given (task closed with « aide apportée », or granted) makes an aid file, whatever else', () => {
    expect(categoryOfFile({ tasks: [task('refusee'), task('terminee', 'aide_apportee')] })).toBe('aide');
    expect(categoryOfFile({ tasks: [task('refusee')], aidsGranted: 1 })).toBe('aide');
    expect(categoryOfFile({ tasks: [], aidsGranted: 2 })).toBe('aide');
  });
  it('every state × outcome: ended without support exactly as listed', () => {
    for (const state of REFERRAL_STATES)
      for (const outcome of [null, ...OUTCOMES]) {
        const expected =
          ['refusee', 'expiree', 'annulee', 'echec', 'brouillon'].includes(state) ||
          (state === 'terminee' && (outcome === 'personne_injoignable' || outcome === 'ne_souhaite_plus'));
        expect(endedWithoutSupport({ state, outcome }), `${state}/${outcome}`).toBe(expected);
        // A single task decides the category on its own.
        const category = categoryOfFile({ tasks: [{ state, outcome }] });
        if (state === 'terminee' && outcome === 'aide_apportee') expect(category).toBe('aide');
        else if (outcome === 'reorientee') expect(category).toBe('suivi');
        else expect(category).toBe(expected ? 'demande_refusee' : 'suivi');
      }
  });
  it('never gives the minutes’ category to a person’s file', () => {
    for (const state of REFERRAL_STATES)
      for (const outcome of [null, ...OUTCOMES])
        expect(categoryOfFile({ tasks: [{ state, outcome }] })).not.toBe('proces_verbal');
  });
});

describe('inputs', () => {
  const errors = (schema: { safeParse: (v: unknown) => unknown }, value: unknown) => {
    const r = schema.safeParse(value) as { success: boolean; error?: { issues: never[] } };
    return r.success ? {} : fieldErrors(r.error!);
  };
  it('a decision needs a motive', () => {
    const requestId = '3f7a3b1e-8c1a-4a7e-9a55-0b8f4f1f2c33';
    expect(errors(eliminationDecisionInput, { requestId, motive: '  ' })).toEqual({
      motive: 'Indiquez le motif de votre décision.',
    });
    expect(errors(eliminationDecisionInput, { requestId, motive: 'x'.repeat(1001) })).toEqual({
      motive: 'Le motif ne doit pas dépasser 1 000 caractères.',
    });
    expect(eliminationDecisionInput.parse({ requestId, motive: ' Délai échu. ' }).motive).toBe('Délai échu.');
  });
  it('rules: months and years within bounds, whole numbers', () => {
    const ok = { archiveAfterMonths: 24, demande_refusee: 2, aide: 10, suivi: 5 };
    expect(retentionRulesInput.parse(ok)).toEqual(ok);
    expect(errors(retentionRulesInput, { ...ok, archiveAfterMonths: 3 })).toEqual({
      archiveAfterMonths: 'Au moins 6 mois.',
    });
    expect(errors(retentionRulesInput, { ...ok, aide: 0 })).toEqual({ aide: 'Au moins 1 an.' });
    expect(errors(retentionRulesInput, { ...ok, suivi: 2.5 })).toEqual({
      suivi: 'Indiquez un nombre entier d’années.',
    });
    expect(errors(retentionRulesInput, { ...ok, demande_refusee: 101 })).toEqual({
      demande_refusee: 'Au plus 100 ans.',
    });
  });
  it('archives list: page, category, due filter', () => {
    expect(archivesListInput.parse({})).toEqual({ page: 1, eliminationDue: false });
    expect(archivesListInput.parse({ page: '2', category: 'aide', eliminationDue: true })).toEqual({
      page: 2,
      category: 'aide',
      eliminationDue: true,
    });
    expect(errors(archivesListInput, { category: 'autre' })).toEqual({ category: 'Catégorie inconnue.' });
  });
});
