import { describe, expect, it } from 'vitest';
import { formatClock, openingHoursLines, weeklyRules } from './opening-hours.ts';

describe('opening hours in plain French (parsed by the opening_hours library)', () => {
  it('reads weekly schedules', () => {
    expect(openingHoursLines('Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; Su off')).toEqual([
      { days: 'Du lundi au vendredi', hours: '9 h – 12 h et 14 h – 17 h 30' },
      { days: 'Samedi', hours: '9 h – 12 h' },
    ]);
    expect(openingHoursLines('Mo,We 08:30-12:00')).toEqual([{ days: 'Lundi et mercredi', hours: '8 h 30 – 12 h' }]);
    expect(openingHoursLines('Mo,We,Fr 14:00-16:00; PH off')).toEqual([
      { days: 'Lundi, mercredi et vendredi', hours: '14 h – 16 h' },
    ]);
    expect(openingHoursLines('24/7')).toEqual([{ days: 'Tous les jours', hours: '24 h sur 24' }]);
  });

  it('gives null for what is not a weekly schedule (the text is then shown as recorded)', () => {
    expect(openingHoursLines('Le mardi matin sur rendez-vous')).toBeNull();
    expect(openingHoursLines('')).toBeNull();
    expect(openingHoursLines(null)).toBeNull();
    expect(weeklyRules('"sur rendez-vous"')).toBeNull();
  });

  it('formats clock times the French way', () => {
    expect(formatClock('09:00')).toBe('9 h');
    expect(formatClock('14:30')).toBe('14 h 30');
  });
});
