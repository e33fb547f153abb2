import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_EXPORTED_PERSON_TABLES, PERSON_EXPORT_TABLES, type PersonExport } from '../src/persons/export.ts';
import { codeOf, inTerritory, type Browser } from './harness.ts';
import { pdfText } from './pdf-text.ts';
import {
  CIAS_ORG,
  ENTRAIDE_ORG,
  newPerson,
  PDF_BYTES,
  SSIAD_ORG,
  SSIAD_SERVICE,
  setupWorld,
  type World,
} from './referrals-helpers.ts';

const CLIC_ORG = 'CLIC Est Héraultais';
const SOINS = ['autonomie-domicile--soins-infirmiers-a-domicile'];

let w: World;
let personId: string;
let referralId: string;
const PERSON = { nom: 'Delacroix', prenom: 'Éléonore' };

const decode = (f: { contentBase64: string }) => Buffer.from(f.contentBase64, 'base64');

async function exportRows() {
  return inTerritory(
    w.h,
    (tx) => tx`SELECT action, details, user_id FROM audit_event
      WHERE action = 'person.export' AND person_id = ${personId} ORDER BY seq`,
  );
}

beforeAll(async () => {
  w = await setupWorld();
  // Entraide creates the file and refers the person to the SSIAD, with an attachment; the SSIAD
  // accepts (it joins the follow-up group).
  personId = await newPerson(w.entraide, { ...PERSON, dateNaissance: '1941-03-07' });
  ({ id: referralId } = await w.entraide.trpc.referrals.create.mutate({
    idempotencyKey: crypto.randomUUID(),
    personId,
    recipients: [{ kind: 'service', serviceId: w.services[SSIAD_SERVICE]! }],
    thematiques: SOINS,
    motif: 'Soins après une hospitalisation',
    consent: { mode: 'oral', occurredOn: '2026-01-10' },
    attachments: [{ fileName: 'ordonnance-du-medecin.pdf', contentBase64: PDF_BYTES.toString('base64') }],
  }));
  const referral = await w.ssiad.trpc.referrals.get.query({ referralId });
  const task = referral.tasks[0]!;
  await w.entraide.trpc.referrals.postMessage.mutate({ taskId: task.id, body: 'Message au sujet du passage' });
  const seen = await w.ssiad.trpc.referrals.get.query({ referralId });
  await w.ssiad.trpc.referrals.transition.mutate({
    taskId: task.id,
    version: seen.tasks[0]!.version,
    action: 'accept',
  });

  // Timeline entries of every visibility, from several organisations, one sensitive.
  await w.entraide.trpc.persons.timeline.add.mutate({
    personId,
    type: 'note',
    visibility: 'privee',
    title: 'Note privée de l’Entraide',
    body: 'Seule l’Entraide la lit.',
  });
  await w.ssiad.trpc.persons.timeline.add.mutate({
    personId,
    type: 'visite',
    visibility: 'groupe',
    title: 'Visite partagée du SSIAD',
    body: 'Passage à domicile.',
  });
  await w.ssiad.trpc.persons.timeline.add.mutate({
    personId,
    type: 'entretien',
    visibility: 'privee',
    sensitiveCategory: 'sante',
    title: 'Soins confidentiels',
    body: 'Traitement en cours.',
  });
  await w.coordination.trpc.persons.timeline.add.mutate({
    personId,
    type: 'note',
    visibility: 'ccas',
    title: 'Note réservée au CCAS',
    body: 'Pour la coordination.',
  });

  // An objection to the CLIC, recorded by the Entraide.
  await w.entraide.trpc.persons.recordConsent.mutate({
    personId,
    kind: 'objection',
    mode: 'ecrit',
    occurredOn: '2026-01-12',
    organisationIds: [w.orgs[CLIC_ORG]!],
  });

  // Situation, household, budget and a task (written directly: their own procedures are tested
  // elsewhere).
  await inTerritory(w.h, async (tx) => {
    const [u] = await tx`SELECT id FROM app_user WHERE email = 'responsable.entraide@demo.ensemblier.fr'`;
    const [c] = await tx`SELECT id FROM app_user WHERE email = 'coordination@demo.ensemblier.fr'`;
    const org = w.orgs[ENTRAIDE_ORG]!;
    const t = w.h.territoryId;
    await tx`INSERT INTO person_situation (territory_id, person_id, situation_familiale, logement_type, gir,
      updated_by_user_id, updated_by_organisation_id)
      VALUES (${t}, ${personId}, 'veuf', 'appartement', 4, ${u!.id}, ${org})`;
    const [m] =
      await tx`INSERT INTO household_member (territory_id, person_id, relation, prenom, nom, updated_by_user_id)
      VALUES (${t}, ${personId}, 'petit_enfant', 'Lucas', 'Delacroix', ${u!.id}) RETURNING id`;
    await tx`INSERT INTO person_budget_line (territory_id, person_id, household_member_id, kind, type, amount_cents,
      updated_by_user_id) VALUES (${t}, ${personId}, NULL, 'ressource', 'retraite', 123456, ${u!.id}),
      (${t}, ${personId}, ${m!.id}, 'charge', 'loyer', 45000, ${u!.id})`;
    await tx`INSERT INTO person_task (territory_id, person_id, title, due_on, assignee_user_id,
      assignee_organisation_id, author_user_id, author_organisation_id)
      VALUES (${t}, ${personId}, 'Rappeler pour le dossier APA', '2026-02-01', ${c!.id}, ${w.orgs[CIAS_ORG]!},
        ${u!.id}, ${org})`;
  });

  // The register of vulnerable people (issue 7): the export carries the person's registrations.
  await w.coordination.trpc.visits.register.create.mutate({
    personId,
    requestedBy: 'personne',
    consentMode: 'oral',
    consentOn: '2026-01-10',
    situation: 'age_65',
    adresse: '3 rue du Registre',
    telephones: [{ numero: '0467112233', type: 'fixe' }],
  });
  // A visit programme and a visit (issue 7): the export carries them.
  const { programmeId } = await w.coordination.trpc.visits.programmes.create.mutate({
    personId,
    visitorUserIds: [
      (
        await inTerritory(
          w.h,
          (tx) => tx<{ id: string }[]>`SELECT id FROM app_user
      WHERE email = 'benevole@demo.ensemblier.fr'`,
        )
      )[0]!.id,
    ],
    recurrence: 'semaine',
    startsOn: '2026-01-12',
  });
  await w.volunteer.trpc.visits.log.mutate({
    clientId: '6f1c1e9a-3b0e-4c55-9d2a-0a0b0c0d0e0f',
    personId,
    programmeId,
    kind: 'appel',
    outcome: 'realisee',
    occurredAt: w.h.clock.now(),
    mood: 4,
    needs: ['courses'],
  });
  // A heatwave campaign (issue 7): the person is on its call list and is called.
  const { campaignId } = await w.coordination.trpc.visits.campaigns.create.mutate({
    type: 'canicule',
    startsAt: w.h.clock.now(),
    escalationDelayHours: 4,
    callerUserIds: [
      (
        await inTerritory(
          w.h,
          (tx) => tx<{ id: string }[]>`SELECT id FROM app_user WHERE email = 'benevole@demo.ensemblier.fr'`,
        )
      )[0]!.id,
    ],
  });
  await w.volunteer.trpc.visits.campaigns.logCall.mutate({
    clientId: '7a2d2f0b-4c1f-4d66-8e3b-1b2c3d4e5f60',
    campaignId,
    personId,
    outcome: 'joint',
    occurredAt: w.h.clock.now(),
  });

  // A demande d'aide (issue 6), instructed by the CCAS from the file.
  const commission = await w.coordination.trpc.commissions.config.create.mutate({
    name: 'Commission d’aide alimentaire (droits)',
    aidKinds: ['colis_alimentaire'],
    envelopes: [],
    members: [],
  });
  const prefill = await w.coordination.trpc.commissions.demandes.prefill.query({ personId });
  await w.coordination.trpc.commissions.demandes.create.mutate({
    personId,
    commissionTypeId: commission.id,
    aidKind: 'colis_alimentaire',
    objet: 'Aide pour les courses du mois',
    montantDemandeCents: '80,00',
    // Members whose birth date is unknown stay out of the demande (the barème needs it).
    household: prefill.household
      .filter((m) => m.birthDate)
      .map((m) => ({ relation: m.relation, birthDate: m.birthDate, aCharge: m.aCharge })),
    lines: prefill.lines,
  });

  // Reads of the file.
  await w.ssiad.trpc.persons.get.query({ personId });
  await w.coordination.trpc.persons.get.query({ personId });
});
afterAll(() => w.h.close());

describe('information notice', () => {
  it('a blank notice is a PDF in plain French: legal basis, objection, rights, retention, CCAS contact', async () => {
    const file = await w.entraide.trpc.persons.rights.notice.query({});
    expect(file.mimeType).toBe('application/pdf');
    expect(file.fileName).toBe('notice-information.pdf');
    const { text, title } = await pdfText(decode(file));
    expect(title).toBe('Vos informations et vos droits');
    for (const phrase of [
      'Qu’est-ce qu’Ensemblier ?',
      'L. 121-6-2 du code de l’action sociale et des familles',
      'L. 1110-4 du code de la santé publique',
      'Vous pouvez vous opposer au partage, à tout moment',
      'Rectification',
      'après 24 mois sans aucune activité',
      '10 ans pour un dossier d’aide',
      CIAS_ORG,
      'Page 1 sur',
    ]) {
      expect(text).toContain(phrase);
    }
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT person_id FROM audit_event WHERE action = 'person.notice' ORDER BY seq DESC LIMIT 1`,
    );
    expect(row!.person_id).toBeNull();
  });

  it('the notice states the territory’s own retention rules', async () => {
    await inTerritory(w.h, async (tx) => {
      const [u] = await tx`SELECT id FROM app_user WHERE email = 'admin@demo.ensemblier.fr'`;
      await tx`INSERT INTO retention_policy (territory_id, archive_after_months, updated_by_user_id)
        VALUES (${w.h.territoryId}, 36, ${u!.id})`;
      await tx`INSERT INTO retention_rule (territory_id, category, eliminate_after_years, updated_by_user_id)
        VALUES (${w.h.territoryId}, 'aide', 8, ${u!.id})`;
    });
    try {
      const { text } = await pdfText(decode(await w.entraide.trpc.persons.rights.notice.query({})));
      expect(text).toContain('après 36 mois sans aucune activité');
      expect(text).toContain('8 ans pour un dossier d’aide');
      expect(text).toContain('2 ans pour une demande refusée ou abandonnée');
    } finally {
      await inTerritory(w.h, async (tx) => {
        await tx`DELETE FROM retention_rule`;
        await tx`DELETE FROM retention_policy`;
      });
    }
  });

  it('a person’s notice names the person and the organisations of the group; audited with the reason', async () => {
    const file = await w.ssiad.trpc.persons.rights.notice.query({ personId });
    expect(file.fileName).toBe('notice-information-eleonore-delacroix.pdf');
    const { text } = await pdfText(decode(file));
    expect(text).toContain('Éléonore DELACROIX');
    expect(text).toContain(SSIAD_ORG);
    expect(text).toContain('Notice remise le');
    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT person_id, organisation_id, details FROM audit_event WHERE action = 'person.notice'
        ORDER BY seq DESC LIMIT 1`,
    );
    expect(row).toMatchObject({
      person_id: personId,
      organisation_id: w.orgs[SSIAD_ORG],
      details: { reason: 'orientation' },
    });
  });

  it('a volunteer or an organisation without access gets NOT_FOUND for a person; a volunteer FORBIDDEN for a blank notice', async () => {
    expect(await codeOf(w.volunteer.trpc.persons.rights.notice.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.clic.trpc.persons.rights.notice.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.volunteer.trpc.persons.rights.notice.query({}))).toBe('FORBIDDEN');
  });
});

describe('right of access export', () => {
  let data: PersonExport;

  it('the JSON export holds everything: every visibility from several organisations, consents, referrals, consultations', async () => {
    const file = await w.coordination.trpc.persons.rights.exportJson.query({ personId });
    expect(file.mimeType).toBe('application/json');
    expect(file.fileName).toMatch(/^droit-d-acces-eleonore-delacroix-\d{4}-\d{2}-\d{2}\.json$/);
    data = JSON.parse(decode(file).toString('utf8')) as PersonExport;
    expect(data.format).toBe('ensemblier.person-export');
    expect(data.person).toMatchObject({ id: personId, ...PERSON, dateNaissance: '1941-03-07' });

    expect(data.timeline.map((e) => [e.title, e.visibility, e.authorOrganisation, e.sensitiveCategory]).sort()).toEqual(
      [
        ['Note privée de l’Entraide', 'privee', ENTRAIDE_ORG, null],
        ['Note réservée au CCAS', 'ccas', CIAS_ORG, null],
        ['Soins confidentiels', 'privee', SSIAD_ORG, 'sante'],
        ['Visite partagée du SSIAD', 'groupe', SSIAD_ORG, null],
      ],
    );
    expect(data.consents.map((c) => c.kind).sort()).toEqual(['consentement', 'objection']);
    expect(data.consents.find((c) => c.kind === 'objection')!.organisations).toEqual([CLIC_ORG]);

    expect(data.referrals).toHaveLength(1);
    const r = data.referrals[0]!;
    expect(r.motif).toBe('Soins après une hospitalisation');
    expect(r.tasks[0]).toMatchObject({ recipientOrganisation: SSIAD_ORG, state: 'acceptee' });
    expect(r.events.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'accept']));
    expect(r.messages.map((m) => m.body)).toEqual(['Message au sujet du passage']);
    expect(r.attachments.map((a) => a.fileName)).toEqual(['ordonnance-du-medecin.pdf']);

    expect(data.followUpGroup.map((m) => m.organisation)).toContain(SSIAD_ORG);
    expect(data.access.map((a) => a.organisation)).toEqual(expect.arrayContaining([ENTRAIDE_ORG, SSIAD_ORG]));
    expect(data.situation[0]).toMatchObject({ situationFamiliale: 'veuf', gir: 4 });
    expect(data.household.map((h) => h.prenom)).toEqual(['Lucas']);
    expect(data.budget.map((b) => [b.type, b.monthlyAmountCents]).sort()).toEqual([
      ['loyer', 45000],
      ['retraite', 123456],
    ]);
    expect(data.tasks.map((t) => t.title)).toEqual(['Rappeler pour le dossier APA']);
    expect(data.register.map((r) => [r.status, r.situation, r.adresse, r.registeredByOrganisation])).toEqual([
      ['inscrite', 'age_65', '3 rue du Registre', CIAS_ORG],
    ]);

    const reads = data.consultations.filter((c) => c.action === 'person.read');
    expect(reads.map((c) => [c.organisation, c.reason])).toEqual(
      expect.arrayContaining([
        [SSIAD_ORG, 'orientation'],
        [CIAS_ORG, 'ccas'],
      ]),
    );
  });

  it('every person table of the export list has its key, filled for this person', () => {
    for (const [table, key] of Object.entries(PERSON_EXPORT_TABLES)) {
      const value = data[key];
      expect(value, `${table} → ${key}`).toBeDefined();
      if (Array.isArray(value)) expect(value.length, `${table} → ${key}`).toBeGreaterThan(0);
    }
  });

  it('the PDF export is readable French for the person: sections, formatted dates, every entry, no internal ids', async () => {
    const file = await w.coordination.trpc.persons.rights.exportPdf.query({ personId });
    expect(file.mimeType).toBe('application/pdf');
    expect(file.fileName).toMatch(/^droit-d-acces-eleonore-delacroix-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { text, title, pages } = await pdfText(decode(file));
    expect(title).toBe('Vos informations enregistrées');
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const phrase of [
      'Éléonore DELACROIX',
      'Votre identité',
      '7 mars 1941',
      'Veuf',
      'Petit-enfant',
      '1 234,56 €',
      'Note privée de l’Entraide',
      'Note réservée au CCAS',
      'Soins confidentiels',
      'information sensible : Santé',
      'Opposition de la personne',
      CLIC_ORG,
      'Soins après une hospitalisation',
      'ordonnance-du-medecin.pdf',
      'Message au sujet du passage',
      'Rappeler pour le dossier APA',
      'Vos demandes d’aide',
      'Aide pour les courses du mois',
      '80,00',
      'Le registre des personnes vulnérables',
      '65 ans et plus',
      'Qui a consulté votre dossier',
      'Orientation envoyée ou reçue',
      'Coordination du CCAS',
    ]) {
      expect(text).toContain(phrase);
    }
    expect(text).not.toContain(personId);
    expect(text).not.toContain(referralId);
  });

  it('each export is audited with its format', async () => {
    const rows = await exportRows();
    expect(rows.map((r) => r.details)).toEqual([{ format: 'json' }, { format: 'pdf' }]);
  });

  it('partners who see the file get FORBIDDEN, a volunteer or an organisation without access NOT_FOUND; nothing audited', async () => {
    const before = (await exportRows()).length;
    expect(await codeOf(w.ssiad.trpc.persons.rights.exportJson.query({ personId }))).toBe('FORBIDDEN');
    expect(await codeOf(w.entraide.trpc.persons.rights.exportPdf.query({ personId }))).toBe('FORBIDDEN');
    expect(await codeOf(w.volunteer.trpc.persons.rights.exportJson.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.clic.trpc.persons.rights.exportPdf.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.commission.trpc.persons.rights.exportJson.query({ personId }))).toBe('NOT_FOUND');
    expect(await codeOf(w.coordination.trpc.persons.rights.exportJson.query({ personId: crypto.randomUUID() }))).toBe(
      'NOT_FOUND',
    );
    expect(await exportRows()).toHaveLength(before);
  });
});

describe('rights overview', () => {
  it('says who may export and see the consultations, summarises the register; audited as a read', async () => {
    const coord = await w.coordination.trpc.persons.rights.overview.query({ personId });
    expect(coord).toMatchObject({ person: PERSON, canExport: true, canSeeConsultations: true });
    expect(coord.consents.total).toBe(2);
    expect(coord.consents.counts).toEqual({ information: 0, consentement: 1, objection: 1 });
    expect(coord.consents.latest[0]).toMatchObject({ kind: 'objection', organisations: [CLIC_ORG] });

    const ssiad: Browser = w.ssiad;
    const partner = await ssiad.trpc.persons.rights.overview.query({ personId });
    expect(partner).toMatchObject({ canExport: false, canSeeConsultations: false });
    expect(await codeOf(w.volunteer.trpc.persons.rights.overview.query({ personId }))).toBe('NOT_FOUND');

    const [row] = await inTerritory(
      w.h,
      (tx) => tx`SELECT action, details FROM audit_event WHERE person_id = ${personId} ORDER BY seq DESC LIMIT 1`,
    );
    expect(row).toMatchObject({ action: 'person.read', details: { reason: 'orientation' } });
  });
});

describe('merged files', () => {
  it('the export of a file holds what was held under the files merged into it, reads included', async () => {
    const duplicate = await newPerson(w.coordination, {
      nom: 'Delacroix',
      prenom: 'Eleonore',
      dateNaissance: '1941-03-07',
    });
    await w.coordination.trpc.persons.timeline.add.mutate({
      personId: duplicate,
      type: 'appel',
      visibility: 'groupe',
      title: 'Appel noté sur le doublon',
      body: '',
    });
    await w.coordination.trpc.persons.get.query({ personId: duplicate });
    const versions = await inTerritory(
      w.h,
      (tx) =>
        tx<{ id: string; version: number }[]>`SELECT id, version FROM person WHERE id IN (${personId}, ${duplicate})`,
    );
    const v = Object.fromEntries(versions.map((r) => [r.id, r.version]));
    await w.coordination.trpc.persons.merge.mutate({
      keptPersonId: personId,
      mergedPersonId: duplicate,
      keptVersion: v[personId]!,
      mergedVersion: v[duplicate]!,
    });

    const file = await w.coordination.trpc.persons.rights.exportJson.query({ personId });
    const data = JSON.parse(decode(file).toString('utf8')) as PersonExport;
    expect(data.person.mergedFileIds).toEqual([duplicate]);
    expect(data.timeline.map((e) => e.title)).toContain('Appel noté sur le doublon');
    // The duplicate's read stays on its own id in the audit trail: the export follows merged_into_id.
    const ownReads = await inTerritory(
      w.h,
      (tx) => tx`SELECT count(*)::int AS n FROM audit_event WHERE person_id = ${duplicate} AND action = 'person.read'`,
    );
    expect(ownReads[0]!.n).toBe(1);
    const reads = data.consultations.filter((c) => c.action === 'person.read' && c.organisation === CIAS_ORG);
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });
});

describe('catalogue guard', () => {
  it('every table holding person data is exported, or listed as not exported with a reason', async () => {
    const rows = await inTerritory(
      w.h,
      (tx) => tx<{ table_name: string }[]>`
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'person_id' AND t.table_type = 'BASE TABLE'
        UNION
        SELECT cl.relname::text FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid
        WHERE k.contype = 'f' AND k.confrelid = 'public.person'::regclass
        ORDER BY 1`,
    );
    const holding = rows.map((r) => r.table_name);
    const covered = new Set([...Object.keys(PERSON_EXPORT_TABLES), ...Object.keys(NOT_EXPORTED_PERSON_TABLES)]);
    expect(holding.filter((t) => !covered.has(t))).toEqual([]);
    // No stale entry: every exported table exists (the not-exported list may name a table of a
    // migration still to come).
    const all = await inTerritory(
      w.h,
      (tx) => tx<{ table_name: string }[]>`
        SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const existing = new Set(all.map((r) => r.table_name));
    expect(Object.keys(PERSON_EXPORT_TABLES).filter((t) => !existing.has(t))).toEqual([]);
  });
});
