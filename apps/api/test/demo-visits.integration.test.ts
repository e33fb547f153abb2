import { describe, expect, it } from 'vitest';
import { setupApi } from './harness.ts';
import { seedDemoReferrals } from '../src/seed/referrals.ts';
import { seedDemoRegister } from '../src/seed/register.ts';
import { seedDemoVisits } from '../src/seed/visits.ts';

describe('demo visits', () => {
  it('gives the demo volunteer three programmes — late, due, due today — with a history, once', async () => {
    const h = await setupApi();
    try {
      const now = h.clock.now();
      await seedDemoReferrals(h.db.owner, h.territoryId, { now });
      await seedDemoRegister(h.db.owner, h.territoryId, { now });
      expect(await seedDemoVisits(h.db.owner, h.territoryId, { now })).toBe(3);
      expect(await seedDemoVisits(h.db.owner, h.territoryId, { now })).toBe(0);

      const volunteer = await h.as('benevole@demo.ensemblier.fr');
      const mine = await volunteer.trpc.visits.mine.query();
      const byName = new Map(mine.items.map((i) => [i.card.nom, i]));
      expect(byName.get('Fabre')).toMatchObject({ status: 'en_retard', recurrence: 'semaine' });
      expect(byName.get('Vidal')).toMatchObject({ status: 'aujourdhui', lastVisitOn: null });
      // Granier (every two weeks, last visit 12 days ago) is due in two days: this week or later.
      expect(mine.items.length).toBeGreaterThanOrEqual(2);

      const coordination = await h.as('coordination@demo.ensemblier.fr');
      const fabre = byName.get('Fabre')!;
      const programme = await coordination.trpc.visits.programmes.get.query({ programmeId: fabre.programmeId });
      expect(programme.visits).toHaveLength(8);
      expect(programme.visits.filter((v) => v.alert)).toHaveLength(1);
      expect(programme.visits.filter((v) => v.outcome === 'absente')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
