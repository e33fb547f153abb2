import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles.ts';
import {
  canSeeEntry,
  DEFAULT_VISIBILITY,
  ENTRY_VISIBILITIES,
  ENTRY_VISIBILITY_LABELS,
  SENSITIVE_CATEGORIES,
  SENSITIVE_CATEGORY_LABELS,
  TIMELINE_ENTRY_TYPE_LABELS,
  TIMELINE_ENTRY_TYPES,
  timelineAddInput,
  VIEWER_RELATIONS,
  viewerRelation,
  type EntryVisibility,
  type ViewerRelation,
} from './file.ts';

/**
 * The expected matrix, written by hand. One line per visibility × sensitive × relation; the
 * seven characters are the roles in ROLES order:
 *   admin, coordinator, partner_manager, partner_worker, volunteer, commission_member, archivist
 * ('x' = sees the entry, '.' = does not).
 */
const MATRIX = `
privee  plain     author_organisation  xxxx...
privee  plain     group_member         .......
privee  plain     ccas                 .......
privee  plain     non_member_partner   .......
privee  plain     volunteer            .......
privee  sensitive author_organisation  .xxx...
privee  sensitive group_member         .......
privee  sensitive ccas                 .......
privee  sensitive non_member_partner   .......
privee  sensitive volunteer            .......
groupe  plain     author_organisation  xxxx...
groupe  plain     group_member         xxxx...
groupe  plain     ccas                 xxxx...
groupe  plain     non_member_partner   .......
groupe  plain     volunteer            .......
groupe  sensitive author_organisation  .xxx...
groupe  sensitive group_member         .xxx...
groupe  sensitive ccas                 .xxx...
groupe  sensitive non_member_partner   .......
groupe  sensitive volunteer            .......
ccas    plain     author_organisation  xxxx...
ccas    plain     group_member         .......
ccas    plain     ccas                 xxxx...
ccas    plain     non_member_partner   .......
ccas    plain     volunteer            .......
ccas    sensitive author_organisation  .xxx...
ccas    sensitive group_member         .......
ccas    sensitive ccas                 .xxx...
ccas    sensitive non_member_partner   .......
ccas    sensitive volunteer            .......
`
  .trim()
  .split('\n')
  .map((line) => {
    const [visibility, sensitive, relation, roles] = line.trim().split(/\s+/) as [
      EntryVisibility,
      string,
      ViewerRelation,
      string,
    ];
    return { visibility, sensitive: sensitive === 'sensitive', relation, roles };
  });

describe('canSeeEntry', () => {
  it('the hand-written matrix covers every visibility × sensitivity × relation once', () => {
    expect(MATRIX).toHaveLength(ENTRY_VISIBILITIES.length * 2 * VIEWER_RELATIONS.length);
    const keys = new Set(MATRIX.map((m) => `${m.visibility}/${m.sensitive}/${m.relation}`));
    expect(keys.size).toBe(MATRIX.length);
    for (const m of MATRIX) expect(m.roles).toHaveLength(ROLES.length);
  });

  for (const m of MATRIX)
    for (const [i, role] of ROLES.entries())
      for (const category of m.sensitive ? SENSITIVE_CATEGORIES : [null]) {
        const expected = m.roles[i] === 'x';
        it(`${m.visibility}${category ? ` (${category})` : ''} × ${m.relation} × ${role}: ${expected ? 'shown' : 'hidden'}`, () => {
          expect(
            canSeeEntry({ role, relation: m.relation }, { visibility: m.visibility, sensitiveCategory: category }),
          ).toBe(expected);
        });
      }
});

describe('viewerRelation', () => {
  const author = { authorOrganisationId: 'a' };
  it('volunteer first, then author, CCAS, group member, others', () => {
    expect(viewerRelation({ role: 'volunteer', organisationId: 'a', organisationType: 'ccas' }, author, ['a'])).toBe(
      'volunteer',
    );
    expect(viewerRelation({ role: 'coordinator', organisationId: 'a', organisationType: 'ccas' }, author, [])).toBe(
      'author_organisation',
    );
    expect(viewerRelation({ role: 'coordinator', organisationId: 'c', organisationType: 'autre' }, author, [])).toBe(
      'ccas',
    );
    expect(viewerRelation({ role: 'partner_worker', organisationId: 'c', organisationType: 'cias' }, author, [])).toBe(
      'ccas',
    );
    expect(
      viewerRelation({ role: 'partner_worker', organisationId: 'g', organisationType: 'clic' }, author, ['g']),
    ).toBe('group_member');
    expect(
      viewerRelation({ role: 'partner_worker', organisationId: 'n', organisationType: 'clic' }, author, ['g']),
    ).toBe('non_member_partner');
  });
});

describe('timeline vocabulary', () => {
  it('labels every type, visibility and category, and defaults every type', () => {
    for (const t of TIMELINE_ENTRY_TYPES) {
      expect(TIMELINE_ENTRY_TYPE_LABELS[t]).toBeTruthy();
      expect(ENTRY_VISIBILITIES).toContain(DEFAULT_VISIBILITY[t]);
    }
    for (const v of ENTRY_VISIBILITIES) expect(ENTRY_VISIBILITY_LABELS[v]).toBeTruthy();
    for (const c of SENSITIVE_CATEGORIES) expect(SENSITIVE_CATEGORY_LABELS[c]).toBeTruthy();
  });
  it('validates an entry', () => {
    expect(timelineAddInput.safeParse({ personId: crypto.randomUUID(), type: 'appel', title: ' ' }).success).toBe(
      false,
    );
    const ok = timelineAddInput.parse({ personId: crypto.randomUUID(), type: 'appel', title: 'Appel' });
    expect(ok.body).toBe('');
    expect(ok.visibility).toBeUndefined();
  });
});
