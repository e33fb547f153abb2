import type { TransactionSql } from '@ensemblier/db';

/** A person's demande d'aide in their data export (right of access, persons/export.ts). */
export interface DemandeExport {
  id: string;
  numero: string;
  commissionType: string;
  aidKind: string;
  state: string;
  urgent: boolean;
  objet: string;
  montantDemandeCents: number | null;
  creditor: { kind: string; name: string; reference: string | null } | null;
  rapportSocial: string | null;
  deposeeLe: string;
  instructingOrganisation: string;
  computed: {
    ucHundredths: number | null;
    resteAVivreCents: number | null;
    parUniteMoisCents: number | null;
    parUniteJourCents: number | null;
    quotientFamilialCents: number | null;
    suggestion: string | null;
  } | null;
  household: {
    relation: string;
    prenom: string | null;
    nom: string | null;
    birthDate: string | null;
    age: number | null;
  }[];
  lines: { kind: string; type: string; label: string | null; amountCents: number }[];
  pieces: { kind: string; status: string; fileName: string | null }[];
  events: { at: string; action: string; toState: string; motif: string | null }[];
  decisions: {
    id: string;
    decidedAt: string;
    outcome: string;
    amountGrantedCents: number | null;
    form: string | null;
    motive: string | null;
    signedAt: string | null;
  }[];
  payments: { paidOn: string; amountCents: number; payee: string; payeeName: string }[];
  createdAt: string;
}

/** Every demande of the given persons (a file and the files merged into it), oldest first. */
export async function collectDemandesExport(
  tx: TransactionSql,
  personIds: readonly string[],
): Promise<DemandeExport[]> {
  const rows = await tx<
    {
      id: string;
      numero: string;
      commission_type: string;
      aid_kind: string;
      state: string;
      urgent: boolean;
      objet: string;
      montant_demande_cents: number | null;
      creditor_kind: string | null;
      creditor_name: string | null;
      creditor_reference: string | null;
      rapport_social: string | null;
      deposee_le: string;
      organisation: string;
      computed_at: Date | null;
      uc_hundredths: number | null;
      reste_a_vivre_cents: number | null;
      rav_par_unite_mois_cents: number | null;
      rav_par_unite_jour_cents: number | null;
      quotient_familial_cents: number | null;
      suggestion: string | null;
      created_at: Date;
    }[]
  >`
    SELECT d.id, d.numero, c.name AS commission_type, d.aid_kind, d.state, d.urgent, d.objet, d.montant_demande_cents,
      d.creditor_kind, d.creditor_name, d.creditor_reference, d.rapport_social,
      to_char(d.deposee_le, 'YYYY-MM-DD') AS deposee_le, o.name AS organisation, d.computed_at, d.uc_hundredths,
      d.reste_a_vivre_cents, d.rav_par_unite_mois_cents, d.rav_par_unite_jour_cents, d.quotient_familial_cents,
      d.suggestion, d.created_at
    FROM demande d
    JOIN commission_type c ON c.id = d.commission_type_id
    JOIN organisation o ON o.id = d.instructing_organisation_id
    WHERE d.person_id = ANY(${personIds as string[]}::uuid[])
    ORDER BY d.created_at, d.id`;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const household = await tx<
    {
      demande_id: string;
      relation: string;
      prenom: string | null;
      nom: string | null;
      birth_date: string | null;
      age: number | null;
    }[]
  >`
    SELECT demande_id, relation, prenom, nom, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, age
    FROM demande_household_member WHERE demande_id = ANY(${ids}::uuid[]) ORDER BY demande_id, position`;
  const lines = await tx<
    { demande_id: string; kind: string; type: string; label: string | null; amount_cents: number }[]
  >`SELECT demande_id, kind, type, label, amount_cents FROM demande_line WHERE demande_id = ANY(${ids}::uuid[])
    ORDER BY demande_id, position`;
  const pieces = await tx<{ demande_id: string; kind: string; status: string; file_name: string | null }[]>`
    SELECT p.demande_id, p.kind, p.status, a.file_name FROM demande_piece p
    LEFT JOIN demande_attachment a ON a.id = p.attachment_id
    WHERE p.demande_id = ANY(${ids}::uuid[]) ORDER BY p.demande_id, p.position`;
  const events = await tx<{ demande_id: string; at: Date; action: string; to_state: string; motif: string | null }[]>`
    SELECT demande_id, at, action, to_state, motif FROM demande_event WHERE demande_id = ANY(${ids}::uuid[])
    ORDER BY demande_id, at, id`;
  const decisions = await tx<
    {
      id: string;
      demande_id: string;
      decided_at: Date;
      outcome: string;
      amount_granted_cents: number | null;
      form: string | null;
      motive: string | null;
      signed_at: Date | null;
    }[]
  >`SELECT id, demande_id, decided_at, outcome, amount_granted_cents, form, motive, signed_at FROM decision
    WHERE demande_id = ANY(${ids}::uuid[]) ORDER BY demande_id, decided_at, id`;
  const payments = await tx<
    { demande_id: string; paid_on: string; amount_cents: number; payee: string; payee_name: string }[]
  >`SELECT demande_id, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, amount_cents, payee, payee_name FROM payment
    WHERE demande_id = ANY(${ids}::uuid[]) ORDER BY demande_id, paid_on, id`;
  const of = <T extends { demande_id: string }>(list: T[], id: string) => list.filter((x) => x.demande_id === id);
  return rows.map((d) => ({
    id: d.id,
    numero: d.numero,
    commissionType: d.commission_type,
    aidKind: d.aid_kind,
    state: d.state,
    urgent: d.urgent,
    objet: d.objet,
    montantDemandeCents: d.montant_demande_cents,
    creditor:
      d.creditor_kind && d.creditor_name
        ? { kind: d.creditor_kind, name: d.creditor_name, reference: d.creditor_reference }
        : null,
    rapportSocial: d.rapport_social,
    deposeeLe: d.deposee_le,
    instructingOrganisation: d.organisation,
    computed: d.computed_at
      ? {
          ucHundredths: d.uc_hundredths,
          resteAVivreCents: d.reste_a_vivre_cents,
          parUniteMoisCents: d.rav_par_unite_mois_cents,
          parUniteJourCents: d.rav_par_unite_jour_cents,
          quotientFamilialCents: d.quotient_familial_cents,
          suggestion: d.suggestion,
        }
      : null,
    household: of(household, d.id).map((h) => ({
      relation: h.relation,
      prenom: h.prenom,
      nom: h.nom,
      birthDate: h.birth_date,
      age: h.age,
    })),
    lines: of(lines, d.id).map((l) => ({ kind: l.kind, type: l.type, label: l.label, amountCents: l.amount_cents })),
    pieces: of(pieces, d.id).map((p) => ({ kind: p.kind, status: p.status, fileName: p.file_name })),
    events: of(events, d.id).map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      toState: e.to_state,
      motif: e.motif,
    })),
    decisions: of(decisions, d.id).map((x) => ({
      id: x.id,
      decidedAt: x.decided_at.toISOString(),
      outcome: x.outcome,
      amountGrantedCents: x.amount_granted_cents,
      form: x.form,
      motive: x.motive,
      signedAt: x.signed_at ? x.signed_at.toISOString() : null,
    })),
    payments: of(payments, d.id).map((p) => ({
      paidOn: p.paid_on,
      amountCents: p.amount_cents,
      payee: p.payee,
      payeeName: p.payee_name,
    })),
    createdAt: d.created_at.toISOString(),
  }));
}
