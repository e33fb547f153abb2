import { describe, expect, it } from 'vitest';
import type { ApiClient } from '#lib/server/api.ts';
import { communeProblem, resolveCommune, resolveCommuneNames } from './lookup.server.ts';
import type { CommuneSummary } from './zone.ts';

const COMMUNES: CommuneSummary[] = [
  { code: '34145', nom: 'Lunel', codesPostaux: ['34400'], departement: '34' },
  { code: '34146', nom: 'Lunel-Viel', codesPostaux: ['34400'], departement: '34' },
  { code: '34151', nom: 'Marsillargues', codesPostaux: ['34590'], departement: '34' },
  { code: '01001', nom: 'Saint-Denis', codesPostaux: ['01000'], departement: '01' },
  { code: '93066', nom: 'Saint-Denis', codesPostaux: ['93200'], departement: '93' },
];

const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The two API calls the resolver makes, over a handful of communes (fuzzy = shares 4 letters). */
const api = {
  directory: {
    communes: {
      get: { query: async ({ codes }: { codes: string[] }) => COMMUNES.filter((c) => codes.includes(c.code)) },
      search: {
        query: async ({ q }: { q: string }) =>
          COMMUNES.filter((c) =>
            /^\d+$/.test(q)
              ? c.codesPostaux!.some((cp) => cp.startsWith(q)) || c.code.startsWith(q)
              : norm(c.nom).startsWith(norm(q)) || norm(c.nom).includes(norm(q).slice(0, 4)),
          ),
      },
    },
  },
} as unknown as ApiClient;

describe('resolveCommune', () => {
  it('takes an INSEE code, a name, a postcode or "Name (postcode)"', async () => {
    expect(await resolveCommune(api, '')).toEqual({ kind: 'empty' });
    expect(await resolveCommune(api, '34145')).toMatchObject({ kind: 'found', commune: { nom: 'Lunel' } });
    expect(await resolveCommune(api, 'lunel')).toMatchObject({ kind: 'found', commune: { code: '34145' } });
    expect(await resolveCommune(api, 'Lunel (34400)')).toMatchObject({ kind: 'found', commune: { code: '34145' } });
    expect(await resolveCommune(api, 'marsill')).toMatchObject({ kind: 'found', commune: { code: '34151' } });
    expect(await resolveCommune(api, '34590')).toMatchObject({ kind: 'found', commune: { code: '34151' } });
  });
  it('lists homonyms and postcodes shared by several communes', async () => {
    const homonyms = await resolveCommune(api, 'Saint-Denis');
    expect(homonyms.kind).toBe('ambiguous');
    expect(communeProblem(homonyms)).toMatch(
      /Plusieurs communes correspondent à « Saint-Denis » : Saint-Denis \(01000\)/,
    );
    expect((await resolveCommune(api, '34400')).kind).toBe('ambiguous');
  });
  it('never takes a near miss for the commune, only suggests it', async () => {
    const typo = await resolveCommune(api, 'Lunelxyz');
    expect(typo.kind).toBe('suggest');
    expect(communeProblem(typo)).toMatch(
      /Aucune commune ne s’appelle « Lunelxyz ». Vouliez-vous dire : Lunel \(34400\)/,
    );
    expect(communeProblem(await resolveCommune(api, 'Zzzz'))).toMatch(/Aucune commune ne correspond à « Zzzz »/);
    expect((await resolveCommune(api, '99999')).kind).toBe('unknown');
  });
  it('resolves the names of a zone typed without JavaScript', async () => {
    expect(await resolveCommuneNames(api, ['Lunel-Viel', 'Zzzz'])).toEqual({
      codes: ['34146'],
      problems: [expect.stringMatching(/« Zzzz »/)],
      unresolved: ['Zzzz'],
    });
  });
});
