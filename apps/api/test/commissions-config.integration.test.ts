import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDemandeBudget, DEFAULT_BAREME } from '@ensemblier/shared';
import { seedDemoCommissions } from '../src/seed/commissions.ts';
import { seedDemoReferrals } from '../src/seed/referrals.ts';
import { seedDemoSituation } from '../src/seed/situation.ts';
import { codeOf, failure, inTerritory, type Browser } from './harness.ts';
import { setupWorld, type World } from './referrals-helpers.ts';

/**
 * Commission configuration (issue 6): coordinators and the administrator create and edit
 * commission types (aid kinds, yearly envelopes, members and capacities, quorum, barème), validated
 * by the shared schemas with French messages; members read their commission; everyone else is
 * refused; every write is audited.
 */

let w: World;
let admin: Browser;
let users: Record<string, string>;
const YEAR = 2026;
let seeded: Awaited<ReturnType<typeof seedDemoCommissions>>;

beforeAll(async () => {
  w = await setupWorld();
  // The demo story (persons with a situation), then the demo commissions.
  await seedDemoReferrals(w.h.db.owner, w.h.territoryId);
  await seedDemoSituation(w.h.db.owner, w.h.territoryId);
  seeded = await seedDemoCommissions(w.h.db.owner, w.h.territoryId, { now: w.h.clock.now() });
  admin = await w.h.as('admin@demo.ensemblier.fr');
  const rows = await inTerritory(w.h, (tx) => tx`SELECT id, email FROM app_user`);
  users = Object.fromEntries(rows.map((r) => [String(r.email).split('@')[0], r.id as string]));
});
afterAll(() => w.h.close());

const members = () => [
  { userId: users.commission!, voting: true, capacities: ['president' as const] },
  { userId: users.coordination!, voting: true, capacities: ['secretaire' as const, 'signataire' as const] },
  { userId: users['responsable.entraide']!, voting: true, capacities: [] },
];

const base = (name: string) => ({
  name,
  aidKinds: ['secours_financier' as const, 'colis_alimentaire' as const],
  envelopes: [{ aidKind: 'secours_financier' as const, year: YEAR, budgetCents: '12 000,00' }],
  members: members(),
  quorum: { kind: 'nombre' as const, minimum: 2, pouvoirsComptent: false },
});

describe('commission types', () => {
  let typeId: string;

  it('a coordinator creates a commission type; get returns members, envelopes, quorum and the default barème', async () => {
    const { id } = await w.coordination.trpc.commissions.config.create.mutate(base('Commission test config'));
    typeId = id;
    const t = await w.coordination.trpc.commissions.config.get.query({ commissionTypeId: id });
    expect(t.name).toBe('Commission test config');
    expect(t.aidKinds).toEqual(['secours_financier', 'colis_alimentaire']);
    expect(t.quorum).toEqual({ kind: 'nombre', minimum: 2, pouvoirsComptent: false });
    expect(t.bareme).toEqual(DEFAULT_BAREME);
    expect(t.envelopes).toEqual([
      expect.objectContaining({
        aidKind: 'secours_financier',
        year: YEAR,
        budgetCents: 1_200_000,
        consumedCents: 0,
        remainingCents: 1_200_000,
      }),
    ]);
    expect(t.members.map((m) => [m.email, m.voting, m.capacities]).sort()).toEqual(
      [
        ['commission@demo.ensemblier.fr', true, ['president']],
        ['coordination@demo.ensemblier.fr', true, ['secretaire', 'signataire']],
        ['responsable.entraide@demo.ensemblier.fr', true, []],
      ].sort(),
    );
    const audit = await inTerritory(
      w.h,
      (tx) => tx`SELECT action, user_id FROM audit_event WHERE object_id = ${id} ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['commission_type.create', 'commission_type.read']);
    expect(audit[0]!.user_id).toBe(users.coordination);
  });

  it('the administrator configures too; an edit changes the barème, quorum and envelopes, audited', async () => {
    const t = await admin.trpc.commissions.config.get.query({ commissionTypeId: typeId });
    const bareme = {
      ...DEFAULT_BAREME,
      echelle: { premierAdulte: 1, autreAdulte: 0.7, enfant: 0.5, ageAdulte: 14 },
    };
    await admin.trpc.commissions.config.update.mutate({
      ...base('Commission test config'),
      commissionTypeId: typeId,
      version: t.version,
      bareme,
      quorum: { kind: 'majorite', pouvoirsComptent: true },
      envelopes: [
        { aidKind: 'secours_financier', year: YEAR, budgetCents: 1_500_000 },
        { aidKind: 'colis_alimentaire', year: YEAR + 1, budgetCents: 0 },
      ],
    });
    const after = await admin.trpc.commissions.config.get.query({ commissionTypeId: typeId });
    expect(after.bareme.echelle).toEqual(bareme.echelle);
    expect(after.quorum).toEqual({ kind: 'majorite', pouvoirsComptent: true });
    expect(after.envelopes.map((e) => [e.aidKind, e.year, e.budgetCents])).toEqual([
      ['colis_alimentaire', YEAR + 1, 0],
      ['secours_financier', YEAR, 1_500_000],
    ]);
    expect(after.version).toBe(t.version + 1);
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT user_id FROM audit_event WHERE object_id = ${typeId} AND action = 'commission_type.update'`,
    );
    expect(row!.user_id).toBe(users.admin);
    // A stale version is refused.
    const stale = await failure(
      admin.trpc.commissions.config.update.mutate({
        ...base('Commission test config'),
        commissionTypeId: typeId,
        version: t.version,
      }),
    );
    expect(stale.data?.code).toBe('CONFLICT');
  });

  it('an envelope cannot go below what was granted, nor be removed once used', async () => {
    await inTerritory(
      w.h,
      (tx) => tx`UPDATE commission_envelope SET consumed_cents = 800000
        WHERE commission_type_id = ${typeId} AND aid_kind = 'secours_financier'`,
    );
    const below = await failure(
      w.coordination.trpc.commissions.config.update.mutate({
        ...base('Commission test config'),
        commissionTypeId: typeId,
        envelopes: [{ aidKind: 'secours_financier', year: YEAR, budgetCents: 500_000 }],
      }),
    );
    expect(below.data?.fieldErrors).toEqual({
      'envelopes.0.budgetCents': 'Le montant de l’enveloppe ne peut pas être inférieur à ce qui a déjà été accordé.',
    });
    const removed = await failure(
      w.coordination.trpc.commissions.config.update.mutate({
        ...base('Commission test config'),
        commissionTypeId: typeId,
        envelopes: [],
      }),
    );
    expect(removed.data?.code).toBe('CONFLICT');
    expect(removed.message).toContain('Secours financier');
    // And the database refuses an overspending consumption whatever the application does.
    const overspend = await inTerritory(w.h, async (tx) => {
      const r = await tx`UPDATE commission_envelope SET consumed_cents = consumed_cents + 800000
        WHERE commission_type_id = ${typeId} AND aid_kind = 'secours_financier'
          AND consumed_cents + 800000 <= budget_cents`;
      return r.count;
    });
    expect(overspend).toBe(0);
  });

  it('validation errors are in French and name the field', async () => {
    const noKind = await failure(w.coordination.trpc.commissions.config.create.mutate({ ...base('X1'), aidKinds: [] }));
    expect(noKind.data?.fieldErrors?.aidKinds).toBe('Choisissez au moins un type d’aide décidé par cette commission.');
    const outside = await failure(
      w.coordination.trpc.commissions.config.create.mutate({
        ...base('Commission hors sujet'),
        envelopes: [{ aidKind: 'micro_credit', year: YEAR, budgetCents: 100 }],
      }),
    );
    expect(outside.data?.fieldErrors?.['envelopes.0.aidKind']).toBe(
      'Cette enveloppe concerne un type d’aide que la commission ne décide pas.',
    );
    const twoPresidents = await failure(
      w.coordination.trpc.commissions.config.create.mutate({
        ...base('Commission deux présidents'),
        members: members().map((m) => ({ ...m, capacities: ['president' as const] })),
      }),
    );
    expect(twoPresidents.data?.fieldErrors?.members).toBe('La commission n’a qu’un président ou une présidente.');
    const quorum = await failure(
      w.coordination.trpc.commissions.config.create.mutate({
        ...base('Commission quorum impossible'),
        quorum: { kind: 'nombre', minimum: 5, pouvoirsComptent: false },
      }),
    );
    expect(quorum.data?.fieldErrors?.quorum).toBe(
      'Le quorum dépasse le nombre de membres votants : il ne pourrait jamais être atteint.',
    );
    const sameName = await failure(
      w.coordination.trpc.commissions.config.create.mutate(base('Commission test config')),
    );
    expect(sameName.data?.fieldErrors).toEqual({ name: 'Une commission porte déjà ce nom.' });
    const badTranche = await failure(
      w.coordination.trpc.commissions.config.create.mutate({
        ...base('Commission barème faux'),
        bareme: { ...DEFAULT_BAREME, tranches: [] },
      }),
    );
    expect(badTranche.data?.code).toBe('BAD_REQUEST');
  });

  it('members read their commission; partners, volunteers and members of other commissions do not configure', async () => {
    const mine = await w.commission.trpc.commissions.config.get.query({ commissionTypeId: typeId });
    expect(mine.canConfigure).toBe(false);
    const list = await w.commission.trpc.commissions.config.list.query();
    expect(list.items.map((i) => i.id)).toContain(typeId);
    expect(await codeOf(w.commission.trpc.commissions.config.create.mutate(base('Commission pirate')))).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(
        w.commission.trpc.commissions.config.update.mutate({ ...base('Piratage'), commissionTypeId: typeId }),
      ),
    ).toBe('NOT_FOUND');
    expect(await codeOf(w.entraide.trpc.commissions.config.create.mutate(base('Commission pirate')))).toBe('FORBIDDEN');
    // A partner sees the active types (to instruct a demande) but not their configuration.
    expect(await codeOf(w.ssiad.trpc.commissions.config.get.query({ commissionTypeId: typeId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.commissions.config.list.query())).toBe('FORBIDDEN');
    expect(await codeOf(w.volunteer.trpc.commissions.config.get.query({ commissionTypeId: typeId }))).toBe('NOT_FOUND');
    // A commission member not in this commission does not see it.
    const other = await w.coordination.trpc.commissions.config.create.mutate({
      ...base('Commission sans membre commission'),
      members: members()
        .filter((m) => m.userId !== users.commission)
        .map((m, i) => ({ ...m, capacities: i === 0 ? ['president' as const] : ['signataire' as const] })),
    });
    expect(await codeOf(w.commission.trpc.commissions.config.get.query({ commissionTypeId: other.id }))).toBe(
      'NOT_FOUND',
    );
  });

  it('an archived type leaves the partners’ list and takes no new demande', async () => {
    await w.coordination.trpc.commissions.config.archive.mutate({ commissionTypeId: typeId, archived: true });
    const partner = await w.entraide.trpc.commissions.config.list.query();
    expect(partner.items.map((i) => i.id)).not.toContain(typeId);
    const all = await w.coordination.trpc.commissions.config.list.query({ includeArchived: true });
    expect(all.items.find((i) => i.id === typeId)?.archived).toBe(true);
    await w.coordination.trpc.commissions.config.archive.mutate({ commissionTypeId: typeId, archived: false });
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT count(*)::int AS n FROM audit_event WHERE object_id = ${typeId}
        AND action IN ('commission_type.archive', 'commission_type.restore')`,
    );
    expect(row!.n).toBe(2);
  });
});

describe('demo data', () => {
  it('two commission types with envelopes and members (commission@ présidente), four demandes in various states (once)', async () => {
    expect(seeded).toEqual({ commissions: 2, demandes: 4, skipped: false });
    expect(await seedDemoCommissions(w.h.db.owner, w.h.territoryId)).toMatchObject({ skipped: true });
    const mine = await w.commission.trpc.commissions.config.list.query();
    expect(mine.items.filter((i) => i.isMember).map((i) => i.name)).toEqual(
      expect.arrayContaining(['Commission d’aide alimentaire', 'Commission des aides facultatives']),
    );
    const facultatives = mine.items.find((i) => i.name === 'Commission des aides facultatives')!;
    const t = await w.coordination.trpc.commissions.config.get.query({ commissionTypeId: facultatives.id });
    expect(t.envelopes.map((e) => e.aidKind)).toContain('secours_financier');
    expect(t.members.find((m) => m.email === 'commission@demo.ensemblier.fr')?.capacities).toContain('president');
    const list = await w.coordination.trpc.commissions.demandes.list.query({ limit: 50 });
    const demo = list.items.filter((i) => ['Benali', 'Haddad', 'Roux', 'Fabre'].includes(i.person.nom));
    expect(demo.map((d) => d.state).sort()).toEqual(['complete', 'complete', 'en_instruction', 'en_instruction']);
    // A complete demo demande carries the shared barème's figures for its household and lines.
    const benali = await w.coordination.trpc.commissions.demandes.get.query({
      demandeId: demo.find((d) => d.person.nom === 'Benali')!.id,
    });
    const expected = computeDemandeBudget(
      { household: benali.household, lines: benali.lines, montantDemandeCents: benali.montantDemandeCents! },
      DEFAULT_BAREME,
      benali.deposeeLe,
    );
    expect(benali.figures).toEqual(JSON.parse(JSON.stringify(expected)));
    // Couple (1 + 0,5), Inès 14 years old in 2026 (0,5), Adam (0,3): 2,3 UC.
    expect(benali.figures!.uc.hundredths).toBe(230);
  });
});
