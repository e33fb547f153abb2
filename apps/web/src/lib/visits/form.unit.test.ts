import { describe, expect, it } from 'vitest';
import { visitLogInput } from '@ensemblier/shared';
import { fieldErrors, occurredAtOf, parisNoon, visitFormValues } from './form.ts';

const NOW = new Date('2026-07-15T08:30:00Z');
const ids = {
  clientId: '6f1c1a52-8c4f-4b8e-9a53-0d9d0f8d1a11',
  personId: '0b7f3c9e-5d1a-4e2b-8f6a-2c4d6e8f0a1b',
  programmeId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
};

function form(entries: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe('visitFormValues', () => {
  it('reads a visit filled in a few taps into a valid record', () => {
    const raw = visitFormValues(
      form([
        ['clientId', ids.clientId],
        ['personId', ids.personId],
        ['programmeId', ids.programmeId],
        ['kind', 'visite'],
        ['outcome', 'realisee'],
        ['day', '2026-07-15'],
        ['durationMinutes', '45'],
        ['mood', '2'],
        ['needs', 'courses'],
        ['needs', 'chute'],
        ['note', '  Volets fermés  '],
        ['situationPreoccupante', 'on'],
      ]),
      NOW,
    );
    const parsed = visitLogInput.parse(raw);
    expect(parsed).toMatchObject({
      ...ids,
      kind: 'visite',
      outcome: 'realisee',
      durationMinutes: 45,
      mood: 2,
      needs: ['courses', 'chute'],
      note: 'Volets fermés',
      situationPreoccupante: true,
    });
    expect(parsed.occurredAt.toISOString()).toBe(NOW.toISOString());
  });

  it('leaves optional fields empty and reports the missing choices in French', () => {
    const raw = visitFormValues(
      form([
        ['clientId', ids.clientId],
        ['personId', ids.personId],
      ]),
      NOW,
    );
    expect(raw).toMatchObject({ programmeId: null, durationMinutes: null, mood: null, needs: [], note: null });
    const result = visitLogInput.safeParse(raw);
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!.issues);
    expect(errors.kind).toBe('Indiquez s’il s’agit d’une visite ou d’un appel.');
    expect(errors.outcome).toBe('Indiquez comment s’est passée la visite.');
  });
});

describe('occurredAtOf', () => {
  it('today is now; an earlier day is noon in Paris (summer and winter offsets)', () => {
    expect(occurredAtOf('', NOW)).toBe(NOW);
    expect(occurredAtOf('2026-07-15', NOW)).toBe(NOW);
    expect((occurredAtOf('2026-07-13', NOW) as Date).toISOString()).toBe('2026-07-13T10:00:00.000Z');
    expect(parisNoon('2026-01-10').toISOString()).toBe('2026-01-10T11:00:00.000Z');
    expect(occurredAtOf('13/07/2026', NOW)).toBe('13/07/2026');
  });
});
