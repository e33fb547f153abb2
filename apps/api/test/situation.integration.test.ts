import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITUATION_CONFLICT_MESSAGE } from '@ensemblier/shared';
import { seedDemoReferrals } from '../src/seed/referrals.ts';
import { seedDemoSituation } from '../src/seed/situation.ts';
import { codeOf, failure, inTerritory, type Browser } from './harness.ts';
import {
  CLIC_SERVICE,
  newPerson,
  sendReferral,
  setupWorld,
  SSIAD_SERVICE,
  taskOf,
  type World,
} from './referrals-helpers.ts';

/**
 * « Situation et foyer » through the API: who reads which field (creator, group member, CCAS,
 * referral-only partner, admin, volunteer, commission member), edits, conflicts, validation,
 * audit rows and activity on the file.
 */
let w: World;
let admin: Browser;
let seeded: { persons: number; skipped: boolean };
/** Created by the association (Entraide); the CLIC is in its group; the SSIAD only has a pending referral. */
let personId: string;
const EVAL = ['autonomie-domicile--evaluation-plan-daide'];
const SOINS = ['autonomie-domicile--soins-infirmiers-a-domicile'];

/** The values of the sensitive fields, which must never reach those who may not read them. */
const SECRET = {
  mandataire: 'UDAF de l’Hérault',
  detteLabel: 'Arriéré de loyer Hérault Habitat',
  detteCents: 8_123,
  titreFin: '2027-06-30',
};

beforeAll(async () => {
  w = await setupWorld();
  // The demo story first (it is written only in a territory without referrals).
  await seedDemoReferrals(w.h.db.owner, w.h.territoryId);
  seeded = await seedDemoSituation(w.h.db.owner, w.h.territoryId);
  admin = await w.h.as('admin@demo.ensemblier.fr');
  personId = await newPerson(w.entraide);
  const clicReferral = await sendReferral(w.entraide, personId, w.services[CLIC_SERVICE]!, EVAL);
  const task = await taskOf(w.clic, clicReferral);
  await w.clic.trpc.referrals.transition.mutate({ taskId: task.id, version: task.version, action: 'accept' });
  await sendReferral(w.entraide, personId, w.services[SSIAD_SERVICE]!, SOINS);
});
afterAll(() => w.h.close());

const get = (b: Browser, id = personId) => b.trpc.persons.situation.get.query({ personId: id });
type Full = Extract<Awaited<ReturnType<typeof get>>, { access: 'complet' }>;
async function full(b: Browser, id = personId): Promise<Full> {
  const r = await get(b, id);
  if (r.access !== 'complet') throw new Error('expected the whole situation');
  return r;
}

async function audits(action: string, id = personId) {
  return inTerritory(
    w.h,
    (tx) => tx`SELECT user_id, details FROM audit_event WHERE action = ${action} AND person_id = ${id} ORDER BY seq`,
  );
}

describe('the demo data', () => {
  it('gives four demo persons a situation, a household, a budget and sensitive fields (once)', async () => {
    expect(seeded).toEqual({ persons: 4, skipped: false });
    expect(await seedDemoSituation(w.h.db.owner, w.h.territoryId)).toEqual({ persons: 0, skipped: true });
    const [benali] = await inTerritory(w.h, (tx) => tx`SELECT id FROM person WHERE nom = 'Benali'`);
    const s = await full(w.coordination, benali!.id as string);
    expect(s.situation).toMatchObject({
      logementStatut: 'locataire_social',
      bailleurOrganisationName: 'Habitat Sud Lunellois',
    });
    expect(s.household.map((m) => m.relation)).toEqual(['conjoint', 'enfant', 'enfant']);
    expect(s.budget.some((l) => l.category === 'dettes')).toBe(true);
    expect(s.totals.ressourcesCents).toBe(128_050 + 65_000 + 14_199 + 31_000);
    const [roux] = await inTerritory(w.h, (tx) => tx`SELECT id FROM person WHERE nom = 'Roux'`);
    expect((await full(w.coordination, roux!.id as string)).situation).toMatchObject({
      gir: 5,
      protectionMesure: 'curatelle_renforcee',
    });
    const [haddad] = await inTerritory(w.h, (tx) => tx`SELECT id FROM person WHERE nom = 'Haddad'`);
    expect((await full(w.coordination, haddad!.id as string)).situation).toMatchObject({
      nationalite: 'hors_union_europeenne',
      titreSejourType: 'carte_sejour_pluriannuelle',
    });
  });
});

describe('an empty situation', () => {
  it('the creator reads it, empty, and the read is audited with its reason', async () => {
    const before = (await audits('person.situation.read')).length;
    const s = await full(w.entraide);
    expect(s.person).toMatchObject({ id: personId, prenom: expect.any(String) });
    expect(s.relation).toBe('author_organisation');
    expect(s.situation.version).toBe(0);
    expect(s.situation.logementType).toBeNull();
    expect(s.household).toEqual([]);
    expect(s.budget).toEqual([]);
    expect(s.totals).toEqual({ ressourcesCents: 0, chargesCents: 0, soldeCents: 0 });
    expect(s.editableCategories).toEqual(['courant', 'sante', 'justice', 'dettes', 'sejour']);
    const rows = await audits('person.situation.read');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.details).toMatchObject({ reason: 'createur', shown: true });
  });
});

describe('the creator fills the situation', () => {
  it('records every section, then the household and the budget', async () => {
    const first = await w.entraide.trpc.persons.situation.update.mutate({
      personId,
      version: 0,
      situationFamiliale: 'marie',
      logementType: 'appartement',
      logementStatut: 'locataire_social',
      bailleurNom: 'Hérault Habitat',
      gir: 4,
      girEvaluatedOn: '15/01/2026',
      protectionMesure: 'curatelle_renforcee',
      protectionMandataire: SECRET.mandataire,
      nationalite: 'hors_union_europeenne',
      titreSejourType: 'carte_sejour_pluriannuelle',
      titreSejourFin: SECRET.titreFin,
      preferredContact: 'sms',
      contactBestTimes: 'Le matin avant 10 h',
    });
    expect(first.version).toBe(1);
    const spouse = await w.entraide.trpc.persons.situation.household.add.mutate({
      personId,
      relation: 'conjoint',
      prenom: 'Ahmed',
      nom: 'Benali',
      dateNaissance: '1950-03-02',
    });
    await w.entraide.trpc.persons.situation.household.add.mutate({
      personId,
      relation: 'enfant',
      prenom: 'Sami',
      dateNaissance: '12/05/2012',
      aCharge: true,
    });
    await w.entraide.trpc.persons.situation.budget.add.mutate({
      personId,
      kind: 'ressource',
      type: 'retraite',
      amountCents: 123_456,
    });
    await w.entraide.trpc.persons.situation.budget.add.mutate({
      personId,
      kind: 'ressource',
      type: 'aspa',
      amountCents: 20_000,
      memberId: spouse.id,
    });
    await w.entraide.trpc.persons.situation.budget.add.mutate({
      personId,
      kind: 'charge',
      type: 'loyer',
      amountCents: 45_000,
    });
    await w.entraide.trpc.persons.situation.budget.add.mutate({
      personId,
      kind: 'charge',
      type: 'dette_impaye',
      label: SECRET.detteLabel,
      amountCents: SECRET.detteCents,
    });

    const s = await full(w.entraide);
    expect(s.situation).toMatchObject({
      version: 1,
      situationFamiliale: 'marie',
      gir: 4,
      girEvaluatedOn: '2026-01-15',
      protectionMandataire: SECRET.mandataire,
      titreSejourFin: SECRET.titreFin,
      preferredContact: 'sms',
      contactBestTimes: 'Le matin avant 10 h',
      contactNotes: null,
    });
    expect(s.household.map((m) => [m.relation, m.prenom, m.dateNaissance, m.aCharge])).toEqual([
      ['conjoint', 'Ahmed', '1950-03-02', false],
      ['enfant', 'Sami', '2012-05-12', true],
    ]);
    expect(s.budget.find((l) => l.type === 'aspa')?.memberId).toBe(spouse.id);
    expect(s.totals).toEqual({
      ressourcesCents: 143_456,
      chargesCents: 45_000 + SECRET.detteCents,
      soldeCents: 143_456 - 45_000 - SECRET.detteCents,
    });
    expect(s.sensitiveLinesHidden).toBe(false);
    // The preferred contact is the file's own field: it moved with the person's version.
    const [p] = await inTerritory(
      w.h,
      (tx) => tx`SELECT preferred_contact, version FROM person WHERE id = ${personId}`,
    );
    expect(p).toEqual({ preferred_contact: 'sms', version: 2 });
  });
});

describe('who reads what (the visibility matrix through the API)', () => {
  const sejourFields = ['nationalite', 'titreSejourType', 'titreSejourFin'];
  const sensitiveFields = ['gir', 'girEvaluatedOn', 'protectionMesure', 'protectionMandataire'];

  it('the CCAS coordinator reads everything, the right to stay included', async () => {
    const s = await full(w.coordination);
    expect(s.relation).toBe('ccas');
    for (const f of [...sejourFields, ...sensitiveFields]) expect(s.situation).toHaveProperty(f);
    expect(s.budget.some((l) => l.category === 'dettes')).toBe(true);
  });

  it('a group member (CLIC) reads the household, budget and sensitive fields, not the right to stay', async () => {
    const s = await full(w.clic);
    expect(s.relation).toBe('group_member');
    for (const f of sensitiveFields) expect(s.situation).toHaveProperty(f);
    for (const f of sejourFields) expect(s.situation).not.toHaveProperty(f);
    expect(JSON.stringify(s)).not.toContain(SECRET.titreFin);
    expect(s.visibleCategories).toEqual(['courant', 'sante', 'justice', 'dettes']);
    expect(s.household).toHaveLength(2);
    expect(s.budget).toHaveLength(4);
  });

  it('a partner with only a referral (SSIAD) sees nothing of the situation', async () => {
    for (const b of [w.ssiad, w.infirmier]) {
      const r = await get(b);
      expect(r.access).toBe('aucun');
      expect(r).not.toHaveProperty('situation');
      expect(r).not.toHaveProperty('household');
      expect(r).not.toHaveProperty('budget');
      const text = JSON.stringify(r);
      for (const secret of [SECRET.mandataire, SECRET.detteLabel, SECRET.titreFin, 'Ahmed', 'Hérault Habitat'])
        expect(text).not.toContain(secret);
    }
    const rows = await audits('person.situation.read');
    expect(rows.at(-1)!.details).toMatchObject({ reason: 'orientation', shown: false });
  });

  it('volunteers and commission members get NOT_FOUND from every procedure (the commission member is of the creator organisation)', async () => {
    for (const b of [w.volunteer, w.commission]) {
      const calls: (() => Promise<unknown>)[] = [
        () => get(b),
        () => b.trpc.persons.situation.update.mutate({ personId, version: 1, logementType: 'maison' }),
        () => b.trpc.persons.situation.household.add.mutate({ personId, relation: 'autre', prenom: 'Intrus' }),
        () =>
          b.trpc.persons.situation.household.update.mutate({
            personId,
            memberId: crypto.randomUUID(),
            version: 1,
            relation: 'autre',
            prenom: 'Intrus',
          }),
        () => b.trpc.persons.situation.household.remove.mutate({ personId, memberId: crypto.randomUUID(), version: 1 }),
        () => b.trpc.persons.situation.budget.add.mutate({ personId, kind: 'charge', type: 'eau', amountCents: 100 }),
        () =>
          b.trpc.persons.situation.budget.update.mutate({
            personId,
            lineId: crypto.randomUUID(),
            version: 1,
            kind: 'charge',
            type: 'eau',
            amountCents: 100,
          }),
        () => b.trpc.persons.situation.budget.remove.mutate({ personId, lineId: crypto.randomUUID(), version: 1 }),
      ];
      for (const call of calls) expect(await codeOf(call())).toBe('NOT_FOUND');
    }
  });

  it('the territory admin reads the ordinary fields of a file its organisation holds, never the sensitive ones', async () => {
    const other = await newPerson(w.coordination);
    await w.coordination.trpc.persons.situation.update.mutate({
      personId: other,
      version: 0,
      logementType: 'maison',
      gir: 2,
      protectionMesure: 'tutelle',
      protectionMandataire: SECRET.mandataire,
    });
    await w.coordination.trpc.persons.situation.budget.add.mutate({
      personId: other,
      kind: 'charge',
      type: 'dette_impaye',
      label: SECRET.detteLabel,
      amountCents: SECRET.detteCents,
    });
    await w.coordination.trpc.persons.situation.budget.add.mutate({
      personId: other,
      kind: 'charge',
      type: 'energie',
      amountCents: 9_000,
    });
    const s = await full(admin, other);
    expect(s.situation.logementType).toBe('maison');
    for (const f of [...sensitiveFields, ...sejourFields]) expect(s.situation).not.toHaveProperty(f);
    expect(s.budget.map((l) => l.type)).toEqual(['energie']);
    expect(s.totals).toEqual({ ressourcesCents: 0, chargesCents: 9_000, soldeCents: -9_000 });
    expect(s.sensitiveLinesHidden).toBe(true);
    expect(s.editableCategories).toEqual([]);
    const text = JSON.stringify(s);
    expect(text).not.toContain(SECRET.mandataire);
    expect(text).not.toContain(SECRET.detteLabel);
    expect(text).not.toContain(String(SECRET.detteCents));
    // It changes nothing.
    expect(
      await codeOf(admin.trpc.persons.situation.update.mutate({ personId: other, version: 1, logementType: 'hotel' })),
    ).toBe('FORBIDDEN');
    const hidden = await inTerritory(
      w.h,
      (tx) => tx`SELECT id FROM person_budget_line WHERE person_id = ${other} AND type = 'dette_impaye'`,
    );
    expect(
      await codeOf(
        admin.trpc.persons.situation.budget.remove.mutate({ personId: other, lineId: hidden[0]!.id, version: 1 }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('another person’s file, unknown to the partner: NOT_FOUND', async () => {
    expect(await codeOf(get(w.clic, crypto.randomUUID()))).toBe('NOT_FOUND');
  });
});

describe('who edits', () => {
  it('a group member edits the ordinary and sensitive fields, not the right to stay', async () => {
    const s = await full(w.clic);
    const r = await w.clic.trpc.persons.situation.update.mutate({
      personId,
      version: s.situation.version,
      logementStatut: 'locataire_prive',
      gir: 3,
    });
    expect(r.version).toBe(s.situation.version + 1);
    expect(
      await codeOf(
        w.clic.trpc.persons.situation.update.mutate({ personId, version: r.version, nationalite: 'francaise' }),
      ),
    ).toBe('FORBIDDEN');
    const member = await w.clic.trpc.persons.situation.household.add.mutate({
      personId,
      relation: 'petit_enfant',
      prenom: 'Inès',
    });
    expect(member.version).toBe(1);
  });

  it('a partner with only a referral changes nothing', async () => {
    expect(
      await codeOf(w.ssiad.trpc.persons.situation.update.mutate({ personId, version: 3, logementType: 'maison' })),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        w.ssiad.trpc.persons.situation.budget.add.mutate({ personId, kind: 'charge', type: 'eau', amountCents: 100 }),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('conflicts and validation', () => {
  it('two edits from the same version: the second gets a French conflict message', async () => {
    const { situation } = await full(w.entraide);
    await w.entraide.trpc.persons.situation.update.mutate({
      personId,
      version: situation.version,
      contactNotes: 'Sonner deux fois',
    });
    const err = await failure(
      w.coordination.trpc.persons.situation.update.mutate({
        personId,
        version: situation.version,
        contactNotes: 'Appeler la fille',
      }),
    );
    expect(err.data?.code).toBe('CONFLICT');
    expect(err.message).toBe(SITUATION_CONFLICT_MESSAGE);
    expect((await full(w.entraide)).situation.contactNotes).toBe('Sonner deux fois');
    // A second creation of the situation (version 0) is a conflict too.
    const fresh = await newPerson(w.entraide);
    await w.entraide.trpc.persons.situation.update.mutate({ personId: fresh, version: 0, logementType: 'maison' });
    expect(
      await codeOf(
        w.entraide.trpc.persons.situation.update.mutate({ personId: fresh, version: 0, logementType: 'hotel' }),
      ),
    ).toBe('CONFLICT');
  });

  it('household members and budget lines carry their own version', async () => {
    const s = await full(w.entraide);
    const member = s.household[0]!;
    await w.entraide.trpc.persons.situation.household.update.mutate({
      personId,
      memberId: member.id,
      version: member.version,
      relation: member.relation,
      prenom: 'Ahmed',
      nom: 'Benali',
      dateNaissance: '1950-03-02',
      aCharge: true,
    });
    const stale = await failure(
      w.clic.trpc.persons.situation.household.update.mutate({
        personId,
        memberId: member.id,
        version: member.version,
        relation: 'conjoint',
        prenom: 'Ahmed',
      }),
    );
    expect(stale.data?.code).toBe('CONFLICT');
    expect(stale.message).toBe(SITUATION_CONFLICT_MESSAGE);
    const line = s.budget.find((l) => l.type === 'loyer')!;
    await w.entraide.trpc.persons.situation.budget.update.mutate({
      personId,
      lineId: line.id,
      version: line.version,
      kind: 'charge',
      type: 'loyer',
      amountCents: 47_000,
    });
    expect(
      await codeOf(
        w.clic.trpc.persons.situation.budget.remove.mutate({ personId, lineId: line.id, version: line.version }),
      ),
    ).toBe('CONFLICT');
    expect(
      await codeOf(
        w.entraide.trpc.persons.situation.budget.remove.mutate({ personId, lineId: crypto.randomUUID(), version: 1 }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('errors come back next to their fields, in French', async () => {
    const { situation } = await full(w.entraide);
    const gir = await failure(
      w.entraide.trpc.persons.situation.update.mutate({ personId, version: situation.version, gir: 9 }),
    );
    expect(gir.data?.fieldErrors).toEqual({ gir: 'Le GIR est un nombre de 1 à 6.' });
    const titre = await failure(
      w.entraide.trpc.persons.situation.update.mutate({
        personId,
        version: situation.version,
        nationalite: 'francaise',
      }),
    );
    expect(titre.data?.fieldErrors).toEqual({
      titreSejourType: 'Le titre de séjour ne concerne que les personnes de nationalité hors Union européenne.',
    });
    const type = await failure(
      w.entraide.trpc.persons.situation.budget.add.mutate({
        personId,
        kind: 'ressource',
        type: 'loyer',
        amountCents: 1,
      }),
    );
    expect(type.data?.fieldErrors).toEqual({ type: 'Choisissez un type dans la liste.' });
    const other = await newPerson(w.entraide);
    const stranger = await w.entraide.trpc.persons.situation.household.add.mutate({
      personId: other,
      relation: 'enfant',
      prenom: 'Autre',
    });
    const member = await failure(
      w.entraide.trpc.persons.situation.budget.add.mutate({
        personId,
        kind: 'ressource',
        type: 'salaire',
        amountCents: 100,
        memberId: stranger.id,
      }),
    );
    expect(member.data?.fieldErrors).toEqual({ memberId: 'Choisissez une personne du foyer dans la liste.' });
    const prenom = await failure(
      w.entraide.trpc.persons.situation.household.add.mutate({ personId, relation: 'enfant', prenom: ' ' }),
    );
    expect(prenom.data?.fieldErrors).toEqual({ prenom: 'Indiquez le prénom.' });
  });

  it('removing a member keeps their budget lines for the household', async () => {
    const s = await full(w.entraide);
    const spouse = s.household.find((m) => m.relation === 'conjoint')!;
    expect(s.budget.some((l) => l.memberId === spouse.id)).toBe(true);
    await w.entraide.trpc.persons.situation.household.remove.mutate({
      personId,
      memberId: spouse.id,
      version: spouse.version,
    });
    const after = await full(w.entraide);
    expect(after.household.map((m) => m.id)).not.toContain(spouse.id);
    expect(after.budget.find((l) => l.type === 'aspa')?.memberId).toBeNull();
  });
});

describe('audit and activity', () => {
  it('every write is audited, without the values', async () => {
    const rows = await inTerritory(
      w.h,
      (tx) => tx`SELECT action, details FROM audit_event
        WHERE person_id = ${personId} AND action LIKE 'person.situation.%' AND action <> 'person.situation.read'`,
    );
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'person.situation.update',
      'person.situation.household.add',
      'person.situation.household.update',
      'person.situation.household.remove',
      'person.situation.budget.add',
      'person.situation.budget.update',
    ])
      expect(actions).toContain(a);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(SECRET.mandataire);
    expect(text).not.toContain(SECRET.detteLabel);
    const update = rows.find((r) => r.action === 'person.situation.update')!;
    expect(update.details).toMatchObject({ fields: expect.arrayContaining(['gir', 'protectionMandataire']) });
  });

  const OLD = new Date('2020-01-01T00:00:00Z');
  const makeOld = (id: string) =>
    inTerritory(w.h, (tx) => tx`UPDATE person SET last_activity_at = ${OLD} WHERE id = ${id}`);
  const lastActivity = async (id: string) =>
    (await inTerritory(w.h, (tx) => tx`SELECT last_activity_at FROM person WHERE id = ${id}`))[0]!
      .last_activity_at as Date;
  /** Runs a write on a file made old, and says whether the file's last activity moved. */
  async function moves(id: string, write: () => Promise<unknown>): Promise<boolean> {
    await makeOld(id);
    await write();
    return (await lastActivity(id)).getTime() > OLD.getTime();
  }

  it('a read does not count as activity; every write does (insert, update in place, deletion)', async () => {
    const id = await newPerson(w.entraide);
    await makeOld(id);
    await get(w.entraide, id);
    expect(await lastActivity(id)).toEqual(OLD);
    const t = w.entraide.trpc.persons.situation;
    expect(await moves(id, () => t.update.mutate({ personId: id, version: 0, logementType: 'maison' }))).toBe(true);
    expect(await moves(id, () => t.update.mutate({ personId: id, version: 1, logementType: 'hotel' }))).toBe(true);
    let member = { id: '', version: 1 };
    expect(
      await moves(id, async () => {
        member = await t.household.add.mutate({ personId: id, relation: 'enfant', prenom: 'Léo' });
      }),
    ).toBe(true);
    expect(
      await moves(id, () =>
        t.household.update.mutate({
          personId: id,
          memberId: member.id,
          version: 1,
          relation: 'enfant',
          prenom: 'Léon',
        }),
      ),
    ).toBe(true);
    let line = { id: '', version: 1 };
    expect(
      await moves(id, async () => {
        line = await t.budget.add.mutate({ personId: id, kind: 'charge', type: 'eau', amountCents: 3_000 });
      }),
    ).toBe(true);
    expect(
      await moves(id, () =>
        t.budget.update.mutate({
          personId: id,
          lineId: line.id,
          version: 1,
          kind: 'charge',
          type: 'eau',
          amountCents: 3_500,
        }),
      ),
    ).toBe(true);
    expect(await moves(id, () => t.budget.remove.mutate({ personId: id, lineId: line.id, version: 2 }))).toBe(true);
    expect(await moves(id, () => t.household.remove.mutate({ personId: id, memberId: member.id, version: 2 }))).toBe(
      true,
    );
  });

  it('leaving the group ends the reading of the situation at once', async () => {
    await w.clic.trpc.persons.group.leave.mutate({ personId });
    expect(await codeOf(get(w.clic))).toBe('NOT_FOUND');
  });
});
