import { describe, expect, it } from 'vitest';
import { formatDelay, formatHours, monthChoices, monthLabel, periodParams } from './period.ts';

describe('the statistics period and figures', () => {
  it('offers 48 months ending with the current Paris month', () => {
    // 31 December 23:30 UTC is already 1 January in Paris.
    const months = monthChoices(new Date('2026-12-31T23:30:00Z'));
    expect(months).toHaveLength(48);
    expect(months[0]).toEqual({ value: '2027-01', label: 'janvier 2027' });
    expect(months[1]!.value).toBe('2026-12');
    expect(months[47]!.value).toBe('2023-02');
  });

  it('keeps only real months from the URL', () => {
    expect(periodParams(new URL('http://x/?du=2026-03&au=2026-13'))).toEqual({ from: '2026-03' });
    expect(periodParams(new URL('http://x/'))).toEqual({});
    expect(monthLabel('2026-08')).toBe('août 2026');
  });

  it('writes hours and delays in French', () => {
    expect(formatHours(150)).toBe('2,5 h');
    expect(formatDelay(null)).toBe('—');
    expect(formatDelay(35)).toBe('35 min');
    expect(formatDelay(75)).toBe('1 h 15');
    expect(formatDelay(120)).toBe('2 h');
    expect(formatDelay(3 * 1440 + 240)).toBe('3 j 4 h');
  });
});
