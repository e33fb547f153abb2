import { z } from 'zod';
import { idSchema } from '../admin/schemas.ts';
import { dateSchema } from '../persons/schemas.ts';
import {
  baremeSchema,
  DEFAULT_BAREME,
  DEMANDE_CHARGE_TYPE_VALUES,
  DEMANDE_HOUSEHOLD_RELATIONS,
  DEMANDE_RESOURCE_TYPE_VALUES,
} from './bareme.ts';
import {
  COMMISSION_CAPACITIES,
  DEMANDE_ACTIONS,
  DEMANDE_STATES,
  DEMANDE_TRANSITIONS,
} from './demande-state-machine.ts';
import {
  AID_KIND_VALUES,
  AID_KINDS,
  ATTENDANCE_STATUSES,
  CREDITOR_KINDS,
  DECISION_FORMS,
  DECISION_OUTCOMES,
  DURATION_UNITS,
  PIECE_KINDS,
  PIECE_STATUSES,
  VOTE_CHOICES,
} from './labels.ts';
import { DEFAULT_QUORUM_RULE, quorumRequired, quorumRuleSchema, SIGNING_CAPACITIES } from './seance.ts';

/**
 * The inputs of the commissions API (zod, French messages). Amounts travel as integer cents;
 * a form field typed in euros goes through `eurosToCents` / `amountSchema`, which also accept
 * « 1 234,56 € ».
 */

// ——— Amounts ———

const MAX_CENTS = 100_000_000;

/** « 1 234,56 € », « 1234.5 », « 80 » → cents; null when it is not an amount (two decimals at most). */
export function eurosToCents(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [units, decimals = ''] = cleaned.split('.') as [string, string?];
  const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** An amount: an integer number of cents, or a text typed in euros. */
export const amountSchema = (label: string) =>
  z.union([z.number(), z.string()], { error: `Indiquez ${label}.` }).transform((v, ctx) => {
    const cents = typeof v === 'number' ? v : eurosToCents(v);
    if (cents === null || !Number.isSafeInteger(cents) || cents < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${label[0]!.toUpperCase()}${label.slice(1)} doit être un montant en euros, par exemple 120,50.`,
      });
      return z.NEVER;
    }
    if (cents > MAX_CENTS) {
      ctx.addIssue({
        code: 'custom',
        message: `${label[0]!.toUpperCase()}${label.slice(1)} ne doit pas dépasser 1 000 000 €.`,
      });
      return z.NEVER;
    }
    return cents;
  });

const optionalAmount = (label: string) =>
  z.preprocess((v) => (v === '' ? null : v), amountSchema(label).nullish()).transform((v) => v ?? null);

const text = (label: string, max: number) =>
  z
    .string({ error: `Indiquez ${label}.` })
    .trim()
    .min(1, `Indiquez ${label}.`)
    .max(max, `Ce texte ne doit pas dépasser ${max} caractères.`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Ce texte ne doit pas dépasser ${max} caractères.`)
    .nullish()
    .transform((v) => (v ? v : null));

const durationSchema = z.object({
  value: z
    .number({ error: 'Indiquez la durée.' })
    .int('La durée est un nombre entier.')
    .min(1, 'La durée est d’au moins 1.')
    .max(104, 'La durée ne doit pas dépasser 104.'),
  unit: z.enum(DURATION_UNITS, { error: 'Choisissez l’unité de la durée.' }),
});

const uniqueBy = <T>(items: readonly T[], key: (t: T) => string) => new Set(items.map(key)).size === items.length;

// ——— Commission type configuration ———

export const commissionMemberInput = z.object({
  userId: idSchema,
  /** The organisation the member represents (an association, the département…), when not their own. */
  organisationId: idSchema.nullish().transform((v) => v ?? null),
  voting: z.boolean({ error: 'Indiquez si le membre a voix délibérative.' }),
  capacities: z
    .array(z.enum(COMMISSION_CAPACITIES, { error: 'Qualité inconnue.' }))
    .default([])
    .refine((c) => new Set(c).size === c.length, 'Une qualité est indiquée deux fois.'),
});
export type CommissionMemberInput = z.infer<typeof commissionMemberInput>;

export const envelopeInput = z.object({
  aidKind: z.enum(AID_KIND_VALUES, { error: 'Choisissez le type d’aide.' }),
  year: z
    .number({ error: 'Indiquez l’année.' })
    .int('L’année est un nombre entier.')
    .min(2000, 'L’année est comprise entre 2000 et 2100.')
    .max(2100, 'L’année est comprise entre 2000 et 2100.'),
  budgetCents: amountSchema('le montant de l’enveloppe'),
});

const commissionTypeFields = z.object({
  name: z
    .string({ error: 'Indiquez le nom de la commission.' })
    .trim()
    .min(2, 'Le nom doit contenir au moins 2 caractères.')
    .max(200, 'Le nom ne doit pas dépasser 200 caractères.'),
  aidKinds: z
    .array(z.enum(AID_KIND_VALUES, { error: 'Type d’aide inconnu.' }))
    .min(1, 'Choisissez au moins un type d’aide décidé par cette commission.')
    .refine((k) => new Set(k).size === k.length, 'Un type d’aide est indiqué deux fois.'),
  envelopes: z.array(envelopeInput).default([]),
  members: z.array(commissionMemberInput).default([]),
  quorum: quorumRuleSchema.default(DEFAULT_QUORUM_RULE),
  bareme: baremeSchema.default(DEFAULT_BAREME),
  /** The chair's casting vote on a tie (voix prépondérante). */
  voixPreponderante: z.boolean().default(true),
  /** The séance screen opens in presentation mode (names hidden). */
  presentationParDefaut: z.boolean().default(true),
});

type CommissionTypeFields = z.infer<typeof commissionTypeFields>;

function checkCommissionType(c: CommissionTypeFields, ctx: z.RefinementCtx) {
  c.envelopes.forEach((e, i) => {
    if (!c.aidKinds.includes(e.aidKind))
      ctx.addIssue({
        code: 'custom',
        path: ['envelopes', i, 'aidKind'],
        message: 'Cette enveloppe concerne un type d’aide que la commission ne décide pas.',
      });
  });
  if (!uniqueBy(c.envelopes, (e) => `${e.aidKind}/${e.year}`))
    ctx.addIssue({ code: 'custom', path: ['envelopes'], message: 'Une seule enveloppe par type d’aide et par année.' });
  if (!uniqueBy(c.members, (m) => m.userId))
    ctx.addIssue({ code: 'custom', path: ['members'], message: 'Un membre est indiqué deux fois.' });
  for (const capacity of ['president', 'secretaire'] as const)
    if (c.members.filter((m) => m.capacities.includes(capacity)).length > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message:
          capacity === 'president'
            ? 'La commission n’a qu’un président ou une présidente.'
            : 'La commission n’a qu’un ou une secrétaire.',
      });
  if (c.members.length > 0) {
    const voting = c.members.filter((m) => m.voting).length;
    if (voting === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: 'La commission doit compter au moins un membre votant.',
      });
    else if (quorumRequired(c.quorum, voting) > voting)
      ctx.addIssue({
        code: 'custom',
        path: ['quorum'],
        message: 'Le quorum dépasse le nombre de membres votants : il ne pourrait jamais être atteint.',
      });
    const grantsMoney = c.aidKinds.some((k) => AID_KINDS[k].monetaire);
    const signers = c.members.filter((m) => m.capacities.some((cap) => SIGNING_CAPACITIES.includes(cap))).length;
    if (grantsMoney && signers < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: 'Une commission qui accorde des sommes doit compter au moins deux signataires habilités.',
      });
  }
}

export const commissionTypeInput = commissionTypeFields.superRefine(checkCommissionType);
export type CommissionTypeInput = z.infer<typeof commissionTypeInput>;
export const updateCommissionTypeInput = commissionTypeFields
  .extend({ commissionTypeId: idSchema })
  .superRefine(checkCommissionType);
export const commissionTypeIdInput = z.object({ commissionTypeId: idSchema });

// ——— Demande d'aide ———

export const householdMemberInput = z
  .object({
    relation: z.enum(DEMANDE_HOUSEHOLD_RELATIONS, { error: 'Indiquez le lien avec le demandeur.' }),
    /** The person's file, when the member has one. */
    personId: idSchema.nullish().transform((v) => v ?? null),
    birthDate: z
      .preprocess((v) => (v === '' ? null : v), dateSchema('date de naissance').nullish())
      .transform((v) => v ?? null),
    age: z
      .number()
      .int('L’âge est un nombre entier d’années.')
      .min(0, 'L’âge ne peut pas être négatif.')
      .max(130, 'L’âge ne doit pas dépasser 130 ans.')
      .nullish()
      .transform((v) => v ?? null),
    aCharge: z
      .boolean()
      .nullish()
      .transform((v) => v ?? null),
    handicap: z.boolean().default(false),
  })
  .refine((m) => m.birthDate !== null || m.age !== null, {
    path: ['birthDate'],
    message: 'Indiquez la date de naissance (ou à défaut l’âge) : elle sert au calcul des unités de consommation.',
  });

export const budgetLineInput = z
  .object({
    kind: z.enum(['ressource', 'charge'], { error: 'Indiquez s’il s’agit d’une ressource ou d’une charge.' }),
    type: z.string({ error: 'Choisissez le type de la ligne.' }),
    /** Monthly amount. */
    amountCents: amountSchema('le montant mensuel'),
    label: optionalText(200),
  })
  .superRefine((l, ctx) => {
    const allowed: readonly string[] =
      l.kind === 'ressource' ? DEMANDE_RESOURCE_TYPE_VALUES : DEMANDE_CHARGE_TYPE_VALUES;
    if (!allowed.includes(l.type))
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message:
          l.kind === 'ressource'
            ? 'Choisissez un type de ressource dans la liste.'
            : 'Choisissez un type de charge dans la liste.',
      });
  });

export const creditorInput = z.object({
  kind: z.enum(CREDITOR_KINDS, { error: 'Choisissez le type de créancier.' }),
  name: text('le nom du créancier', 200),
  /** Contract, client or invoice number. */
  reference: optionalText(100),
});

export const pieceInput = z.object({
  kind: z.enum(PIECE_KINDS, { error: 'Choisissez la pièce.' }),
  status: z.enum(PIECE_STATUSES, { error: 'Indiquez si la pièce est fournie.' }),
  attachmentId: idSchema.nullish().transform((v) => v ?? null),
  note: optionalText(300),
});

const demandeFields = z.object({
  aidKind: z.enum(AID_KIND_VALUES, { error: 'Choisissez le type d’aide demandée.' }),
  urgent: z.boolean().default(false),
  objet: z
    .string({ error: 'Indiquez l’objet de la demande.' })
    .trim()
    .min(3, 'Indiquez l’objet de la demande.')
    .max(2000, 'L’objet ne doit pas dépasser 2 000 caractères.'),
  montantDemandeCents: optionalAmount('le montant demandé'),
  dureeDemandee: durationSchema.nullish().transform((v) => v ?? null),
  creditor: creditorInput.nullish().transform((v) => v ?? null),
  household: z
    .array(householdMemberInput)
    .min(1, 'Indiquez la composition du foyer.')
    .max(30, 'Le foyer compte au plus 30 personnes.'),
  lines: z.array(budgetLineInput).max(100, 'Le budget compte au plus 100 lignes.').default([]),
  revenuImposableAnnuelCents: optionalAmount('le revenu imposable annuel'),
  quotientFamilialCafEuros: z
    .number()
    .int('Le quotient familial CAF est un nombre entier d’euros.')
    .min(0, 'Le quotient familial ne peut pas être négatif.')
    .max(100_000, 'Le quotient familial semble trop élevé.')
    .nullish()
    .transform((v) => v ?? null),
  rapportSocial: optionalText(20_000),
  /** The summary shown to the room in presentation mode: write it without names, dates of birth or address. */
  syntheseSeance: optionalText(2000),
  pieces: z
    .array(pieceInput)
    .default([])
    .refine(
      (p) => uniqueBy(p, (x) => (x.kind === 'autre_piece' ? `${x.kind}/${x.note}` : x.kind)),
      'Une pièce figure deux fois.',
    ),
});

type DemandeFields = z.infer<typeof demandeFields>;

function checkDemande(d: Partial<DemandeFields>, ctx: z.RefinementCtx) {
  if (d.household) {
    const demandeurs = d.household.filter((m) => m.relation === 'demandeur').length;
    if (demandeurs !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['household'],
        message: 'Le foyer compte une et une seule personne « demandeur ».',
      });
    if (d.household.filter((m) => m.relation === 'conjoint').length > 1)
      ctx.addIssue({ code: 'custom', path: ['household'], message: 'Le foyer compte au plus un conjoint.' });
  }
  if (!d.aidKind) return;
  const meta = AID_KINDS[d.aidKind];
  if (meta.monetaire && d.montantDemandeCents !== undefined && !d.montantDemandeCents)
    ctx.addIssue({ code: 'custom', path: ['montantDemandeCents'], message: 'Indiquez le montant demandé.' });
  if (meta.unit === 'semaines' && d.dureeDemandee !== undefined && !d.dureeDemandee)
    ctx.addIssue({ code: 'custom', path: ['dureeDemandee'], message: 'Indiquez la durée d’accès demandée.' });
  const onlyToThirdParty = meta.forms.length === 1 && meta.forms[0] === 'tiers';
  if (onlyToThirdParty && d.creditor !== undefined && !d.creditor)
    ctx.addIssue({
      code: 'custom',
      path: ['creditor'],
      message: 'Indiquez le créancier (bailleur, fournisseur…) : cette aide lui est versée directement.',
    });
}

export const createDemandeInput = demandeFields
  .extend({
    personId: idSchema,
    commissionTypeId: idSchema,
    /** The referral the demande comes from, if any. */
    referralId: idSchema.nullish().transform((v) => v ?? null),
  })
  .superRefine(checkDemande);
export type CreateDemandeInput = z.infer<typeof createDemandeInput>;

/** An update sends only what changed; the rules apply to what is sent (the API re-checks the whole). */
export const updateDemandeInput = demandeFields.partial().extend({ demandeId: idSchema }).superRefine(checkDemande);
export type UpdateDemandeInput = z.infer<typeof updateDemandeInput>;

export const demandeIdInput = z.object({ demandeId: idSchema });

export const demandeTransitionInput = z
  .object({
    demandeId: idSchema,
    action: z.enum(DEMANDE_ACTIONS, { error: 'Action inconnue.' }),
    motif: optionalText(2000),
  })
  .superRefine((t, ctx) => {
    if (DEMANDE_TRANSITIONS[t.action].requires?.includes('motif') && !t.motif)
      ctx.addIssue({ code: 'custom', path: ['motif'], message: 'Indiquez le motif.' });
  });

export const demandeListInput = z.object({
  commissionTypeId: idSchema.nullish().transform((v) => v ?? null),
  state: z
    .enum(DEMANDE_STATES, { error: 'État inconnu.' })
    .nullish()
    .transform((v) => v ?? null),
  offset: z.number().int().min(0).max(10_000).default(0),
  limit: z.number().int().min(1).max(101).default(20),
});

// ——— Séance ———

export const createSeanceInput = z.object({
  commissionTypeId: idSchema,
  date: dateSchema('date de la séance'),
  heure: z
    .string({ error: 'Indiquez l’heure de la séance.' })
    .trim()
    .regex(/^([01]\d|2[0-3])[:h]([0-5]\d)$/, 'Indiquez l’heure au format HH:MM, par exemple 14:30.')
    .transform((v) => v.replace('h', ':')),
  lieu: text('le lieu de la séance', 300),
  /** A message added to the convocation mail (which carries no person data). */
  messageConvocation: optionalText(2000),
});
export type CreateSeanceInput = z.infer<typeof createSeanceInput>;

export const seanceIdInput = z.object({ seanceId: idSchema });

export const seanceAgendaInput = z.object({
  seanceId: idSchema,
  demandeIds: z
    .array(idSchema)
    .max(200, 'L’ordre du jour compte au plus 200 demandes.')
    .refine((ids) => new Set(ids).size === ids.length, 'Une demande figure deux fois à l’ordre du jour.'),
});

export const attendanceInput = z.object({
  seanceId: idSchema,
  entries: z
    .array(
      z.object({
        userId: idSchema,
        status: z.enum(ATTENDANCE_STATUSES, { error: 'Indiquez la présence du membre.' }),
        proxyHolderUserId: idSchema.nullish().transform((v) => v ?? null),
      }),
    )
    .refine((e) => uniqueBy(e, (x) => x.userId), 'Un membre figure deux fois sur la feuille de présence.'),
});

export const voteInput = z.object({
  voterUserId: idSchema,
  choice: z.enum(VOTE_CHOICES, { error: 'Indiquez le vote.' }),
  onBehalfOfUserId: idSchema.nullish().transform((v) => v ?? null),
});

/**
 * A decision: in a séance (`seanceId`), or an urgent one outside (`seanceId` null, the
 * demande's urgent flag). `correctsDecisionId`: a correction of a signed decision.
 */
export const decisionInput = z
  .object({
    demandeId: idSchema,
    seanceId: idSchema.nullish().transform((v) => v ?? null),
    outcome: z.enum(DECISION_OUTCOMES, { error: 'Choisissez la décision.' }),
    amountGrantedCents: optionalAmount('le montant accordé'),
    form: z
      .enum(DECISION_FORMS, { error: 'Choisissez la forme de l’aide.' })
      .nullish()
      .transform((v) => v ?? null),
    creditorName: optionalText(200),
    duration: durationSchema.nullish().transform((v) => v ?? null),
    motive: optionalText(2000),
    votes: z.array(voteInput).max(200).default([]),
    correctsDecisionId: idSchema.nullish().transform((v) => v ?? null),
  })
  .superRefine((d, ctx) => {
    if (d.outcome !== 'accord' && !d.motive)
      ctx.addIssue({
        code: 'custom',
        path: ['motive'],
        message:
          d.outcome === 'refus'
            ? 'Indiquez le motif du refus : il figurera dans la lettre de décision.'
            : d.outcome === 'accord_partiel'
              ? 'Indiquez le motif de l’accord partiel : il figurera dans la lettre de décision.'
              : 'Indiquez le motif de l’ajournement (pièce manquante, complément d’instruction…).',
      });
    if (d.correctsDecisionId && !d.motive)
      ctx.addIssue({
        code: 'custom',
        path: ['motive'],
        message: 'Indiquez ce que corrige cette décision rectificative.',
      });
  });
export type DecisionInput = z.infer<typeof decisionInput>;

export const signatureInput = z.object({
  decisionId: idSchema,
  capacity: z
    .enum(COMMISSION_CAPACITIES, { error: 'Qualité inconnue.' })
    .nullish()
    .transform((v) => v ?? null),
});

export const ratificationInput = z.object({ seanceId: idSchema, decisionId: idSchema });

export const paymentInput = z.object({
  demandeId: idSchema,
  paidOn: dateSchema('date du versement'),
  amountCents: amountSchema('le montant versé').refine((v) => v > 0, 'Le montant versé doit être positif.'),
  payee: z.enum(['tiers', 'personne'], { error: 'Indiquez à qui la somme a été versée.' }),
  payeeName: text('le nom du bénéficiaire du versement', 200),
  reference: optionalText(100),
});
export type PaymentInput = z.infer<typeof paymentInput>;
