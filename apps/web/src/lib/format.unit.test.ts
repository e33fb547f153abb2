import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatDate,
  formatDateLong,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPhone,
  formatRelative,
  formatTime,
  plural,
} from './format';

/** Intl uses non-breaking spaces; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatDate', () => {
  it('formats a short French date', () => {
    expect(plain(formatDate(new Date('2026-11-23T10:00:00Z')))).toBe('23 nov. 2026');
  });
  it('uses Paris time, not UTC', () => {
    // 23:30 UTC on 22 Nov is already 23 Nov in Paris (UTC+1 in winter).
    expect(plain(formatDate('2026-11-22T23:30:00Z'))).toBe('23 nov. 2026');
  });
  it('keeps civil dates (YYYY-MM-DD) on their day', () => {
    expect(plain(formatDate('2026-11-23'))).toBe('23 nov. 2026');
    expect(plain(formatDate('2026-06-01'))).toBe('1 juin 2026');
  });
  it('returns an empty string for missing or invalid input', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('pas une date')).toBe('');
  });
  it('formats a long date', () => {
    expect(plain(formatDateLong('2026-11-23'))).toBe('lundi 23 novembre 2026');
  });
});

describe('formatTime', () => {
  it('formats "14 h 30" in Paris time (winter, UTC+1)', () => {
    expect(plain(formatTime('2026-11-23T13:30:00Z'))).toBe('14 h 30');
  });
  it('handles summer time (UTC+2) and single-digit hours', () => {
    expect(plain(formatTime('2026-07-01T07:05:00Z'))).toBe('9 h 05');
  });
  it('formats midnight as 0 h 00', () => {
    expect(plain(formatTime('2026-11-22T23:00:00Z'))).toBe('0 h 00');
  });
  it('combines date and time', () => {
    expect(plain(formatDateTime('2026-11-23T13:30:00Z'))).toBe('23 nov. 2026 à 14 h 30');
  });
});

describe('formatAmount', () => {
  it('formats euros with French separators', () => {
    expect(plain(formatAmount(1234.56))).toBe('1 234,56 €');
  });
  it('accepts cents and strings', () => {
    expect(plain(formatAmount(123456, { cents: true }))).toBe('1 234,56 €');
    expect(plain(formatAmount('87.5'))).toBe('87,50 €');
  });
  it('formats negative and whole amounts', () => {
    expect(plain(formatAmount(-20))).toBe('-20,00 €');
    expect(plain(formatAmount(1500, { whole: true }))).toBe('1 500 €');
  });
  it('returns an empty string for missing values', () => {
    expect(formatAmount(null)).toBe('');
    expect(formatAmount('abc')).toBe('');
  });
  it('uses non-breaking spaces so the amount never wraps', () => {
    expect(formatAmount(1234.56)).not.toMatch(/ /);
  });
});

describe('formatPhone', () => {
  it.each([
    ['0147295050', '01 47 29 50 50'],
    ['01.47.29.50.50', '01 47 29 50 50'],
    ['01 47 29 50 50', '01 47 29 50 50'],
    ['+33 1 47 29 50 50', '01 47 29 50 50'],
    ['0033147295050', '01 47 29 50 50'],
    ['06-12-34-56-78', '06 12 34 56 78'],
  ])('formats %s', (input, expected) => {
    expect(formatPhone(input)).toBe(expected);
  });
  it('returns other numbers as typed', () => {
    expect(formatPhone(' +44 20 7946 0958 ')).toBe('+44 20 7946 0958');
    expect(formatPhone('3975')).toBe('3975');
    expect(formatPhone(null)).toBe('');
  });
});

describe('numbers and words', () => {
  it('formats integers and percentages', () => {
    expect(plain(formatNumber(12345))).toBe('12 345');
    expect(plain(formatPercent(0.42))).toBe('42 %');
  });
  it('pluralises', () => {
    expect(plural(0, 'personne')).toBe('0 personne');
    expect(plural(1, 'personne')).toBe('1 personne');
    expect(plural(3, 'personne')).toBe('3 personnes');
  });
  it('formats relative times', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(formatRelative('2026-11-23T11:59:50Z', now)).toBe('à l’instant');
    expect(formatRelative('2026-11-20T12:00:00Z', now)).toBe('il y a 3 jours');
    expect(formatRelative('2026-11-23T14:00:00Z', now)).toBe('dans 2 heures');
  });
});
