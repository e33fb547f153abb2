import { error, fail, redirect } from '@sveltejs/kit';
import { Buffer } from 'node:buffer';
import { eurosToCents } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { requireFull } from '#lib/server/guards.ts';
import { centsToField, formValues, isoToField, mapErrors, parseDemandeForm } from '../form.ts';
import type { Actions, PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
  creee: 'La demande a été créée. Complétez les pièces et le rapport social, puis déclarez-la complète.',
  enregistree: 'La demande a été enregistrée.',
  completer: 'La demande est complète : elle peut être inscrite à l’ordre du jour d’une séance.',
  rouvrir_instruction: 'La demande est de nouveau en instruction.',
  classer_sans_suite: 'La demande a été classée sans suite.',
  piece: 'La pièce a été jointe.',
  urgence:
    'La décision d’urgence est enregistrée. Une aide accordée doit être signée par deux signataires ; la prochaine séance la ratifiera.',
};

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireFull(locals, url);
  try {
    const d = await locals.api.commissions.demandes.get.query({ demandeId: params.id });
    return {
      d,
      notice: NOTICES[url.searchParams.get('fait') ?? ''] ?? null,
      initial: {
        aidKind: d.aidKind,
        objet: d.objet,
        montant: centsToField(d.montantDemandeCents),
        dureeSemaines: d.dureeDemandee ? String(d.dureeDemandee.value) : '',
        creditorKind: d.creditor?.kind ?? '',
        creditorName: d.creditor?.name ?? '',
        creditorReference: d.creditor?.reference ?? '',
        revenuImposable: centsToField(d.revenuImposableAnnuelCents),
        rapportSocial: d.rapportSocial ?? '',
        syntheseSeance: d.syntheseSeance ?? '',
        household: d.household.map((h) => ({
          relation: h.relation,
          birthDate: isoToField(h.birthDate),
          aCharge: h.aCharge === true,
          handicap: h.handicap,
          name: [h.prenom, h.nom].filter(Boolean).join(' '),
        })),
        lines: d.lines.map((l) => ({
          kind: l.kind,
          type: l.type,
          amount: centsToField(l.amountCents),
          label: l.label ?? '',
        })),
        pieces: d.pieces,
      },
    };
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND' || info.code === 'BAD_REQUEST') error(404, 'Cette demande est introuvable.');
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
};

function failure(err: unknown, url: URL, kind: string, values: Record<string, string>) {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  const errors = mapErrors(info.fieldErrors);
  return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
    kind,
    values,
    errors,
    message: Object.keys(errors).length > 0 ? undefined : info.message,
  });
}

export const actions: Actions = {
  update: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const values = formValues(data);
    const parsed = parseDemandeForm(data);
    try {
      await locals.api.commissions.demandes.update.mutate({
        ...(parsed as never as Parameters<typeof locals.api.commissions.demandes.update.mutate>[0]),
        demandeId: params.id,
        version: Number(values.version) || null,
      });
    } catch (err) {
      return failure(err, url, 'update', values);
    }
    redirect(303, `/commissions/demandes/${params.id}?fait=enregistree`);
  },
  transition: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const values = formValues(data);
    try {
      await locals.api.commissions.demandes.transition.mutate({
        demandeId: params.id,
        action: values.action as never,
        motif: values.motif || null,
      });
    } catch (err) {
      return failure(err, url, `transition-${values.action}`, values);
    }
    redirect(303, `/commissions/demandes/${params.id}?fait=${encodeURIComponent(values.action ?? '')}`);
  },
  /** An urgent secours decided here, outside a séance (the API checks the capacity). */
  urgent: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const values = formValues(data);
    const errors: Record<string, string> = {};
    const amountGrantedCents = values.amount ? eurosToCents(values.amount) : null;
    if (values.amount && amountGrantedCents === null)
      errors.amount = 'Indiquez un montant en euros, par exemple 150 ou 150,50.';
    if (Object.keys(errors).length > 0) return fail(400, { kind: 'urgent', values, errors });
    try {
      await locals.api.commissions.decisions.urgent.mutate({
        demandeId: params.id,
        seanceId: null,
        outcome: values.outcome as 'accord',
        amountGrantedCents,
        form: (values.form || null) as 'tiers' | null,
        creditorName: values.creditorName || null,
        motive: values.motive || null,
      });
    } catch (err) {
      const result = failure(err, url, 'urgent', values);
      const e = result.data.errors as Record<string, string>;
      if (e.amountGrantedCents) e.amount = e.amountGrantedCents;
      return result;
    }
    redirect(303, `/commissions/demandes/${params.id}?fait=urgence`);
  },
  upload: async ({ locals, request, url, params }) => {
    const data = await request.formData();
    const file = data.get('file');
    const pieceKind = String(data.get('pieceKind') ?? '');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { kind: 'upload', values: { pieceKind }, errors: { file: 'Choisissez un fichier.' } });
    try {
      await locals.api.commissions.demandes.attachments.add.mutate({
        demandeId: params.id,
        pieceKind: (pieceKind || null) as never,
        attachments: [{ fileName: file.name, contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64') }],
      });
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
      return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
        kind: 'upload',
        values: { pieceKind },
        errors: { file: info.fieldErrors.attachments ?? info.fieldErrors.pieceKind ?? info.message },
      });
    }
    redirect(303, `/commissions/demandes/${params.id}?fait=piece`);
  },
};
