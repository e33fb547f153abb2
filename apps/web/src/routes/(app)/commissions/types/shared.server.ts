import { fail, redirect } from '@sveltejs/kit';
import { DEFAULT_BAREME, DEFAULT_QUORUM_RULE, type Bareme, type QuorumRule } from '@ensemblier/shared';
import { apiError, loginUrl } from '#lib/server/forms.ts';
import { formValues } from '../demandes/form.ts';
import { centsToField, mapTypeErrors, numToField } from './form.ts';

/**
 * What was typed, to show it again after a failed submit: the checkbox groups (aid kinds, a
 * member's capacities) keep all their checked values, joined by commas (see CommissionTypeFields).
 */
export function typeFormValues(data: FormData): Record<string, string> {
  const values = formValues(data);
  for (const key of new Set(data.keys()))
    if (key === 'aidKinds' || /^members\.\d+\.capacities$/.test(key))
      values[key] = data
        .getAll(key)
        .filter((v) => typeof v === 'string')
        .join(',');
  return values;
}

/** What the form shows for a commission type (or the defaults of a new one). */
export function initialOf(t: {
  name: string;
  aidKinds: string[];
  quorum: QuorumRule;
  bareme: Bareme;
  voixPreponderante: boolean;
  presentationParDefaut: boolean;
  members: { userId: string; organisationId: string | null; voting: boolean; capacities: string[] }[];
  envelopes: { aidKind: string; year: number; budgetCents: number; consumedCents: number }[];
}) {
  return {
    name: t.name,
    aidKinds: t.aidKinds,
    quorumKind: t.quorum.kind,
    quorumMinimum: numToField(t.quorum.minimum),
    quorumNumerateur: numToField(t.quorum.numerateur),
    quorumDenominateur: numToField(t.quorum.denominateur),
    pouvoirsComptent: t.quorum.pouvoirsComptent,
    voixPreponderante: t.voixPreponderante,
    presentationParDefaut: t.presentationParDefaut,
    members: t.members.map((m) => ({
      userId: m.userId,
      organisationId: m.organisationId ?? '',
      voting: m.voting,
      capacities: m.capacities,
    })),
    envelopes: t.envelopes.map((e) => ({
      aidKind: e.aidKind,
      year: String(e.year),
      budget: centsToField(e.budgetCents),
      consumed: e.consumedCents > 0 ? centsToField(e.consumedCents) : null,
    })),
    ucPremierAdulte: numToField(t.bareme.echelle.premierAdulte),
    ucAutreAdulte: numToField(t.bareme.echelle.autreAdulte),
    ucEnfant: numToField(t.bareme.echelle.enfant),
    ucAgeAdulte: numToField(t.bareme.echelle.ageAdulte),
    joursParMois: numToField(t.bareme.joursParMois),
    unite: t.bareme.unite,
    tranches: t.bareme.tranches.map((x) => ({
      seuil: x.jusquA === null ? '' : centsToField(x.jusquA),
      suggestion: x.suggestion,
      taux: numToField(x.tauxPourcent),
      libelle: x.libelle ?? '',
    })),
  };
}

export const NEW_TYPE = initialOf({
  name: '',
  aidKinds: [],
  quorum: DEFAULT_QUORUM_RULE,
  bareme: DEFAULT_BAREME,
  voixPreponderante: true,
  presentationParDefaut: true,
  members: [],
  envelopes: [],
});

export function typeFailure(err: unknown, url: URL, values: Record<string, string>) {
  const info = apiError(err);
  if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
  const errors = mapTypeErrors(info.fieldErrors);
  return fail(info.httpStatus >= 400 ? info.httpStatus : 400, {
    values,
    errors,
    message: Object.keys(errors).length > 0 ? undefined : info.message,
  });
}
