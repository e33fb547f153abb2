import { describe, expect, it } from 'vitest';
import { withQuery } from './url';

describe('withQuery', () => {
  const url = new URL('https://ensemblier.test/orientations?statut=en_attente&page=3&q=dupont');

  it('changes one parameter and keeps the others', () => {
    expect(withQuery(url, { page: 4 })).toBe('/orientations?statut=en_attente&page=4&q=dupont');
  });
  it('removes empty parameters', () => {
    expect(withQuery(url, { page: null, q: '' })).toBe('/orientations?statut=en_attente');
  });
  it('does not mutate the source URL', () => {
    withQuery(url, { page: 9 });
    expect(url.searchParams.get('page')).toBe('3');
  });
  it('returns the bare path when nothing remains', () => {
    expect(withQuery(new URL('https://x.test/a?page=2'), { page: undefined })).toBe('/a');
  });
});
