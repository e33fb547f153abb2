import type { TransactionSql } from '@ensemblier/db';
import { collectDemandesExport, type DemandeExport } from '../commissions/export.ts';

/**
 * Right of access (RGPD art. 15): everything the platform holds about a person, collected for
 * the JSON export (the record: complete, stable keys, ids kept) and the PDF handed to the
 * person (apps/api/src/persons/rights-pdf.ts: readable French, no ids).
 *
 * The data of the files merged into this one (person.merged_into_id) is collected with it: a
 * merge moves their rows here, and whatever stayed with a merged file (its audit rows, a
 * situation the kept file already had) is still held about the same person.
 */

/**
 * Every table holding a person's data (a `person_id` column or a foreign key to `person`) and
 * the key of the export that carries it. The catalogue guard in
 * apps/api/test/rights.integration.test.ts fails when a table holding person data is neither
 * here nor in NOT_EXPORTED_PERSON_TABLES. The rows of tables that hang off these (referral tasks,
 * events, messages, attachments; the organisations of a consent event) are exported with
 * their parent.
 */
export const PERSON_EXPORT_TABLES = {
  person: 'person',
  person_access: 'access',
  consent_event: 'consents',
  follow_up_member: 'followUpGroup',
  timeline_entry: 'timeline',
  referral: 'referrals',
  person_situation: 'situation',
  household_member: 'household',
  person_budget_line: 'budget',
  person_task: 'tasks',
  demande: 'demandes',
  register_entry: 'register',
  visit_programme: 'visitProgrammes',
  visit: 'visits',
  campaign_list_entry: 'campaigns',
  campaign_call: 'campaignCalls',
  // The reads of the file and every other action about the person (who, organisation, when, why).
  audit_event: 'consultations',
} as const satisfies Record<string, keyof PersonExport>;

/** Tables with a person_id that the export leaves out, and why (read by the catalogue guard). */
export const NOT_EXPORTED_PERSON_TABLES: Record<string, string> = {
  person_name_word: 'search index derived from the names, which are exported with the identity',
  elimination_request:
    'retention workflow record (migration 0017): who proposed or decided an elimination; no personal data, and an active file has none',
};

type Iso = string;

export interface PersonExport {
  format: 'ensemblier.person-export';
  version: 1;
  generatedAt: Iso;
  territory: { name: string; kind: string };
  /** The data controller of the shared platform: the territory's CCAS / CIAS. */
  controller: {
    name: string;
    email: string | null;
    phone: string | null;
    adresse: string | null;
    codePostal: string | null;
    commune: string | null;
  } | null;
  person: {
    id: string;
    nom: string;
    prenom: string;
    nomNaissance: string | null;
    dateNaissance: string | null;
    communeInsee: string | null;
    communeName: string | null;
    adresse: string | null;
    telephone: string | null;
    courriel: string | null;
    preferredContact: string | null;
    status: string;
    createdAt: Iso;
    updatedAt: Iso;
    createdByOrganisation: string;
    createdByUser: string;
    mergedFileIds: string[];
  };
  situation: Record<string, string | number | null>[];
  household: {
    id: string;
    relation: string;
    prenom: string;
    nom: string | null;
    dateNaissance: string | null;
    aCharge: boolean;
    createdAt: Iso;
    updatedAt: Iso;
    updatedBy: string;
  }[];
  budget: {
    id: string;
    kind: string;
    type: string;
    label: string | null;
    monthlyAmountCents: number;
    householdMemberId: string | null;
    householdMemberPrenom: string | null;
    createdAt: Iso;
    updatedAt: Iso;
    updatedBy: string;
  }[];
  access: {
    organisationId: string;
    organisation: string;
    reason: string;
    grantedAt: Iso;
    revokedAt: Iso | null;
    revokedReason: string | null;
  }[];
  consents: {
    id: string;
    kind: string;
    mode: string;
    occurredOn: string;
    allOrganisations: boolean;
    organisations: string[];
    thematiqueCategories: string[];
    note: string | null;
    recordedBy: string;
    recordedByOrganisation: string;
    recordedAt: Iso;
  }[];
  followUpGroup: {
    id: string;
    organisationId: string;
    organisation: string;
    referent: string | null;
    reason: string;
    joinedAt: Iso;
    leftAt: Iso | null;
    addedBy: string;
    endedBy: string | null;
  }[];
  timeline: {
    id: string;
    type: string;
    visibility: string;
    sensitiveCategory: string | null;
    title: string;
    body: string;
    occurredAt: Iso;
    createdAt: Iso;
    author: string;
    authorOrganisation: string;
  }[];
  referrals: {
    id: string;
    createdAt: Iso;
    sentAt: Iso | null;
    thematiques: string[];
    motif: string;
    urgency: string;
    dejaFait: string | null;
    attendu: string | null;
    overallState: string;
    sender: string;
    senderOrganisation: string;
    tasks: {
      id: string;
      recipientOrganisation: string;
      service: string | null;
      toRoute: boolean;
      state: string;
      sentAt: Iso | null;
      answeredAt: Iso | null;
      closedAt: Iso | null;
      refusalReason: string | null;
      outcome: string | null;
    }[];
    events: {
      at: Iso;
      action: string;
      fromState: string | null;
      toState: string | null;
      reason: string | null;
      outcome: string | null;
      message: string | null;
      actor: string | null;
      actorOrganisation: string | null;
      recipientOrganisation: string | null;
    }[];
    messages: {
      id: string;
      at: Iso;
      author: string;
      authorOrganisation: string;
      recipientOrganisation: string;
      body: string;
    }[];
    attachments: {
      id: string;
      fileName: string;
      mimeType: string;
      sizeBytes: number;
      uploadedAt: Iso;
      uploadedBy: string;
      uploadedByOrganisation: string;
    }[];
  }[];
  tasks: {
    id: string;
    title: string;
    detail: string;
    dueOn: string;
    status: string;
    assignee: string;
    assigneeOrganisation: string;
    author: string;
    authorOrganisation: string;
    createdAt: Iso;
    closedAt: Iso | null;
    closedBy: string | null;
  }[];
  /** Demandes d'aide (commissions), with their household, budget, pièces, decisions and payments. */
  demandes: DemandeExport[];
  /** Registrations in the register of vulnerable people (issue 7), radiated ones included. */
  register: {
    id: string;
    status: string;
    requestedBy: string;
    requesterName: string | null;
    requesterLink: string | null;
    consentMode: string;
    consentOn: string;
    situation: string;
    isole: boolean;
    adresse: string;
    communeInsee: string | null;
    secteur: string | null;
    digicode: string | null;
    batiment: string | null;
    etage: string | null;
    cles: string | null;
    accesNotes: string | null;
    telephones: unknown;
    contactsUrgence: unknown;
    medecin: unknown;
    servicesDomicile: unknown;
    registeredOn: string;
    registeredBy: string;
    registeredByOrganisation: string;
    optedOutOn: string | null;
    optOutReason: string | null;
    optOutMode: string | null;
    optOutNote: string | null;
  }[];
  /** Visit programmes (issue 7), with their visitors. */
  visitProgrammes: {
    id: string;
    recurrence: string;
    startsOn: string;
    status: string;
    visitors: string[];
    createdBy: string;
    createdAt: Iso;
  }[];
  /** Visits and calls logged by volunteers and agents. */
  visits: {
    id: string;
    kind: string;
    outcome: string;
    durationMinutes: number | null;
    mood: number | null;
    needs: string[];
    note: string | null;
    alert: boolean;
    visitor: string;
    visitorOrganisation: string;
    occurredAt: Iso;
  }[];
  /** Heatwave / cold-spell campaigns whose call list held the person (issue 7), with the caller assigned. */
  campaigns: {
    campaignId: string;
    type: string;
    title: string | null;
    startsAt: Iso;
    caller: string;
    assignedAt: Iso;
  }[];
  /** Calls made to the person during those campaigns. */
  campaignCalls: {
    id: string;
    campaignId: string;
    outcome: string;
    needs: string[];
    note: string | null;
    caller: string;
    callerOrganisation: string;
    occurredAt: Iso;
  }[];
  /** Every audited action about the person, oldest first; reads say why the reader had access. */
  consultations: {
    at: Iso;
    action: string;
    user: string | null;
    organisation: string | null;
    role: string | null;
    reason: string | null;
  }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const isoReq = (d: Date) => d.toISOString();

/**
 * Collects the export of one person (the caller has checked who may). Every list is ordered
 * by time then id, so two exports of an unchanged file are identical but for generatedAt.
 */
export async function collectPersonExport(
  tx: TransactionSql,
  personId: string,
  generatedAt: Date,
): Promise<PersonExport | null> {
  const [p] = await tx<
    {
      id: string;
      nom: string;
      prenom: string;
      nom_naissance: string | null;
      date_naissance: string | null;
      commune_insee: string | null;
      commune_name: string | null;
      adresse: string | null;
      telephone: string | null;
      courriel: string | null;
      preferred_contact: string | null;
      status: string;
      created_at: Date;
      updated_at: Date;
      created_by_organisation: string;
      created_by_user: string;
    }[]
  >`
    SELECT p.id, p.nom, p.prenom, p.nom_naissance, to_char(p.date_naissance, 'YYYY-MM-DD') AS date_naissance,
      p.commune_insee, c.nom AS commune_name, p.adresse, p.telephone, p.courriel, p.preferred_contact, p.status,
      p.created_at, p.updated_at, o.name AS created_by_organisation, u.name AS created_by_user
    FROM person p
    LEFT JOIN commune c ON c.code = p.commune_insee
    JOIN organisation o ON o.id = p.created_by_organisation_id
    JOIN app_user u ON u.id = p.created_by_user_id
    WHERE p.id = ${personId}`;
  if (!p) return null;

  // The files merged into this one, at any depth.
  const merged = await tx<{ id: string }[]>`
    WITH RECURSIVE m(id) AS (
      SELECT id FROM person WHERE merged_into_id = ${personId}
      UNION SELECT p.id FROM person p JOIN m ON p.merged_into_id = m.id)
    SELECT id FROM m ORDER BY id`;
  const ids = [personId, ...merged.map((r) => r.id)];

  const [territory] = await tx<{ name: string; kind: string }[]>`
    SELECT name, kind FROM territory`;
  const [controller] = await tx<
    {
      name: string;
      email: string | null;
      phone: string | null;
      adresse: string | null;
      code_postal: string | null;
      commune: string | null;
    }[]
  >`
    SELECT o.name, o.email, o.phone, o.adresse, o.code_postal, c.nom AS commune
    FROM organisation o JOIN territory t ON t.territory_id = o.territory_id
    LEFT JOIN commune c ON c.code = o.commune_insee
    WHERE o.type = t.kind AND o.status = 'active'
    ORDER BY o.created_at, o.id LIMIT 1`;

  const situation = await tx<Record<string, unknown>[]>`
    SELECT s.situation_familiale, s.logement_type, s.logement_statut, s.bailleur_nom, bo.name AS bailleur_organisation,
      s.gir, to_char(s.gir_evaluated_on, 'YYYY-MM-DD') AS gir_evaluated_on, s.protection_mesure,
      s.protection_mandataire, s.nationalite, s.titre_sejour_type,
      to_char(s.titre_sejour_fin, 'YYYY-MM-DD') AS titre_sejour_fin, s.contact_best_times, s.contact_notes,
      s.created_at, s.updated_at, u.name AS updated_by, uo.name AS updated_by_organisation
    FROM person_situation s
    LEFT JOIN organisation bo ON bo.id = s.bailleur_organisation_id
    JOIN app_user u ON u.id = s.updated_by_user_id
    JOIN organisation uo ON uo.id = s.updated_by_organisation_id
    WHERE s.person_id = ANY(${ids}::uuid[])
    ORDER BY s.created_at, s.person_id`;

  const household = await tx<
    {
      id: string;
      relation: string;
      prenom: string;
      nom: string | null;
      date_naissance: string | null;
      a_charge: boolean;
      created_at: Date;
      updated_at: Date;
      updated_by: string;
    }[]
  >`
    SELECT h.id, h.relation, h.prenom, h.nom, to_char(h.date_naissance, 'YYYY-MM-DD') AS date_naissance, h.a_charge,
      h.created_at, h.updated_at, u.name AS updated_by
    FROM household_member h JOIN app_user u ON u.id = h.updated_by_user_id
    WHERE h.person_id = ANY(${ids}::uuid[])
    ORDER BY h.created_at, h.id`;

  const budget = await tx<
    {
      id: string;
      kind: string;
      type: string;
      label: string | null;
      amount_cents: number;
      household_member_id: string | null;
      member_prenom: string | null;
      created_at: Date;
      updated_at: Date;
      updated_by: string;
    }[]
  >`
    SELECT b.id, b.kind, b.type, b.label, b.amount_cents, b.household_member_id, h.prenom AS member_prenom,
      b.created_at, b.updated_at, u.name AS updated_by
    FROM person_budget_line b
    LEFT JOIN household_member h ON h.id = b.household_member_id
    JOIN app_user u ON u.id = b.updated_by_user_id
    WHERE b.person_id = ANY(${ids}::uuid[])
    ORDER BY b.kind DESC, b.created_at, b.id`;

  const access = await tx<
    {
      organisation_id: string;
      organisation: string;
      reason: string;
      granted_at: Date;
      revoked_at: Date | null;
      revoked_reason: string | null;
    }[]
  >`
    SELECT pa.organisation_id, o.name AS organisation, pa.reason, pa.granted_at, pa.revoked_at, pa.revoked_reason
    FROM person_access pa JOIN organisation o ON o.id = pa.organisation_id
    WHERE pa.person_id = ANY(${ids}::uuid[])
    ORDER BY pa.granted_at, pa.organisation_id`;

  const consents = await tx<
    {
      id: string;
      kind: string;
      mode: string;
      occurred_on: string;
      all_organisations: boolean;
      organisations: string[] | null;
      thematique_categories: string[];
      note: string | null;
      recorded_by: string;
      recorded_by_organisation: string;
      recorded_at: Date;
    }[]
  >`
    SELECT ce.id, ce.kind, ce.mode, to_char(ce.occurred_on, 'YYYY-MM-DD') AS occurred_on, ce.all_organisations,
      (SELECT array_agg(o.name ORDER BY o.name) FROM consent_event_organisation ceo
        JOIN organisation o ON o.id = ceo.organisation_id WHERE ceo.consent_event_id = ce.id) AS organisations,
      ce.thematique_categories, ce.note, u.name AS recorded_by, ro.name AS recorded_by_organisation, ce.recorded_at
    FROM consent_event ce
    JOIN app_user u ON u.id = ce.recorded_by_user_id
    JOIN organisation ro ON ro.id = ce.recorded_by_organisation_id
    WHERE ce.person_id = ANY(${ids}::uuid[])
    ORDER BY ce.recorded_at, ce.id`;

  const group = await tx<
    {
      id: string;
      organisation_id: string;
      organisation: string;
      referent: string | null;
      reason: string;
      joined_at: Date;
      left_at: Date | null;
      added_by: string;
      ended_by: string | null;
    }[]
  >`
    SELECT m.id, m.organisation_id, o.name AS organisation, r.name AS referent, m.reason, m.joined_at, m.left_at,
      a.name AS added_by, e.name AS ended_by
    FROM follow_up_member m
    JOIN organisation o ON o.id = m.organisation_id
    LEFT JOIN app_user r ON r.id = m.referent_user_id
    JOIN app_user a ON a.id = m.added_by_user_id
    LEFT JOIN app_user e ON e.id = m.ended_by_user_id
    WHERE m.person_id = ANY(${ids}::uuid[])
    ORDER BY m.joined_at, m.id`;

  // Every entry, whatever its visibility or sensitive category: the person has a right to all.
  const timeline = await tx<
    {
      id: string;
      type: string;
      visibility: string;
      sensitive_category: string | null;
      title: string;
      body: string;
      occurred_at: Date;
      created_at: Date;
      author: string;
      author_organisation: string;
    }[]
  >`
    SELECT e.id, e.type, e.visibility, e.sensitive_category, e.title, e.body, e.occurred_at, e.created_at,
      u.name AS author, o.name AS author_organisation
    FROM timeline_entry e
    JOIN app_user u ON u.id = e.author_user_id
    JOIN organisation o ON o.id = e.author_organisation_id
    WHERE e.person_id = ANY(${ids}::uuid[])
    ORDER BY e.occurred_at, e.created_at, e.id`;

  const referrals = await tx<
    {
      id: string;
      created_at: Date;
      sent_at: Date | null;
      thematiques: string[];
      motif: string;
      urgency: string;
      deja_fait: string | null;
      attendu: string | null;
      overall_state: string;
      sender: string;
      sender_organisation: string;
    }[]
  >`
    SELECT r.id, r.created_at, r.sent_at, r.thematiques, r.motif, r.urgency, r.deja_fait, r.attendu, r.overall_state,
      u.name AS sender, o.name AS sender_organisation
    FROM referral r
    JOIN app_user u ON u.id = r.sender_user_id
    JOIN organisation o ON o.id = r.sender_organisation_id
    WHERE r.person_id = ANY(${ids}::uuid[])
    ORDER BY r.created_at, r.id`;
  const referralIds = referrals.map((r) => r.id);

  const tasks = await tx<
    {
      id: string;
      referral_id: string;
      recipient_organisation: string;
      service: string | null;
      to_route: boolean;
      state: string;
      sent_at: Date | null;
      answered_at: Date | null;
      closed_at: Date | null;
      refusal_reason: string | null;
      outcome: string | null;
    }[]
  >`
    SELECT t.id, t.referral_id, o.name AS recipient_organisation, s.nom AS service, t.to_route, t.state, t.sent_at,
      t.answered_at, t.closed_at, t.refusal_reason, t.outcome
    FROM referral_task t
    JOIN organisation o ON o.id = t.recipient_organisation_id
    LEFT JOIN service s ON s.id = t.service_id
    WHERE t.referral_id = ANY(${referralIds}::uuid[])
    ORDER BY t.created_at, t.id`;

  const events = await tx<
    {
      referral_id: string;
      at: Date;
      action: string;
      from_state: string | null;
      to_state: string | null;
      reason: string | null;
      outcome: string | null;
      message: string | null;
      actor: string | null;
      actor_organisation: string | null;
      recipient_organisation: string | null;
    }[]
  >`
    SELECT ev.referral_id, ev.at, ev.action, ev.from_state, ev.to_state, ev.reason, ev.outcome, ev.message,
      u.name AS actor, o.name AS actor_organisation, ro.name AS recipient_organisation
    FROM referral_event ev
    LEFT JOIN app_user u ON u.id = ev.actor_user_id
    LEFT JOIN organisation o ON o.id = ev.actor_organisation_id
    LEFT JOIN referral_task t ON t.id = ev.task_id
    LEFT JOIN organisation ro ON ro.id = t.recipient_organisation_id
    WHERE ev.referral_id = ANY(${referralIds}::uuid[])
    ORDER BY ev.at, ev.id`;

  const messages = await tx<
    {
      id: string;
      referral_id: string;
      created_at: Date;
      author: string;
      author_organisation: string;
      recipient_organisation: string;
      body: string;
    }[]
  >`
    SELECT m.id, m.referral_id, m.created_at, u.name AS author, o.name AS author_organisation,
      ro.name AS recipient_organisation, m.body
    FROM referral_message m
    JOIN app_user u ON u.id = m.author_user_id
    JOIN organisation o ON o.id = m.author_organisation_id
    JOIN referral_task t ON t.id = m.task_id
    JOIN organisation ro ON ro.id = t.recipient_organisation_id
    WHERE m.referral_id = ANY(${referralIds}::uuid[])
    ORDER BY m.created_at, m.id`;

  const attachments = await tx<
    {
      id: string;
      referral_id: string;
      file_name: string;
      mime_type: string;
      size_bytes: number;
      created_at: Date;
      uploaded_by: string;
      uploaded_by_organisation: string;
    }[]
  >`
    SELECT a.id, a.referral_id, a.file_name, a.mime_type, a.size_bytes, a.created_at, u.name AS uploaded_by,
      o.name AS uploaded_by_organisation
    FROM referral_attachment a
    JOIN app_user u ON u.id = a.uploaded_by_user_id
    JOIN organisation o ON o.id = a.uploaded_by_organisation_id
    WHERE a.referral_id = ANY(${referralIds}::uuid[])
    ORDER BY a.created_at, a.id`;

  const demandes = await collectDemandesExport(tx, ids);

  // The register of vulnerable people (migration 0022; absent while it is not applied).
  const [hasRegister] = await tx<{ ok: boolean }[]>`SELECT to_regclass('public.register_entry') IS NOT NULL AS ok`;
  const register = hasRegister?.ok
    ? await tx<PersonExport['register']>`
        SELECT r.id, r.status, r.requested_by AS "requestedBy", r.requester_name AS "requesterName",
          r.requester_link AS "requesterLink", r.consent_mode AS "consentMode",
          to_char(r.consent_on, 'YYYY-MM-DD') AS "consentOn", r.situation, r.isole, r.adresse,
          r.commune_insee AS "communeInsee", r.secteur, r.digicode, r.batiment, r.etage, r.cles,
          r.acces_notes AS "accesNotes", r.telephones, r.contacts_urgence AS "contactsUrgence", r.medecin,
          r.services_domicile AS "servicesDomicile", to_char(r.registered_on, 'YYYY-MM-DD') AS "registeredOn",
          u.name AS "registeredBy", o.name AS "registeredByOrganisation",
          to_char(r.opted_out_on, 'YYYY-MM-DD') AS "optedOutOn", r.opt_out_reason AS "optOutReason",
          r.opt_out_mode AS "optOutMode", r.opt_out_note AS "optOutNote"
        FROM register_entry r
        JOIN app_user u ON u.id = r.registered_by_user_id
        JOIN organisation o ON o.id = r.registered_by_organisation_id
        WHERE r.person_id = ANY(${ids}::uuid[])
        ORDER BY r.registered_at, r.id`
    : [];

  // Visit programmes and visits (migration 0023; absent while it is not applied).
  const [hasVisits] = await tx<{ ok: boolean }[]>`SELECT to_regclass('public.visit') IS NOT NULL AS ok`;
  const visitProgrammes = hasVisits?.ok
    ? await tx<PersonExport['visitProgrammes']>`
        SELECT vp.id, vp.recurrence, to_char(vp.starts_on, 'YYYY-MM-DD') AS "startsOn", vp.status,
          coalesce((SELECT array_agg(vu.name ORDER BY vu.name) FROM visit_programme_visitor v
            JOIN app_user vu ON vu.id = v.user_id WHERE v.programme_id = vp.id), '{}') AS visitors,
          u.name AS "createdBy", to_char(vp.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
        FROM visit_programme vp
        JOIN app_user u ON u.id = vp.created_by_user_id
        WHERE vp.person_id = ANY(${ids}::uuid[])
        ORDER BY vp.created_at, vp.id`
    : [];
  const visits = hasVisits?.ok
    ? await tx<PersonExport['visits']>`
        SELECT v.id, v.kind, v.outcome, v.duration_minutes AS "durationMinutes", v.mood, v.needs, v.note, v.alert,
          u.name AS visitor, o.name AS "visitorOrganisation",
          to_char(v.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt"
        FROM visit v
        JOIN app_user u ON u.id = v.visitor_user_id
        JOIN organisation o ON o.id = v.visitor_organisation_id
        WHERE v.person_id = ANY(${ids}::uuid[])
        ORDER BY v.occurred_at, v.id`
    : [];

  // Campaigns (migration 0024; absent while it is not applied).
  const [hasCampaigns] = await tx<{ ok: boolean }[]>`SELECT to_regclass('public.campaign_call') IS NOT NULL AS ok`;
  const campaigns = hasCampaigns?.ok
    ? await tx<PersonExport['campaigns']>`
        SELECT c.id AS "campaignId", c.type, c.title, to_char(c.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startsAt", u.name AS caller,
          to_char(e.assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "assignedAt"
        FROM campaign_list_entry e
        JOIN campaign c ON c.id = e.campaign_id
        JOIN app_user u ON u.id = e.caller_user_id
        WHERE e.person_id = ANY(${ids}::uuid[])
        ORDER BY e.assigned_at, e.id`
    : [];
  const campaignCalls = hasCampaigns?.ok
    ? await tx<PersonExport['campaignCalls']>`
        SELECT k.id, k.campaign_id AS "campaignId", k.outcome, k.needs, k.note, u.name AS caller,
          o.name AS "callerOrganisation", to_char(k.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt"
        FROM campaign_call k
        JOIN app_user u ON u.id = k.caller_user_id
        JOIN organisation o ON o.id = k.caller_organisation_id
        WHERE k.person_id = ANY(${ids}::uuid[])
        ORDER BY k.occurred_at, k.id`
    : [];

  const personTasks = await tx<
    {
      id: string;
      title: string;
      detail: string;
      due_on: string;
      status: string;
      assignee: string;
      assignee_organisation: string;
      author: string;
      author_organisation: string;
      created_at: Date;
      closed_at: Date | null;
      closed_by: string | null;
    }[]
  >`
    SELECT t.id, t.title, t.detail, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.status, au.name AS assignee,
      ao.name AS assignee_organisation, u.name AS author, o.name AS author_organisation, t.created_at, t.closed_at,
      cu.name AS closed_by
    FROM person_task t
    JOIN app_user au ON au.id = t.assignee_user_id
    JOIN organisation ao ON ao.id = t.assignee_organisation_id
    JOIN app_user u ON u.id = t.author_user_id
    JOIN organisation o ON o.id = t.author_organisation_id
    LEFT JOIN app_user cu ON cu.id = t.closed_by_user_id
    WHERE t.person_id = ANY(${ids}::uuid[])
    ORDER BY t.created_at, t.id`;

  // audit_event_person_idx (territory_id, person_id).
  const audit = await tx<
    {
      at: Date;
      action: string;
      user_name: string | null;
      organisation_name: string | null;
      role: string | null;
      reason: string | null;
    }[]
  >`
    SELECT a.at, a.action, u.name AS user_name, o.name AS organisation_name, a.role,
      CASE WHEN a.action = 'referral.read' THEN 'orientation' ELSE a.details->>'reason' END AS reason
    FROM audit_event a
    LEFT JOIN app_user u ON u.territory_id = a.territory_id AND u.id = a.user_id
    LEFT JOIN organisation o ON o.territory_id = a.territory_id AND o.id = a.organisation_id
    WHERE a.person_id = ANY(${ids}::uuid[])
    ORDER BY a.seq`;

  const byReferral = <T extends { referral_id: string }>(rows: T[], id: string) =>
    rows.filter((r) => r.referral_id === id);

  return {
    format: 'ensemblier.person-export',
    version: 1,
    generatedAt: generatedAt.toISOString(),
    territory: { name: territory!.name, kind: territory!.kind },
    controller: controller
      ? {
          name: controller.name,
          email: controller.email,
          phone: controller.phone,
          adresse: controller.adresse,
          codePostal: controller.code_postal,
          commune: controller.commune,
        }
      : null,
    person: {
      id: p.id,
      nom: p.nom,
      prenom: p.prenom,
      nomNaissance: p.nom_naissance,
      dateNaissance: p.date_naissance,
      communeInsee: p.commune_insee,
      communeName: p.commune_name,
      adresse: p.adresse,
      telephone: p.telephone,
      courriel: p.courriel,
      preferredContact: p.preferred_contact,
      status: p.status,
      createdAt: isoReq(p.created_at),
      updatedAt: isoReq(p.updated_at),
      createdByOrganisation: p.created_by_organisation,
      createdByUser: p.created_by_user,
      mergedFileIds: ids.slice(1),
    },
    situation: situation.map((s) => ({
      situationFamiliale: (s.situation_familiale as string | null) ?? null,
      logementType: (s.logement_type as string | null) ?? null,
      logementStatut: (s.logement_statut as string | null) ?? null,
      bailleurNom: (s.bailleur_nom as string | null) ?? null,
      bailleurOrganisation: (s.bailleur_organisation as string | null) ?? null,
      gir: (s.gir as number | null) ?? null,
      girEvaluatedOn: (s.gir_evaluated_on as string | null) ?? null,
      protectionMesure: (s.protection_mesure as string | null) ?? null,
      protectionMandataire: (s.protection_mandataire as string | null) ?? null,
      nationalite: (s.nationalite as string | null) ?? null,
      titreSejourType: (s.titre_sejour_type as string | null) ?? null,
      titreSejourFin: (s.titre_sejour_fin as string | null) ?? null,
      contactBestTimes: (s.contact_best_times as string | null) ?? null,
      contactNotes: (s.contact_notes as string | null) ?? null,
      createdAt: isoReq(s.created_at as Date),
      updatedAt: isoReq(s.updated_at as Date),
      updatedBy: s.updated_by as string,
      updatedByOrganisation: s.updated_by_organisation as string,
    })),
    household: household.map((h) => ({
      id: h.id,
      relation: h.relation,
      prenom: h.prenom,
      nom: h.nom,
      dateNaissance: h.date_naissance,
      aCharge: h.a_charge,
      createdAt: isoReq(h.created_at),
      updatedAt: isoReq(h.updated_at),
      updatedBy: h.updated_by,
    })),
    budget: budget.map((b) => ({
      id: b.id,
      kind: b.kind,
      type: b.type,
      label: b.label,
      monthlyAmountCents: b.amount_cents,
      householdMemberId: b.household_member_id,
      householdMemberPrenom: b.member_prenom,
      createdAt: isoReq(b.created_at),
      updatedAt: isoReq(b.updated_at),
      updatedBy: b.updated_by,
    })),
    access: access.map((a) => ({
      organisationId: a.organisation_id,
      organisation: a.organisation,
      reason: a.reason,
      grantedAt: isoReq(a.granted_at),
      revokedAt: iso(a.revoked_at),
      revokedReason: a.revoked_reason,
    })),
    consents: consents.map((c) => ({
      id: c.id,
      kind: c.kind,
      mode: c.mode,
      occurredOn: c.occurred_on,
      allOrganisations: c.all_organisations,
      organisations: c.organisations ?? [],
      thematiqueCategories: c.thematique_categories,
      note: c.note,
      recordedBy: c.recorded_by,
      recordedByOrganisation: c.recorded_by_organisation,
      recordedAt: isoReq(c.recorded_at),
    })),
    followUpGroup: group.map((m) => ({
      id: m.id,
      organisationId: m.organisation_id,
      organisation: m.organisation,
      referent: m.referent,
      reason: m.reason,
      joinedAt: isoReq(m.joined_at),
      leftAt: iso(m.left_at),
      addedBy: m.added_by,
      endedBy: m.ended_by,
    })),
    timeline: timeline.map((e) => ({
      id: e.id,
      type: e.type,
      visibility: e.visibility,
      sensitiveCategory: e.sensitive_category,
      title: e.title,
      body: e.body,
      occurredAt: isoReq(e.occurred_at),
      createdAt: isoReq(e.created_at),
      author: e.author,
      authorOrganisation: e.author_organisation,
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      createdAt: isoReq(r.created_at),
      sentAt: iso(r.sent_at),
      thematiques: r.thematiques,
      motif: r.motif,
      urgency: r.urgency,
      dejaFait: r.deja_fait,
      attendu: r.attendu,
      overallState: r.overall_state,
      sender: r.sender,
      senderOrganisation: r.sender_organisation,
      tasks: byReferral(tasks, r.id).map((t) => ({
        id: t.id,
        recipientOrganisation: t.recipient_organisation,
        service: t.service,
        toRoute: t.to_route,
        state: t.state,
        sentAt: iso(t.sent_at),
        answeredAt: iso(t.answered_at),
        closedAt: iso(t.closed_at),
        refusalReason: t.refusal_reason,
        outcome: t.outcome,
      })),
      events: byReferral(events, r.id).map((e) => ({
        at: isoReq(e.at),
        action: e.action,
        fromState: e.from_state,
        toState: e.to_state,
        reason: e.reason,
        outcome: e.outcome,
        message: e.message,
        actor: e.actor,
        actorOrganisation: e.actor_organisation,
        recipientOrganisation: e.recipient_organisation,
      })),
      messages: byReferral(messages, r.id).map((m) => ({
        id: m.id,
        at: isoReq(m.created_at),
        author: m.author,
        authorOrganisation: m.author_organisation,
        recipientOrganisation: m.recipient_organisation,
        body: m.body,
      })),
      attachments: byReferral(attachments, r.id).map((a) => ({
        id: a.id,
        fileName: a.file_name,
        mimeType: a.mime_type,
        sizeBytes: a.size_bytes,
        uploadedAt: isoReq(a.created_at),
        uploadedBy: a.uploaded_by,
        uploadedByOrganisation: a.uploaded_by_organisation,
      })),
    })),
    tasks: personTasks.map((t) => ({
      id: t.id,
      title: t.title,
      detail: t.detail,
      dueOn: t.due_on,
      status: t.status,
      assignee: t.assignee,
      assigneeOrganisation: t.assignee_organisation,
      author: t.author,
      authorOrganisation: t.author_organisation,
      createdAt: isoReq(t.created_at),
      closedAt: iso(t.closed_at),
      closedBy: t.closed_by,
    })),
    demandes,
    register: [...register],
    visitProgrammes: [...visitProgrammes],
    visits: [...visits],
    campaigns: [...campaigns],
    campaignCalls: [...campaignCalls],
    consultations: audit.map((a) => ({
      at: isoReq(a.at),
      action: a.action,
      user: a.user_name,
      organisation: a.organisation_name,
      role: a.role,
      reason: a.reason,
    })),
  };
}
