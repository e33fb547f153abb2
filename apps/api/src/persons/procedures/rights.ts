import {
  can,
  CONSENT_KIND_LABELS,
  idSchema,
  personIdInput,
  type ConsentKind,
  type ConsentMode,
} from '@ensemblier/shared';
import { z } from 'zod';
import type { TenantContext } from '../../trpc/context.ts';
import { authedProcedure, forbidden, notFound } from '../../trpc/init.ts';
import { canSeePerson } from '../access.ts';
import { collectPersonExport } from '../export.ts';
import { isReferent } from '../follow-up.ts';
import { renderExportPdf, renderNotice, type ControllerContact, type RetentionInfo } from '../rights-pdf.ts';
import { consultationReason } from './get.ts';
import { exportLabels, territoryRetention } from './rights-labels.ts';

/**
 * The person's rights (« Droits de la personne »): the information notice to hand over, and the
 * right-of-access export (RGPD art. 15).
 *
 * Who may export: the CCAS coordinators only. The export holds every entry of the file,
 * including the private notes of each organisation and the sensitive categories, which no
 * partner (a référent included) may read: answering a right-of-access request is the data
 * controller's task — the CCAS / CIAS, controller of the shared platform — and a référent
 * who receives a request passes it on. Partners who see the file get FORBIDDEN, anyone who
 * does not see it NOT_FOUND. Every export is audited (`person.export`, with its format).
 *
 * The notice: any professional who sees the file (it names the person and their follow-up
 * group), or a blank notice for any professional (`personId` omitted). Audited (`person.notice`).
 */

/** Who may export a person's whole file (the person must also be visible: canSeePerson). */
export function canExportPerson(actor: TenantContext['actor']): boolean {
  return actor.role === 'coordinator';
}

export const noticeInput = z.object({ personId: idSchema.optional() });

/** A file to download (same transport as referrals.downloadAttachment). */
export interface DownloadedFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
}

/** « jeanne-dupont »: lower-case ASCII words for a file name. */
function slug(...parts: string[]): string {
  return parts
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** YYYY-MM-DD in Paris. */
function parisDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

async function controllerContact(
  ctx: TenantContext,
): Promise<{ territoryName: string; controller: ControllerContact | null }> {
  const [t] = await ctx.tx<{ name: string }[]>`SELECT name FROM territory`;
  const [c] = await ctx.tx<
    {
      name: string;
      email: string | null;
      phone: string | null;
      adresse: string | null;
      code_postal: string | null;
      commune: string | null;
    }[]
  >`
    SELECT o.name, o.email, o.phone, o.adresse, o.code_postal, cm.nom AS commune
    FROM organisation o JOIN territory t ON t.territory_id = o.territory_id
    LEFT JOIN commune cm ON cm.code = o.commune_insee
    WHERE o.type = t.kind AND o.status = 'active'
    ORDER BY o.created_at, o.id LIMIT 1`;
  return {
    territoryName: t!.name,
    controller: c
      ? {
          name: c.name,
          email: c.email,
          phone: c.phone,
          adresse: c.adresse,
          codePostal: c.code_postal,
          commune: c.commune,
        }
      : null,
  };
}

/** The information notice (PDF), for a person or blank. */
export const notice = authedProcedure.input(noticeInput).query(async ({ ctx, input }): Promise<DownloadedFile> => {
  const personId = input.personId ?? null;
  let personName: string | null = null;
  let groupOrganisations: string[] = [];
  let fileName = 'notice-information.pdf';
  if (personId) {
    if (!(await canSeePerson(ctx, personId))) notFound();
    const [p] = await ctx.tx<{ nom: string; prenom: string }[]>`SELECT nom, prenom FROM person WHERE id = ${personId}`;
    if (!p) notFound();
    personName = `${p.prenom} ${p.nom.toUpperCase()}`;
    fileName = `notice-information-${slug(p.prenom, p.nom)}.pdf`;
    const group = await ctx.tx<{ name: string }[]>`
      SELECT o.name FROM follow_up_member m JOIN organisation o ON o.id = m.organisation_id
      WHERE m.person_id = ${personId} AND m.left_at IS NULL ORDER BY o.name`;
    groupOrganisations = group.map((g) => g.name);
  } else if (!can(ctx.actor, 'referral.use')) {
    forbidden();
  }
  const [me] = await ctx.tx<{ user: string; organisation: string }[]>`
    SELECT u.name AS user, o.name AS organisation FROM app_user u, organisation o
    WHERE u.id = ${ctx.actor.userId} AND o.id = ${ctx.actor.organisationId}`;
  const { territoryName, controller } = await controllerContact(ctx);
  const bytes = await renderNotice({
    territoryName,
    controller,
    personName,
    groupOrganisations,
    handedBy: me ?? null,
    retention: await territoryRetention(ctx.tx),
    generatedAt: ctx.clock.now(),
  });
  await ctx.audit({
    action: 'person.notice',
    objectType: 'person',
    objectId: personId,
    personId,
    details: personId ? await consultationReason(ctx, personId) : {},
  });
  return { fileName, mimeType: 'application/pdf', contentBase64: bytes.toString('base64') };
});

async function exportOf(ctx: TenantContext, personId: string) {
  if (!(await canSeePerson(ctx, personId))) notFound();
  if (!canExportPerson(ctx.actor)) forbidden();
  const data = await collectPersonExport(ctx.tx, personId, ctx.clock.now());
  if (!data) notFound();
  return data;
}

function exportFileName(data: { person: { prenom: string; nom: string }; generatedAt: string }, ext: string) {
  return `droit-d-acces-${slug(data.person.prenom, data.person.nom)}-${parisDay(new Date(data.generatedAt))}.${ext}`;
}

/** Everything held about the person, as JSON (the record: complete, stable keys, ids kept). */
export const exportJson = authedProcedure
  .input(personIdInput)
  .query(async ({ ctx, input }): Promise<DownloadedFile> => {
    const data = await exportOf(ctx, input.personId);
    await ctx.audit({
      action: 'person.export',
      objectType: 'person',
      objectId: input.personId,
      personId: input.personId,
      details: { format: 'json' },
    });
    const json = `${JSON.stringify(data, null, 2)}\n`;
    return {
      fileName: exportFileName(data, 'json'),
      mimeType: 'application/json',
      contentBase64: Buffer.from(json, 'utf8').toString('base64'),
    };
  });

/** Everything held about the person, as a PDF to hand to them (readable French, no ids). */
export const exportPdf = authedProcedure.input(personIdInput).query(async ({ ctx, input }): Promise<DownloadedFile> => {
  const data = await exportOf(ctx, input.personId);
  const bytes = await renderExportPdf(data, exportLabels);
  await ctx.audit({
    action: 'person.export',
    objectType: 'person',
    objectId: input.personId,
    personId: input.personId,
    details: { format: 'pdf' },
  });
  return {
    fileName: exportFileName(data, 'pdf'),
    mimeType: 'application/pdf',
    contentBase64: bytes.toString('base64'),
  };
});

/**
 * What the « Droits de la personne » page shows: the name, a summary of the consent register,
 * and what the user may do there (export, « qui a consulté »). It shows the person's name and
 * consent register: a read of the file, audited as `person.read` with its reason.
 */
export const overview = authedProcedure.input(personIdInput).query(async ({ ctx, input }) => {
  if (!(await canSeePerson(ctx, input.personId))) notFound();
  const [p] = await ctx.tx<
    { nom: string; prenom: string }[]
  >`SELECT nom, prenom FROM person WHERE id = ${input.personId}`;
  if (!p) notFound();
  const events = await ctx.tx<
    {
      kind: ConsentKind;
      mode: ConsentMode;
      occurred_on: string;
      all_organisations: boolean;
      organisations: string[] | null;
      recorded_by_organisation: string;
    }[]
  >`
    SELECT ce.kind, ce.mode, to_char(ce.occurred_on, 'YYYY-MM-DD') AS occurred_on, ce.all_organisations,
      (SELECT array_agg(o.name ORDER BY o.name) FROM consent_event_organisation ceo
        JOIN organisation o ON o.id = ceo.organisation_id WHERE ceo.consent_event_id = ce.id) AS organisations,
      ro.name AS recorded_by_organisation
    FROM consent_event ce JOIN organisation ro ON ro.id = ce.recorded_by_organisation_id
    WHERE ce.person_id = ${input.personId}
    ORDER BY ce.recorded_at DESC, ce.id`;
  const counts = { information: 0, consentement: 0, objection: 0 } as Record<ConsentKind, number>;
  for (const e of events) counts[e.kind]++;
  await ctx.audit({
    action: 'person.read',
    objectType: 'person',
    objectId: input.personId,
    personId: input.personId,
    details: await consultationReason(ctx, input.personId),
  });
  return {
    person: { id: input.personId, nom: p.nom, prenom: p.prenom },
    consents: {
      counts,
      /** The latest events, newest first (the whole register is on the file's main page). */
      latest: events.slice(0, 5).map((e) => ({
        kind: e.kind,
        kindLabel: CONSENT_KIND_LABELS[e.kind],
        mode: e.mode,
        occurredOn: e.occurred_on,
        allOrganisations: e.all_organisations,
        organisations: e.organisations ?? [],
        recordedByOrganisation: e.recorded_by_organisation,
      })),
      total: events.length,
    },
    canExport: canExportPerson(ctx.actor),
    canSeeConsultations:
      ctx.actor.role === 'coordinator' ||
      can(ctx.actor, 'audit.read') ||
      (await isReferent(ctx.tx, input.personId, ctx.actor.userId)),
  };
});

export type { RetentionInfo };
