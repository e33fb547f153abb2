import {
  can,
  CLEARED_AT_OPT_OUT,
  idSchema,
  optOutInput,
  parisDate,
  personIdInput,
  REGISTER_SITUATIONS,
  registerListInput,
  registrationInput,
  registrationUpdateInput,
} from '@ensemblier/shared';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, conflict, fieldError, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../../persons/access.ts';
import type { DownloadedFile } from '../../persons/procedures/rights.ts';
import { registerCsv, registerPdf } from '../register-export.ts';
import {
  registerJoins,
  registerSelect,
  registrationColumns,
  toRegistration,
  type RegisterEntryRow,
  type RegistrationView,
} from '../register-row.ts';

/**
 * The register of vulnerable people (registre nominatif, CASF L.121-6-1): coordinators only
 * (`register.manage`); anyone else gets FORBIDDEN before anything is read. A registration
 * refers to a person's file the coordinator sees (else NOT_FOUND). Every read and write is
 * audited with the person; the list and the prefecture export once per call (with counts).
 */

export const PAGE_SIZE = 25;

function requireRegister(ctx: TenantContext) {
  if (!can(ctx.actor, 'register.manage')) forbidden();
}

async function loadEntry(ctx: TenantContext, registrationId: string): Promise<RegistrationView | null> {
  const [row] = await ctx.tx<RegisterEntryRow[]>`
    SELECT ${registerSelect(ctx.tx)} FROM register_entry r ${registerJoins(ctx.tx)}
    WHERE r.id = ${registrationId}`;
  return row ? toRegistration(row) : null;
}

/** Register a person (from their file). One registration in force per person. */
export const create = authedProcedure.input(registrationInput).mutation(async ({ ctx, input }) => {
  requireRegister(ctx);
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  // Serialises two registrations of the same person.
  const [person] = await ctx.tx<{ status: string }[]>`
    SELECT status FROM person WHERE id = ${input.personId} FOR UPDATE`;
  if (!person) notFound();
  if (person.status !== 'active') conflict('Ce dossier n’est plus actif : la personne ne peut pas être inscrite.');
  const [current] = await ctx.tx`
    SELECT 1 FROM register_entry WHERE person_id = ${input.personId} AND status = 'inscrite'`;
  if (current) conflict('Cette personne est déjà inscrite au registre.');
  const now = ctx.clock.now();
  const values = {
    territory_id: ctx.territoryId,
    person_id: input.personId,
    ...registrationColumns(ctx.tx, input),
    registered_on: parisDate(now),
    registered_at: now,
    registered_by_user_id: ctx.actor.userId,
    registered_by_organisation_id: ctx.actor.organisationId,
    updated_at: now,
    updated_by_user_id: ctx.actor.userId,
  };
  const [row] = await ctx.tx<{ id: string }[]>`INSERT INTO register_entry ${ctx.tx(values)} RETURNING id`;
  await ctx.audit({
    action: 'register.create',
    objectType: 'register_entry',
    objectId: row!.id,
    personId: input.personId,
    details: { situation: input.situation, requestedBy: input.requestedBy },
  });
  return { registrationId: row!.id };
});

export const update = authedProcedure.input(registrationUpdateInput).mutation(async ({ ctx, input }) => {
  requireRegister(ctx);
  const [row] = await ctx.tx<{ person_id: string; status: string; version: number }[]>`
    SELECT person_id, status, version FROM register_entry WHERE id = ${input.registrationId} FOR UPDATE`;
  if (!row || !(await canSeePerson(ctx, row.person_id))) notFound();
  if (row.status !== 'inscrite')
    conflict('Cette personne a été radiée du registre : son inscription n’est plus modifiable.');
  if (row.version !== input.version)
    conflict('Cette inscription a été modifiée entre-temps. Rechargez la page pour voir la dernière version.');
  const { registrationId, version, ...fields } = input;
  const now = ctx.clock.now();
  const values = {
    ...registrationColumns(ctx.tx, fields),
    version: version + 1,
    updated_at: now,
    updated_by_user_id: ctx.actor.userId,
  };
  await ctx.tx`UPDATE register_entry SET ${ctx.tx(values)} WHERE id = ${registrationId}`;
  await ctx.audit({
    action: 'register.update',
    objectType: 'register_entry',
    objectId: registrationId,
    personId: row.person_id,
  });
  return { version: version + 1 };
});

/**
 * Radiation, at any time: the row stays (who, when, why, how) and the plan's data is cleared
 * (CLEARED_AT_OPT_OUT). A later registration is a new row.
 */
export const optOut = authedProcedure.input(optOutInput).mutation(async ({ ctx, input }) => {
  requireRegister(ctx);
  const [row] = await ctx.tx<{ person_id: string; status: string; version: number; registered_on: string }[]>`
    SELECT person_id, status, version, to_char(registered_on, 'YYYY-MM-DD') AS registered_on
    FROM register_entry WHERE id = ${input.registrationId} FOR UPDATE`;
  if (!row || !(await canSeePerson(ctx, row.person_id))) notFound();
  if (row.status !== 'inscrite') conflict('Cette personne est déjà radiée du registre.');
  if (input.on < row.registered_on)
    fieldError('on', 'La date de radiation ne peut pas précéder la date d’inscription.');
  const now = ctx.clock.now();
  const c = CLEARED_AT_OPT_OUT;
  const json = (v: unknown) => ctx.tx.json(v as never);
  await ctx.tx`
    UPDATE register_entry SET
      status = 'radiee', opted_out_on = ${input.on}, opted_out_at = ${now}, opted_out_by_user_id = ${ctx.actor.userId},
      opt_out_reason = ${input.reason}, opt_out_mode = ${input.mode}, opt_out_note = ${input.note},
      requester_name = ${c.requesterName}, requester_link = ${c.requesterLink}, isole = ${c.isole},
      adresse = ${c.adresse}, commune_insee = ${c.communeInsee}, secteur = ${c.secteur}, digicode = ${c.digicode},
      batiment = ${c.batiment}, etage = ${c.etage}, cles = ${c.cles}, acces_notes = ${c.accesNotes},
      telephones = ${json(c.telephones)}, contacts_urgence = ${json(c.contactsUrgence)}, medecin = NULL,
      services_domicile = ${json(c.servicesDomicile)},
      version = version + 1, updated_at = ${now}, updated_by_user_id = ${ctx.actor.userId}
    WHERE id = ${input.registrationId}`;
  // A radiated person leaves every programme at once (docs/visits.md).
  const ended = await ctx.tx`
    UPDATE visit_programme SET status = 'terminee', version = version + 1, updated_at = ${now}
    WHERE person_id = ${row.person_id} AND status <> 'terminee'`;
  // … and every open campaign's call list (its calls already logged stay: they happened).
  const leftCampaigns = await ctx.tx`
    DELETE FROM campaign_list_entry e USING campaign c
    WHERE c.id = e.campaign_id AND c.status = 'open' AND e.person_id = ${row.person_id}`;
  await ctx.audit({
    action: 'register.opt_out',
    objectType: 'register_entry',
    objectId: input.registrationId,
    personId: row.person_id,
    details: { reason: input.reason, programmesEnded: ended.count, campaignsLeft: leftCampaigns.count },
  });
  return { ok: true as const };
});

export const registrationIdInput = z.object({ registrationId: idSchema });

export const get = authedProcedure.input(registrationIdInput).query(async ({ ctx, input }) => {
  requireRegister(ctx);
  const entry = await loadEntry(ctx, input.registrationId);
  if (!entry || !(await canSeePerson(ctx, entry.personId))) notFound();
  await ctx.audit({
    action: 'register.read',
    objectType: 'register_entry',
    objectId: entry.id,
    personId: entry.personId,
  });
  return entry;
});

/** The person's registrations, newest first (the file's « Registre » link, the register form). */
export const forPerson = authedProcedure.input(personIdInput).query(async ({ ctx, input }) => {
  requireRegister(ctx);
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const [person] = await ctx.tx<
    { nom: string; prenom: string; adresse: string | null; commune_insee: string | null; telephone: string | null }[]
  >`
    SELECT nom, prenom, adresse, commune_insee, telephone FROM person WHERE id = ${input.personId}`;
  if (!person) notFound();
  const rows = await ctx.tx<RegisterEntryRow[]>`
    SELECT ${registerSelect(ctx.tx)} FROM register_entry r ${registerJoins(ctx.tx)}
    WHERE r.person_id = ${input.personId}
    ORDER BY r.status = 'inscrite' DESC, r.registered_at DESC, r.id`;
  const communes = await ctx.tx<{ code: string; nom: string }[]>`
    SELECT insee_code AS code, name AS nom FROM territory_commune ORDER BY name, insee_code`;
  await ctx.audit({
    action: 'register.read',
    objectType: 'person',
    objectId: input.personId,
    personId: input.personId,
    details: { registrations: rows.length },
  });
  return {
    person: {
      personId: input.personId,
      nom: person.nom,
      prenom: person.prenom,
      adresse: person.adresse,
      communeInsee: person.commune_insee,
      telephone: person.telephone,
    },
    registrations: rows.map(toRegistration),
    /** The territory's communes (the form's choice). */
    communes,
  };
});

const listInput = registerListInput.extend({
  situation: z.enum(REGISTER_SITUATIONS).optional(),
});

function listFilters(ctx: TenantContext, input: z.infer<typeof listInput>) {
  const tx = ctx.tx;
  return tx`
    ${input.status === 'toutes' ? tx`TRUE` : tx`r.status = ${input.status}`}
    ${input.situation ? tx`AND r.situation = ${input.situation}` : tx``}
    ${input.isole !== undefined ? tx`AND r.isole = ${input.isole}` : tx``}
    ${input.communeInsee ? tx`AND r.commune_insee = ${input.communeInsee}` : tx``}`;
}

/** The register, filtered (status, situation, commune, isolated), 25 a page, newest first. */
export const list = authedProcedure.input(listInput).query(async ({ ctx, input }) => {
  requireRegister(ctx);
  const [count] = await ctx.tx<{ total: number }[]>`
    SELECT count(*)::int AS total FROM register_entry r WHERE ${listFilters(ctx, input)}`;
  const total = count?.total ?? 0;
  const rows = await ctx.tx<RegisterEntryRow[]>`
    SELECT ${registerSelect(ctx.tx)} FROM register_entry r ${registerJoins(ctx.tx)}
    WHERE ${listFilters(ctx, input)}
    ORDER BY r.registered_at DESC, r.id
    OFFSET ${(input.page - 1) * PAGE_SIZE} LIMIT ${PAGE_SIZE}`;
  const communes = await ctx.tx<{ code: string; nom: string }[]>`
    SELECT DISTINCT r.commune_insee AS code, c.nom FROM register_entry r JOIN commune c ON c.code = r.commune_insee
    WHERE r.status = 'inscrite' ORDER BY c.nom`;
  await ctx.audit({
    action: 'register.list',
    objectType: 'register_entry',
    details: {
      results: rows.length,
      status: input.status,
      ...(input.situation ? { situation: input.situation } : {}),
      ...(input.isole !== undefined ? { isole: input.isole } : {}),
      ...(input.communeInsee ? { commune: input.communeInsee } : {}),
      ...(input.page > 1 ? { page: input.page } : {}),
    },
  });
  return {
    total,
    page: input.page,
    pageSize: PAGE_SIZE,
    communes,
    items: rows.map((r) => {
      const e = toRegistration(r);
      return {
        id: e.id,
        personId: e.personId,
        nom: e.nom,
        prenom: e.prenom,
        status: e.status,
        situation: e.situation,
        isole: e.isole,
        adresse: e.adresse,
        communeInsee: e.communeInsee,
        communeName: e.communeName,
        telephones: e.telephones,
        registeredOn: e.registeredOn,
        optedOutOn: e.optedOutOn,
      };
    }),
  };
});

export const exportInput = z.object({
  situation: z.enum(REGISTER_SITUATIONS).optional(),
  isole: z.boolean().optional(),
  communeInsee: z.string().trim().max(5).optional(),
});

/** Every registration in force for the prefecture, alphabetical. */
async function exportRows(ctx: TenantContext, input: z.infer<typeof exportInput>): Promise<RegistrationView[]> {
  const where = listFilters(ctx, { ...input, status: 'inscrite', page: 1 });
  const rows = await ctx.tx<RegisterEntryRow[]>`
    SELECT ${registerSelect(ctx.tx)} FROM register_entry r ${registerJoins(ctx.tx)}
    WHERE ${where}
    ORDER BY p.nom, p.prenom, r.id`;
  return rows.map(toRegistration);
}

function exportName(ctx: TenantContext, ext: string) {
  return `registre-${parisDate(ctx.clock.now())}.${ext}`;
}

async function auditExport(
  ctx: TenantContext,
  format: 'csv' | 'pdf',
  input: z.infer<typeof exportInput>,
  rows: RegistrationView[],
) {
  await ctx.audit({
    action: 'register.export',
    objectType: 'register_entry',
    details: {
      format,
      count: rows.length,
      ...(input.situation ? { situation: input.situation } : {}),
      ...(input.isole !== undefined ? { isole: input.isole } : {}),
      ...(input.communeInsee ? { commune: input.communeInsee } : {}),
    },
  });
}

export const exportCsv = authedProcedure.input(exportInput).query(async ({ ctx, input }): Promise<DownloadedFile> => {
  requireRegister(ctx);
  const rows = await exportRows(ctx, input);
  await auditExport(ctx, 'csv', input, rows);
  return {
    fileName: exportName(ctx, 'csv'),
    mimeType: 'text/csv; charset=utf-8',
    contentBase64: registerCsv(rows).toString('base64'),
  };
});

export const exportPdf = authedProcedure.input(exportInput).query(async ({ ctx, input }): Promise<DownloadedFile> => {
  requireRegister(ctx);
  const rows = await exportRows(ctx, input);
  const [territory] = await ctx.tx<{ name: string }[]>`SELECT name FROM territory`;
  const bytes = await registerPdf(rows, { territoryName: territory!.name, generatedAt: ctx.clock.now() });
  await auditExport(ctx, 'pdf', input, rows);
  return { fileName: exportName(ctx, 'pdf'), mimeType: 'application/pdf', contentBase64: bytes.toString('base64') };
});
