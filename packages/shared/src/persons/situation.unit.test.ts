import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../auth/roles.ts';
import { VIEWER_RELATIONS, type ViewerRelation } from './file.ts';
import {
  budgetAddInput,
  budgetLineCategory,
  budgetTotals,
  budgetTypeLabel,
  canEditSituationCategory,
  canEditSituationField,
  canSeeSituationCategory,
  canSeeSituationField,
  centsToTyped,
  CHARGE_TYPE_LABELS,
  CHARGE_TYPES,
  householdAddInput,
  parseEuros,
  RESSOURCE_TYPE_LABELS,
  RESSOURCE_TYPES,
  SITUATION_CATEGORIES,
  SITUATION_FIELD_CATEGORIES,
  SITUATION_FIELD_LABELS,
  SITUATION_FIELDS,
  situationConsistencyErrors,
  situationUpdateInput,
  situationViewerRelation,
  visibleSituationCategories,
  type SituationCategory,
  type SituationValues,
} from './situation.ts';

/**
 * The expected matrices, written by hand. One line per category × relation; the six
 * characters are the roles of MATRIX_ROLES, in order ('x' = allowed, '.' = not). Any other
 * role (e.g. one added later) is allowed nothing.
 */
const MATRIX_ROLES: Role[] = [
  'admin',
  'coordinator',
  'partner_manager',
  'partner_worker',
  'volunteer',
  'commission_member',
];
const READ = `
courant  author_organisation  xxxx..
courant  group_member         xxxx..
courant  ccas                 xxxx..
courant  non_member_partner   ......
courant  volunteer            ......
sante    author_organisation  .xxx..
sante    group_member         .xxx..
sante    ccas                 .xxx..
sante    non_member_partner   ......
sante    volunteer            ......
justice  author_organisation  .xxx..
justice  group_member         .xxx..
justice  ccas                 .xxx..
justice  non_member_partner   ......
justice  volunteer            ......
dettes   author_organisation  .xxx..
dettes   group_member         .xxx..
dettes   ccas                 .xxx..
dettes   non_member_partner   ......
dettes   volunteer            ......
sejour   author_organisation  .xxx..
sejour   group_member         ......
sejour   ccas                 .xxx..
sejour   non_member_partner   ......
sejour   volunteer            ......
`;

const EDIT = `
courant  author_organisation  .xxx..
courant  group_member         .xxx..
courant  ccas                 .xxx..
courant  non_member_partner   ......
courant  volunteer            ......
sante    author_organisation  .xxx..
sante    group_member         .xxx..
sante    ccas                 .xxx..
sante    non_member_partner   ......
sante    volunteer            ......
justice  author_organisation  .xxx..
justice  group_member         .xxx..
justice  ccas                 .xxx..
justice  non_member_partner   ......
justice  volunteer            ......
dettes   author_organisation  .xxx..
dettes   group_member         .xxx..
dettes   ccas                 .xxx..
dettes   non_member_partner   ......
dettes   volunteer            ......
sejour   author_organisation  .xxx..
sejour   group_member         ......
sejour   ccas                 .xxx..
sejour   non_member_partner   ......
sejour   volunteer            ......
`;

function parse(matrix: string) {
  return matrix
    .trim()
    .split('\n')
    .map((line) => {
      const [category, relation, marks] = line.trim().split(/\s+/) as [SituationCategory, ViewerRelation, string];
      return { category, relation, marks };
    });
}

describe('the situation visibility matrix (category × relation × role)', () => {
  const read = parse(READ);
  const edit = parse(EDIT);

  it('covers every category × relation exactly once', () => {
    for (const rows of [read, edit]) {
      expect(rows).toHaveLength(SITUATION_CATEGORIES.length * VIEWER_RELATIONS.length);
      const keys = new Set(rows.map((r) => `${r.category}/${r.relation}`));
      expect(keys.size).toBe(rows.length);
      for (const r of rows) {
        expect(SITUATION_CATEGORIES).toContain(r.category);
        expect(VIEWER_RELATIONS).toContain(r.relation);
        expect(r.marks).toHaveLength(MATRIX_ROLES.length);
      }
    }
  });

  for (const { category, relation, marks } of read) {
    MATRIX_ROLES.forEach((role, i) => {
      const expected = marks[i] === 'x';
      it(`read ${category} — ${relation} — ${role}: ${expected ? 'sees' : 'hidden'}`, () => {
        expect(canSeeSituationCategory({ role, relation }, category)).toBe(expected);
      });
    });
  }

  for (const { category, relation, marks } of edit) {
    MATRIX_ROLES.forEach((role, i) => {
      const expected = marks[i] === 'x';
      it(`edit ${category} — ${relation} — ${role}: ${expected ? 'edits' : 'refused'}`, () => {
        expect(canEditSituationCategory({ role, relation }, category)).toBe(expected);
      });
    });
  }

  it('any other role reads and edits nothing', () => {
    for (const role of ROLES.filter((r) => !MATRIX_ROLES.includes(r)))
      for (const relation of VIEWER_RELATIONS)
        for (const category of SITUATION_CATEGORIES) {
          expect(canSeeSituationCategory({ role, relation }, category)).toBe(false);
          expect(canEditSituationCategory({ role, relation }, category)).toBe(false);
        }
  });

  it('nobody edits what they cannot read', () => {
    for (const role of ROLES)
      for (const relation of VIEWER_RELATIONS)
        for (const category of SITUATION_CATEGORIES)
          if (canEditSituationCategory({ role, relation }, category))
            expect(canSeeSituationCategory({ role, relation }, category)).toBe(true);
  });

  it('volunteers and commission members see no field, whatever the relation', () => {
    for (const role of ['volunteer', 'commission_member'] as const)
      for (const relation of VIEWER_RELATIONS) {
        expect(visibleSituationCategories({ role, relation })).toEqual([]);
        for (const field of SITUATION_FIELDS) expect(canSeeSituationField({ role, relation }, field)).toBe(false);
      }
  });
});

describe('fields and their categories', () => {
  it('tags GIR as santé, the protection measure as justice, the right to stay as séjour', () => {
    expect(SITUATION_FIELD_CATEGORIES.gir).toBe('sante');
    expect(SITUATION_FIELD_CATEGORIES.girEvaluatedOn).toBe('sante');
    expect(SITUATION_FIELD_CATEGORIES.protectionMesure).toBe('justice');
    expect(SITUATION_FIELD_CATEGORIES.protectionMandataire).toBe('justice');
    expect(SITUATION_FIELD_CATEGORIES.nationalite).toBe('sejour');
    expect(SITUATION_FIELD_CATEGORIES.titreSejourType).toBe('sejour');
    expect(SITUATION_FIELD_CATEGORIES.titreSejourFin).toBe('sejour');
    expect(SITUATION_FIELD_CATEGORIES.logementType).toBe('courant');
    for (const f of SITUATION_FIELDS) expect(SITUATION_FIELD_LABELS[f]).toMatch(/\S/);
  });

  it('field rules follow their category', () => {
    const worker = { role: 'partner_worker' as const, relation: 'group_member' as const };
    expect(canSeeSituationField(worker, 'gir')).toBe(true);
    expect(canSeeSituationField(worker, 'nationalite')).toBe(false);
    expect(canEditSituationField(worker, 'logementType')).toBe(true);
    const admin = { role: 'admin' as const, relation: 'ccas' as const };
    expect(canSeeSituationField(admin, 'logementType')).toBe(true);
    expect(canSeeSituationField(admin, 'protectionMesure')).toBe(false);
    expect(canEditSituationField(admin, 'logementType')).toBe(false);
  });

  it('a debt or arrears charge is dettes; other lines are ordinary', () => {
    expect(budgetLineCategory({ kind: 'charge', type: 'dette_impaye' })).toBe('dettes');
    expect(budgetLineCategory({ kind: 'charge', type: 'loyer' })).toBe('courant');
    expect(budgetLineCategory({ kind: 'ressource', type: 'rsa' })).toBe('courant');
  });

  it('every budget type has a French label', () => {
    for (const t of RESSOURCE_TYPES) expect(RESSOURCE_TYPE_LABELS[t]).toMatch(/\S/);
    for (const t of CHARGE_TYPES) expect(CHARGE_TYPE_LABELS[t]).toMatch(/\S/);
    expect(budgetTypeLabel('ressource', 'prime_activite')).toBe('Prime d’activité');
    expect(budgetTypeLabel('charge', 'dette_impaye')).toMatch(/Dette/);
  });
});

describe('the viewer’s relation to the file', () => {
  const file = { createdByOrganisationId: 'creator' };
  it('creator, CCAS, group member, other partner, volunteer', () => {
    const v = (role: (typeof ROLES)[number], organisationId: string, organisationType = 'association') =>
      situationViewerRelation({ role, organisationId, organisationType }, file, ['member']);
    expect(v('partner_worker', 'creator')).toBe('author_organisation');
    expect(v('coordinator', 'cias', 'cias')).toBe('ccas');
    expect(v('partner_worker', 'ccas-org', 'ccas')).toBe('ccas');
    expect(v('partner_worker', 'member')).toBe('group_member');
    expect(v('partner_worker', 'sender')).toBe('non_member_partner');
    expect(v('volunteer', 'creator')).toBe('volunteer');
  });
});

describe('amounts in euros', () => {
  it.each([
    ['1 234,56', 123456],
    ['1\u202f234,56 €', 123456],
    ['1234.5', 123450],
    ['80', 8000],
    ['1.234,56', 123456],
    ['0,01', 1],
  ])('%s → %i cents', (text, cents) => {
    expect(parseEuros(text)).toEqual({ cents });
  });

  it.each([
    ['', 'Indiquez le montant mensuel.'],
    ['douze', 'Indiquez un montant en euros, par exemple 1 234,56.'],
    ['-5', 'Indiquez un montant en euros, par exemple 1 234,56.'],
    ['12,345', 'Indiquez au plus deux chiffres après la virgule (les centimes).'],
    ['0', 'Le montant doit être supérieur à 0 €.'],
    ['1000000', 'Le montant mensuel ne peut pas dépasser 999 999,99 €.'],
  ])('%s is refused', (text, error) => {
    expect(parseEuros(text)).toEqual({ error });
  });

  it('typed back without losing cents', () => {
    expect(centsToTyped(123456)).toBe('1234,56');
    expect(centsToTyped(8000)).toBe('80');
    expect(centsToTyped(105)).toBe('1,05');
  });

  it('monthly totals and the difference', () => {
    expect(
      budgetTotals([
        { kind: 'ressource', amountCents: 98_000 },
        { kind: 'ressource', amountCents: 20_050 },
        { kind: 'charge', amountCents: 45_000 },
        { kind: 'charge', amountCents: 80_000 },
      ]),
    ).toEqual({ ressourcesCents: 118_050, chargesCents: 125_000, soldeCents: -6_950 });
    expect(budgetTotals([])).toEqual({ ressourcesCents: 0, chargesCents: 0, soldeCents: 0 });
  });
});

describe('inputs', () => {
  const personId = '00000000-0000-4000-8000-000000000001';

  it('an update keeps absent fields absent and clears empty ones', () => {
    const v = situationUpdateInput.parse({ personId, version: 0, logementType: 'maison', bailleurNom: '', gir: '3' });
    expect(v).toEqual({ personId, version: 0, logementType: 'maison', bailleurNom: null, gir: 3 });
    expect('situationFamiliale' in v).toBe(false);
  });

  it('French messages on the fields', () => {
    const r = situationUpdateInput.safeParse({ personId, version: 1, gir: 7, logementType: 'chateau' });
    expect(r.success).toBe(false);
    const issues = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(issues).toEqual({
      gir: 'Le GIR est un nombre de 1 à 6.',
      logementType: 'Choisissez un type de logement dans la liste.',
    });
  });

  it('rules between fields', () => {
    const empty = Object.fromEntries(SITUATION_FIELDS.map((f) => [f, null])) as SituationValues;
    expect(situationConsistencyErrors(empty)).toEqual([]);
    expect(
      situationConsistencyErrors({
        ...empty,
        girEvaluatedOn: '2026-01-01',
        protectionMandataire: 'UDAF',
        protectionMesure: 'aucune',
        titreSejourType: 'carte_resident',
        nationalite: 'francaise',
      }).map((e) => e.field),
    ).toEqual(['gir', 'protectionMesure', 'titreSejourType']);
    expect(
      situationConsistencyErrors({
        ...empty,
        gir: 4,
        girEvaluatedOn: '2026-01-01',
        protectionMesure: 'curatelle_renforcee',
        protectionMandataire: 'UDAF',
        nationalite: 'hors_union_europeenne',
        titreSejourType: 'carte_resident',
        titreSejourFin: '2030-01-01',
      }),
    ).toEqual([]);
  });

  it('a household member needs a relation and a first name; the birth date is typed JJ/MM/AAAA', () => {
    const ok = householdAddInput.parse({ personId, relation: 'enfant', prenom: ' Léa ', dateNaissance: '03/02/2015' });
    expect(ok).toEqual({
      personId,
      relation: 'enfant',
      prenom: 'Léa',
      nom: null,
      dateNaissance: '2015-02-03',
      aCharge: false,
    });
    const r = householdAddInput.safeParse({ personId, relation: 'voisin', prenom: '', dateNaissance: '01/01/2999' });
    const issues = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(issues).toEqual({
      relation: 'Indiquez le lien avec la personne.',
      prenom: 'Indiquez le prénom.',
      dateNaissance: 'La date de naissance doit être passée et postérieure à 1900.',
    });
  });

  it('a budget line’s type must belong to its kind; « autre » needs a label', () => {
    expect(
      budgetAddInput.safeParse({ personId, kind: 'ressource', type: 'loyer', amountCents: 100 }).error?.issues[0],
    ).toMatchObject({ path: ['type'], message: 'Choisissez un type dans la liste.' });
    expect(
      budgetAddInput.safeParse({ personId, kind: 'charge', type: 'autre', amountCents: 100 }).error?.issues[0],
    ).toMatchObject({ path: ['label'], message: 'Précisez de quelle charge il s’agit.' });
    expect(
      budgetAddInput.safeParse({ personId, kind: 'charge', type: 'loyer', amountCents: 0 }).error?.issues[0],
    ).toMatchObject({ path: ['amountCents'], message: 'Le montant doit être supérieur à 0 €.' });
    expect(
      budgetAddInput.parse({ personId, kind: 'charge', type: 'loyer', amountCents: 45_000, memberId: '' }),
    ).toEqual({ personId, kind: 'charge', type: 'loyer', amountCents: 45_000, memberId: null, label: null });
  });
});
