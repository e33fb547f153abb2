import { describe, expect, it } from 'vitest';
import {
  isIsoDate,
  isoAddDays,
  isoAddMonths,
  isoDaysBetween,
  isoEndOfWeek,
  monthLabel,
  parisDate,
  toIsoDate,
} from './dates.ts';

describe('parisDate', () => {
  it('takes the day of the Paris calendar, not of UTC', () => {
    // 23:30 UTC in winter is 00:30 the next day in Paris (UTC+1).
    expect(parisDate(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-15');
    expect(parisDate(new Date('2026-01-14T22:59:59Z'))).toBe('2026-01-14');
    // In summer Paris is UTC+2: 22:30 UTC is already the next day.
    expect(parisDate(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15');
    expect(parisDate(new Date('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
  });
  it('follows the daylight-saving changes (last Sundays of March and October 2026)', () => {
    // 29 March 2026: 01:00 UTC = 03:00 Paris (summer time).
    expect(parisDate(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(parisDate(new Date('2026-03-28T22:59:00Z'))).toBe('2026-03-28');
    // 25 October 2026: back to UTC+1.
    expect(parisDate(new Date('2026-10-25T22:59:00Z'))).toBe('2026-10-25');
    expect(parisDate(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });
  it('rejects an invalid instant', () => {
    expect(() => parisDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('calendar arithmetic', () => {
  it('recognises real dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-01')).toBe(false);
    expect(() => toIsoDate('31/01/2026')).toThrow(RangeError);
    expect(toIsoDate('2026-01-31')).toBe('2026-01-31');
  });
  it('adds days across months, years and daylight-saving changes', () => {
    expect(isoAddDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(isoAddDays('2026-03-25', 7)).toBe('2026-04-01');
    expect(isoAddDays('2026-10-22', 7)).toBe('2026-10-29');
    expect(isoAddDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('adds months, clamping to the last day of a shorter month', () => {
    expect(isoAddMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(isoAddMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(isoAddMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(isoAddMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(isoAddMonths('2026-01-15', -1)).toBe('2025-12-15');
  });
  it('counts whole days and finds the Sunday of the week', () => {
    expect(isoDaysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(isoDaysBetween('2026-03-30', '2026-03-28')).toBe(-2);
    expect(isoEndOfWeek('2026-11-23')).toBe('2026-11-29'); // Monday
    expect(isoEndOfWeek('2026-11-29')).toBe('2026-11-29'); // Sunday
    expect(isoEndOfWeek('2026-11-28')).toBe('2026-11-29'); // Saturday
  });
});

describe('monthLabel', () => {
  it('names a month in French, whatever the time zone', () => {
    expect(monthLabel('2026-08')).toBe('août 2026');
    expect(monthLabel('2027-01')).toBe('janvier 2027');
    expect(monthLabel('2026-12')).toBe('décembre 2026');
  });
});
