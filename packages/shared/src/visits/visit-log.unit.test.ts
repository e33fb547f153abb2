import { describe, expect, it } from 'vitest';
import { canSeeEntry, DEFAULT_VISIBILITY, ENTRY_VISIBILITIES, TIMELINE_ENTRY_TYPES } from '../persons/file.ts';
import {
  MOOD_DESCRIPTION,
  MOOD_LABELS,
  MOOD_QUESTION,
  moodAccessibleLabel,
  MOODS,
  occurredAtError,
  resubmission,
  VISIT_KIND_LABELS,
  VISIT_KINDS,
  VISIT_NEED_LABELS,
  VISIT_NEEDS,
  VISIT_OUTCOME_LABELS,
  VISIT_OUTCOMES,
  visitEffects,
  visitLogInput,
} from './visit-log.ts';

const clientId = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
const personId = '3f2b8c1e-5d6a-4e7f-8a9b-0c1d2e3f4a5b';
const base = { clientId, personId, kind: 'visite', outcome: 'realisee', occurredAt: '2026-11-25T14:30:00+01:00' };

describe('visit vocabulary', () => {
  it('labels every kind, outcome (for a visit and a call), need and mood', () => {
    for (const k of VISIT_KINDS) {
      expect(VISIT_KIND_LABELS[k]).toMatch(/\S/);
      for (const o of VISIT_OUTCOMES) expect(VISIT_OUTCOME_LABELS[k][o]).toMatch(/\S/);
    }
    expect(VISIT_NEEDS).toEqual(['courses', 'isolement', 'sante', 'logement', 'chute', 'autre']);
    for (const n of VISIT_NEEDS) expect(VISIT_NEED_LABELS[n]).toMatch(/\S/);
    expect(MOODS).toEqual([1, 2, 3, 4, 5]);
    for (const m of MOODS) expect(MOOD_LABELS[m]).toMatch(/\S/);
  });
  it('the mood scale has a question, a description and a label per choice for screen readers', () => {
    expect(MOOD_QUESTION).toMatch(/\?$/);
    expect(MOOD_DESCRIPTION).toContain('1');
    expect(MOOD_DESCRIPTION).toContain('5');
    expect(moodAccessibleLabel(4)).toBe('4 sur 5 : Bien');
  });
});

describe('visitLogInput', () => {
  it('accepts a minimal record (few taps) and fills the defaults', () => {
    const v = visitLogInput.parse(base);
    expect(v).toEqual({
      clientId,
      personId,
      programmeId: null,
      kind: 'visite',
      outcome: 'realisee',
      occurredAt: new Date('2026-11-25T13:30:00Z'),
      durationMinutes: null,
      mood: null,
      needs: [],
      note: null,
      situationPreoccupante: false,
    });
  });
  it('requires a client-generated UUID', () => {
    expect(visitLogInput.safeParse({ ...base, clientId: undefined }).error!.issues[0]!.path).toEqual(['clientId']);
    expect(visitLogInput.safeParse({ ...base, clientId: 'visit-1' }).error!.issues[0]!.message).toBe(
      'Identifiant de saisie invalide.',
    );
  });
  it('checks duration, mood, needs and note', () => {
    const issue = (v: object) => visitLogInput.safeParse({ ...base, ...v }).error?.issues[0];
    expect(issue({ durationMinutes: 0 })!.path).toEqual(['durationMinutes']);
    expect(issue({ durationMinutes: 481 })!.message).toBe('La durée ne doit pas dépasser 8 heures.');
    expect(issue({ durationMinutes: 12.5 })!.path).toEqual(['durationMinutes']);
    expect(issue({ mood: 6 })!.message).toBe('Choisissez une note de 1 à 5.');
    expect(issue({ mood: 0 })!.path).toEqual(['mood']);
    expect(issue({ needs: ['argent'] })!.message).toBe('Besoin inconnu.');
    expect(issue({ note: 'x'.repeat(501) })!.path).toEqual(['note']);
    expect(issue({ kind: 'courrier' })!.path).toEqual(['kind']);
    expect(issue({ outcome: 'annulee' })!.path).toEqual(['outcome']);
    expect(issue({ durationMinutes: 45, mood: 4, needs: ['courses'], note: 'Frigo vide' })).toBeUndefined();
  });
  it('no mood for an absent person', () => {
    expect(visitLogInput.safeParse({ ...base, outcome: 'absente', mood: 3 }).error!.issues[0]!.path).toEqual(['mood']);
    expect(visitLogInput.safeParse({ ...base, outcome: 'refusee', mood: 2 }).success).toBe(true);
    expect(
      visitLogInput.safeParse({ ...base, outcome: 'absente', situationPreoccupante: true, needs: ['chute'] }).success,
    ).toBe(true);
  });
  it('« autre » need asks for a note; needs are de-duplicated in a fixed order', () => {
    expect(visitLogInput.safeParse({ ...base, needs: ['autre'] }).error!.issues[0]!.path).toEqual(['note']);
    expect(visitLogInput.parse({ ...base, needs: ['chute', 'courses', 'chute'] }).needs).toEqual(['courses', 'chute']);
  });
  it('parsing what was parsed gives the same record (the queue stores parsed records and sends them again)', () => {
    const once = visitLogInput.parse({ ...base, mood: 5, needs: ['sante'], note: ' Toux ', durationMinutes: 30 });
    const wire = JSON.parse(JSON.stringify(once));
    expect(visitLogInput.parse(wire)).toEqual(once);
  });
  it('strips keys it does not know (the phone sends nothing else)', () => {
    const v = visitLogInput.parse({ ...base, nom: 'Martin', adresse: '12 rue des Lilas' });
    expect(v).not.toHaveProperty('nom');
    expect(v).not.toHaveProperty('adresse');
  });
});

describe('occurredAtError', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('accepts now, a phone clock a few minutes ahead, and a visit of last week', () => {
    expect(occurredAtError(now, now)).toBeNull();
    expect(occurredAtError(new Date('2026-11-25T12:09:00Z'), now)).toBeNull();
    expect(occurredAtError(new Date('2026-11-18T09:00:00Z'), now)).toBeNull();
  });
  it('refuses the future and a visit older than 31 days', () => {
    expect(occurredAtError(new Date('2026-11-25T12:11:00Z'), now)).toMatch(/futur/);
    expect(occurredAtError(new Date('2026-10-24T11:59:00Z'), now)).toMatch(/31 jours/);
  });
});

describe('resubmission (server idempotency by client id)', () => {
  it('the same author and person again: a duplicate, answered as a success', () => {
    expect(resubmission({ authorUserId: 'u1', personId: 'p1' }, { authorUserId: 'u1', personId: 'p1' })).toBe(
      'duplicate',
    );
  });
  it('the id used by another author or for another person: a conflict', () => {
    expect(resubmission({ authorUserId: 'u1', personId: 'p1' }, { authorUserId: 'u2', personId: 'p1' })).toBe(
      'conflict',
    );
    expect(resubmission({ authorUserId: 'u1', personId: 'p1' }, { authorUserId: 'u1', personId: 'p2' })).toBe(
      'conflict',
    );
  });
});

describe('visitEffects', () => {
  it('an ordinary visit produces no notification and no timeline entry', () => {
    expect(visitEffects(visitLogInput.parse({ ...base, needs: ['courses'], note: 'RAS' }))).toEqual({
      timelineEntry: null,
      notification: null,
    });
  });
  it('an alert notifies every coordinator once per client id, with no person data, and links to the file', () => {
    const visit = visitLogInput.parse({
      ...base,
      kind: 'appel',
      outcome: 'absente',
      needs: ['isolement'],
      note: 'Volets fermés depuis 3 jours, Mme Martin ne répond pas',
      situationPreoccupante: true,
    });
    const { notification } = visitEffects(visit);
    expect(notification).toEqual({
      kind: 'visit_alert',
      audience: { coordinators: true },
      dedupeKey: `visit-alert:${clientId}`,
      title: 'Situation préoccupante signalée',
      body: expect.stringContaining('un appel'),
      link: `/personnes/${personId}`,
    });
    expect(`${notification!.title} ${notification!.body}`).not.toMatch(/Martin|Volets|isolement/i);
    expect(visitEffects(visit).notification!.dedupeKey).toBe(notification!.dedupeKey);
  });
  it('an alert writes an « alerte » entry with visibility « ccas » that the timeline accepts', () => {
    const visit = visitLogInput.parse({
      ...base,
      mood: 2,
      needs: ['courses', 'isolement'],
      note: 'Frigo vide',
      durationMinutes: 20,
      situationPreoccupante: true,
    });
    const entry = visitEffects(visit).timelineEntry!;
    expect(entry).toEqual({
      personId,
      type: 'alerte',
      visibility: 'ccas',
      sensitiveCategory: null,
      title: 'Situation préoccupante signalée (visite)',
      body: [
        'Visite à domicile : Visite faite.',
        'La personne semblait : pas bien (2/5).',
        'Besoins remarqués : Courses, repas, Isolement.',
        'Note : Frigo vide',
      ].join('\n'),
      occurredAt: new Date('2026-11-25T13:30:00Z'),
    });
    expect(TIMELINE_ENTRY_TYPES).toContain(entry.type);
    expect(ENTRY_VISIBILITIES).toContain(entry.visibility);
    expect(entry.title.length).toBeLessThanOrEqual(200);
    // Not the type's default (« groupe »): an alert stays within the CCAS.
    expect(DEFAULT_VISIBILITY.alerte).not.toBe(entry.visibility);
    expect(canSeeEntry({ role: 'coordinator', relation: 'ccas' }, entry)).toBe(true);
    expect(canSeeEntry({ role: 'partner_worker', relation: 'group_member' }, entry)).toBe(false);
    expect(canSeeEntry({ role: 'volunteer', relation: 'volunteer' }, entry)).toBe(false);
  });
  it('health or a fall marks the entry « santé »', () => {
    for (const need of ['sante', 'chute'] as const) {
      const entry = visitEffects(
        visitLogInput.parse({ ...base, needs: [need], situationPreoccupante: true }),
      ).timelineEntry!;
      expect(entry.sensitiveCategory).toBe('sante');
      expect(canSeeEntry({ role: 'admin', relation: 'ccas' }, entry)).toBe(false);
      expect(canSeeEntry({ role: 'coordinator', relation: 'ccas' }, entry)).toBe(true);
    }
  });
});
