import {
  BaremeError,
  computeDemandeBudget,
  demandeRelations,
  type AidKind,
  type Bareme,
  type BaremeHouseholdMember,
  type CommissionCapacity,
  type DemandeBudget,
  type DemandeHouseholdRelation,
  type DemandeRelation,
  type DemandeState,
  type PieceKind,
  type PieceStatus,
} from '@ensemblier/shared';
import type { TenantContext } from '../../trpc/context.ts';
import { notFound } from '../../trpc/init.ts';

/**
 * What the demande procedures share: who sees a demande (the instructing organisation's
 * professionals and the territory's coordinators — the CCAS; commission members only through a
 * séance, c2's procedures; anyone else NOT_FOUND), loading it with its household, lines and
 * pièces, and the figures of the barème (computeDemandeBudget, never re-implemented here).
 */

export const INSTRUCTING_ROLES = ['coordinator', 'partner_manager', 'partner_worker'] as const;

export function canInstruct(ctx: Pick<TenantContext, 'actor'>): boolean {
  return (INSTRUCTING_ROLES as readonly string[]).includes(ctx.actor.role);
}

export interface DemandeRow {
  id: string;
  numero: string;
  person_id: string;
  referral_id: string | null;
  commission_type_id: string;
  commission_name: string;
  aid_kind: AidKind;
  urgent: boolean;
  objet: string;
  montant_demande_cents: number | null;
  duree_demandee_value: number | null;
  duree_demandee_unit: 'semaines' | 'mois' | null;
  creditor_kind: string | null;
  creditor_name: string | null;
  creditor_reference: string | null;
  revenu_imposable_annuel_cents: number | null;
  quotient_familial_caf_euros: number | null;
  rapport_social: string | null;
  synthese_seance: string | null;
  state: DemandeState;
  deposee_le: string;
  instructing_organisation_id: string;
  instructing_organisation: string;
  instructing_user: string;
  computed_at: Date | null;
  computation: DemandeBudget | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface HouseholdRow {
  id: string;
  relation: DemandeHouseholdRelation;
  prenom: string | null;
  nom: string | null;
  birth_date: string | null;
  age: number | null;
  a_charge: boolean | null;
  handicap: boolean;
}

export interface LineRow {
  id: string;
  kind: 'ressource' | 'charge';
  type: string;
  label: string | null;
  amount_cents: number;
}

export interface PieceRow {
  id: string;
  kind: PieceKind;
  status: PieceStatus;
  attachment_id: string | null;
  note: string | null;
  file_name: string | null;
}

/** The demande if the actor may see it (instructing organisation, coordinators), else NOT_FOUND. */
export async function visibleDemande(ctx: TenantContext, demandeId: string, forUpdate = false): Promise<DemandeRow> {
  if (!canInstruct(ctx)) notFound();
  const rows = await ctx.tx<DemandeRow[]>`
    SELECT d.id, d.numero, d.person_id, d.referral_id, d.commission_type_id, c.name AS commission_name, d.aid_kind,
      d.urgent, d.objet, d.montant_demande_cents, d.duree_demandee_value, d.duree_demandee_unit, d.creditor_kind,
      d.creditor_name, d.creditor_reference, d.revenu_imposable_annuel_cents, d.quotient_familial_caf_euros,
      d.rapport_social, d.synthese_seance, d.state, to_char(d.deposee_le, 'YYYY-MM-DD') AS deposee_le,
      d.instructing_organisation_id, o.name AS instructing_organisation, u.name AS instructing_user, d.computed_at,
      d.computation, d.created_at, d.updated_at, d.version
    FROM demande d
    JOIN commission_type c ON c.id = d.commission_type_id
    JOIN organisation o ON o.id = d.instructing_organisation_id
    JOIN app_user u ON u.id = d.instructing_user_id
    WHERE d.id = ${demandeId}
      AND (${ctx.actor.role === 'coordinator'}::boolean OR d.instructing_organisation_id = ${ctx.actor.organisationId})
    ${forUpdate ? ctx.tx`FOR UPDATE OF d` : ctx.tx``}`;
  const d = rows[0];
  if (!d) notFound();
  // The file itself must still be active (an archived file is reached through the archives only).
  const [p] = await ctx.tx<{ status: string }[]>`SELECT status FROM person WHERE id = ${d.person_id}`;
  if (p?.status !== 'active') notFound();
  return d;
}

export async function demandeParts(ctx: TenantContext, demandeId: string) {
  const household = await ctx.tx<HouseholdRow[]>`
    SELECT id, relation, prenom, nom, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, age, a_charge, handicap
    FROM demande_household_member WHERE demande_id = ${demandeId} ORDER BY position`;
  const lines = await ctx.tx<LineRow[]>`
    SELECT id, kind, type, label, amount_cents FROM demande_line WHERE demande_id = ${demandeId} ORDER BY position`;
  const pieces = await ctx.tx<PieceRow[]>`
    SELECT p.id, p.kind, p.status, p.attachment_id, p.note, a.file_name
    FROM demande_piece p LEFT JOIN demande_attachment a ON a.id = p.attachment_id
    WHERE p.demande_id = ${demandeId} ORDER BY p.position`;
  const attachments = await ctx.tx<
    { id: string; file_name: string; mime_type: string; size_bytes: number; created_at: Date }[]
  >`SELECT id, file_name, mime_type, size_bytes, created_at FROM demande_attachment
    WHERE demande_id = ${demandeId} ORDER BY created_at, id`;
  return { household, lines, pieces, attachments };
}

export function baremeHousehold(rows: readonly HouseholdRow[]): BaremeHouseholdMember[] {
  return rows.map((h) => ({
    relation: h.relation,
    birthDate: h.birth_date,
    age: h.age,
    aCharge: h.a_charge,
    handicap: h.handicap,
  }));
}

/** The figures (UC, reste à vivre, QF, suggestion) or the error saying what to fix. */
export function computeFigures(
  d: Pick<
    DemandeRow,
    'montant_demande_cents' | 'revenu_imposable_annuel_cents' | 'quotient_familial_caf_euros' | 'deposee_le'
  >,
  parts: { household: readonly HouseholdRow[]; lines: readonly LineRow[] },
  bareme: Bareme,
): { budget: DemandeBudget; error: null } | { budget: null; error: { message: string; path: string | null } } {
  try {
    const budget = computeDemandeBudget(
      {
        household: baremeHousehold(parts.household),
        lines: parts.lines.map((l) => ({ kind: l.kind, type: l.type, amountCents: l.amount_cents })),
        montantDemandeCents: d.montant_demande_cents ?? 0,
        revenuImposableAnnuelCents: d.revenu_imposable_annuel_cents,
        quotientFamilialCafEuros: d.quotient_familial_caf_euros,
      },
      bareme,
      d.deposee_le,
    );
    return { budget, error: null };
  } catch (e) {
    if (e instanceof BaremeError) return { budget: null, error: { message: e.message, path: e.path ?? null } };
    throw e;
  }
}

/** The actor's relations to a demande (demandeRelations with their capacities in its commission type). */
export async function relationsTo(ctx: TenantContext, d: DemandeRow): Promise<DemandeRelation[]> {
  const [m] = await ctx.tx<{ capacities: CommissionCapacity[] }[]>`
    SELECT capacities FROM commission_member
    WHERE commission_type_id = ${d.commission_type_id} AND user_id = ${ctx.actor.userId}`;
  return demandeRelations(ctx.actor, { instructingOrganisationId: d.instructing_organisation_id }, m?.capacities ?? []);
}
