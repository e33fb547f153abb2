import { error, redirect } from '@sveltejs/kit';
import {
  DUPLICATE_REASON_LABELS,
  PERSON_FIELD_LABELS,
  PERSON_FIELDS,
  PREFERRED_CONTACT_LABELS,
  type MergeSide,
  type PersonField,
  type PreferredContact,
} from '@ensemblier/shared';
import { formatDate } from '#lib/format.ts';
import { apiError, formError, formFailure, loginUrl, readForm } from '#lib/server/forms.ts';
import { actorOf, requireFull } from '#lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Ces dossiers n’existent pas, ont déjà été fusionnés, ou vous n’y avez pas accès.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The two ids of the URL (?a=…&b=…), or 404. */
function pairOf(url: URL): { a: string; b: string } {
  const a = url.searchParams.get('a') ?? '';
  const b = url.searchParams.get('b') ?? '';
  if (!UUID.test(a) || !UUID.test(b) || a === b) error(404, NOT_FOUND);
  return { a, b };
}

/** A field's value as shown to the user. */
function display(field: PersonField, value: string | null | undefined, communeName: string | null): string {
  if (value === null || value === undefined || value === '') return 'Non renseigné';
  if (field === 'dateNaissance') return formatDate(value);
  if (field === 'communeInsee') return communeName ?? value;
  if (field === 'preferredContact') return PREFERRED_CONTACT_LABELS[value as PreferredContact] ?? value;
  return value;
}

const COUNT_LABELS: Record<string, [string, string]> = {
  timelineEntries: ['entrée du fil de suivi', 'entrées du fil de suivi'],
  referrals: ['orientation', 'orientations'],
  consentEvents: ['information, accord ou opposition', 'informations, accords ou oppositions'],
  groupMembers: ['structure du groupe de suivi', 'structures du groupe de suivi'],
  tasks: ['tâche', 'tâches'],
  householdMembers: ['membre du foyer', 'membres du foyer'],
  budgetLines: ['ressource ou charge', 'ressources ou charges'],
  situation: ['situation renseignée', 'situations renseignées'],
};

export const load: PageServerLoad = async ({ locals, url }) => {
  const me = requireFull(locals, url);
  if (actorOf(me).role !== 'coordinator') error(404, NOT_FOUND);
  const { a, b } = pairOf(url);
  let cmp;
  try {
    cmp = await locals.api.persons.duplicates.compare.query({ personId: a, otherPersonId: b });
  } catch (err) {
    const info = apiError(err);
    if (info.code === 'UNAUTHORIZED') redirect(303, loginUrl(url));
    if (info.code === 'NOT_FOUND') {
      // One of them was merged meanwhile (here or elsewhere): back to the list, which says so.
      for (const id of [a, b]) {
        const kept = await locals.api.persons.duplicates.mergedInto.query({ personId: id }).catch(() => null);
        if (kept) redirect(303, `/personnes/doublons?fusionne=${kept.personId}`);
      }
    }
    if (['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST'].includes(info.code)) error(404, NOT_FOUND);
    error(info.code === 'UNAVAILABLE' ? 503 : 500, info.message);
  }
  const files = cmp.persons.map((p, i) => ({
    key: i === 0 ? ('a' as const) : ('b' as const),
    id: p.id,
    version: p.version,
    name: `${p.fields.nom ?? ''} ${p.fields.prenom ?? ''}`.trim() || 'Dossier sans nom visible',
    createdAt: p.createdAt as unknown as string,
    createdByOrganisation: p.createdByOrganisation,
    lastActivityAt: p.lastActivityAt as unknown as string,
    groupOrganisations: p.groupOrganisations,
    counts: Object.entries(p.counts)
      .filter(([key]) => key in COUNT_LABELS)
      .map(([key, n]) => {
        const [one, many] = COUNT_LABELS[key]!;
        return `${n} ${n === 1 ? one : many}`;
      }),
    fields: Object.fromEntries(
      PERSON_FIELDS.map((f) => [
        f,
        p.visibleFields.includes(f) ? display(f, p.fields[f], p.communeName) : 'Non communiqué à votre structure',
      ]),
    ) as Record<PersonField, string>,
  }));
  // The file kept by default: the one with the longer history, else the older one.
  const weight = (f: (typeof cmp.persons)[number]) =>
    (f.counts.referrals ?? 0) + (f.counts.timelineEntries ?? 0) + (f.counts.consentEvents ?? 0);
  const [pa, pb] = cmp.persons;
  const defaultKeep =
    weight(pb!) > weight(pa!) || (weight(pb!) === weight(pa!) && String(pb!.createdAt) < String(pa!.createdAt))
      ? 'b'
      : 'a';
  return {
    files,
    defaultKeep: defaultKeep as 'a' | 'b',
    match: cmp.match
      ? { score: cmp.match.score, reasons: cmp.match.reasons.map((r) => DUPLICATE_REASON_LABELS[r]) }
      : null,
    conflicts: cmp.conflicts.map((f) => ({ field: f, label: PERSON_FIELD_LABELS[f] })),
    fieldLabels: PERSON_FIELD_LABELS,
  };
};

const CHOICE = (f: PersonField) => `choix_${f}`;

export const actions: Actions = {
  fusionner: async ({ locals, request, url }) => {
    requireFull(locals, url);
    const { a, b } = pairOf(url);
    const { data, values } = await readForm(request, [
      'garder',
      'versionA',
      'versionB',
      ...PERSON_FIELDS.map((f) => CHOICE(f)),
    ]);
    if (values.garder !== 'a' && values.garder !== 'b')
      return formError(400, values, { garder: 'Choisissez le dossier à garder.' }, { kind: 'merge' });
    // Merging is final: without JavaScript, a second submission confirms it.
    if (data.get('confirm') !== '1') return formError(400, values, {}, { kind: 'merge-confirm' });
    const keepA = values.garder === 'a';
    const choices: Partial<Record<PersonField, MergeSide>> = {};
    for (const f of PERSON_FIELDS) {
      const chosen = values[CHOICE(f)];
      if (chosen === 'a' || chosen === 'b') choices[f] = (chosen === 'a') === keepA ? 'kept' : 'merged';
    }
    const versionA = Number(values.versionA);
    const versionB = Number(values.versionB);
    let kept: string;
    try {
      const result = await locals.api.persons.merge.mutate({
        keptPersonId: keepA ? a : b,
        mergedPersonId: keepA ? b : a,
        keptVersion: keepA ? versionA : versionB,
        mergedVersion: keepA ? versionB : versionA,
        choices,
      });
      kept = result.keptPersonId;
    } catch (err) {
      const info = apiError(err);
      if (info.code === 'NOT_FOUND') error(404, NOT_FOUND);
      return formFailure(err, values, { kind: 'merge', fields: ['garder'], url });
    }
    redirect(303, `/personnes/${kept}?fait=fusion`);
  },
};
