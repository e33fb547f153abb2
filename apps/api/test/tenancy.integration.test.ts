import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appRouter } from '../src/router.ts';
import { seedScale } from '../src/seed/demo.ts';
import { codeOf, inTerritory, setupApi, type Browser, type Harness } from './harness.ts';

let h: Harness;
let admin: Browser;
let other: { territoryId: string; orgId: string; membershipId: string; userId: string; serviceId: string };
/** A person, a referral, its task and an attachment of territory B. */
let otherReferral: { personId: string; referralId: string; taskId: string; attachmentId: string };
/** An archived person of territory B with an elimination proposed, and territory A's archivist. */
let otherArchive: { personId: string; requestId: string };
let archivist: Browser;

beforeAll(async () => {
  h = await setupApi();
  const b = await seedScale(h.db.owner, 1, 'Territoire B');
  const [row] = await inTerritory(
    h,
    (tx) => tx`SELECT m.id, m.organisation_id, m.user_id FROM membership m ORDER BY m.created_at LIMIT 1`,
    b.territoryId,
  );
  // seedScale gives territory B its directory services too.
  const [service] = await inTerritory(
    h,
    (tx) => tx`SELECT id FROM service WHERE organisation_id = ${row!.organisation_id} LIMIT 1`,
    b.territoryId,
  );
  other = {
    territoryId: b.territoryId,
    orgId: row!.organisation_id,
    membershipId: row!.id,
    userId: row!.user_id,
    serviceId: service!.id,
  };
  otherReferral = await inTerritory(
    h,
    async (tx) => {
      const t = other.territoryId;
      const [p] = await tx`INSERT INTO person (territory_id, nom, prenom, name_key, created_by_organisation_id,
        created_by_user_id) VALUES (${t}, 'Autre', 'Territoire', 'autre territoire', ${other.orgId}, ${other.userId})
        RETURNING id`;
      await tx`INSERT INTO person_access (territory_id, person_id, organisation_id, reason)
        VALUES (${t}, ${p!.id}, ${other.orgId}, 'creator')`;
      const [r] = await tx`INSERT INTO referral (territory_id, person_id, sender_organisation_id, sender_user_id,
        thematiques, motif, overall_state, idempotency_key, sent_at)
        VALUES (${t}, ${p!.id}, ${other.orgId}, ${other.userId}, '{aide-alimentaire--colis}', 'Motif', 'envoyee',
          gen_random_uuid(), now()) RETURNING id`;
      const [task] = await tx`INSERT INTO referral_task (territory_id, referral_id, sender_organisation_id, urgency,
        recipient_organisation_id, to_route, state, sent_at)
        VALUES (${t}, ${r!.id}, ${other.orgId}, 'normale', ${other.orgId}, true, 'envoyee', now()) RETURNING id`;
      const [a] =
        await tx`INSERT INTO referral_attachment (territory_id, referral_id, storage_key, file_name, mime_type,
        size_bytes, sha256, uploaded_by_user_id, uploaded_by_organisation_id)
        VALUES (${t}, ${r!.id}, ${'0'.repeat(64)}, 'x.pdf', 'application/pdf', 10, 'x', ${other.userId}, ${other.orgId})
        RETURNING id`;
      return { personId: p!.id, referralId: r!.id, taskId: task!.id, attachmentId: a!.id };
    },
    other.territoryId,
  );
  admin = await h.as('admin@demo.ensemblier.fr');
  archivist = await h.as('archiviste@demo.ensemblier.fr');
  otherArchive = await inTerritory(
    h,
    async (tx) => {
      const t = other.territoryId;
      const [p] = await tx`INSERT INTO person (territory_id, nom, prenom, name_key, created_by_organisation_id,
        created_by_user_id, status, archived_at, retention_category)
        VALUES (${t}, 'Archivée', 'Ailleurs', 'archivee ailleurs', ${other.orgId}, ${other.userId}, 'archived', now(),
          'suivi') RETURNING id`;
      const [r] = await tx`INSERT INTO elimination_request (territory_id, person_id, category, due_at, proposed_at)
        VALUES (${t}, ${p!.id}, 'suivi', now(), now()) RETURNING id`;
      return { personId: p!.id, requestId: r!.id };
    },
    other.territoryId,
  );
});
afterAll(() => h.close());

/** A task on territory B's person (tasks.complete / cancel / reopen). */
let otherPersonTaskId: string;
beforeAll(async () => {
  const [t] = await inTerritory(
    h,
    (tx) => tx`INSERT INTO person_task (territory_id, person_id, title, due_on, assignee_user_id,
      assignee_organisation_id, author_user_id, author_organisation_id)
      VALUES (${other.territoryId}, ${otherReferral.personId}, 'Tâche', current_date, ${other.userId}, ${other.orgId},
        ${other.userId}, ${other.orgId}) RETURNING id`,
    other.territoryId,
  );
  otherPersonTaskId = t!.id as string;
});

/** Territory B's commission: a type, a séance, a demande on its person and a decision (séances, issue 6). */
let otherSeance: { typeId: string; seanceId: string; demandeId: string; decisionId: string };
/** Territory A's coordinator (commission procedures are the coordinators' and members'). */
let coordinatorA: Browser;
beforeAll(async () => {
  coordinatorA = await h.as('coordination@demo.ensemblier.fr');
  otherSeance = await inTerritory(
    h,
    async (tx) => {
      const t = other.territoryId;
      const [ct] = await tx`INSERT INTO commission_type (territory_id, name, aid_kinds, quorum, bareme,
        created_by_user_id, updated_by_user_id) VALUES (${t}, 'Commission B', '{secours_financier}',
        ${tx.json({ kind: 'majorite', pouvoirsComptent: false })}, ${tx.json({})}, ${other.userId}, ${other.userId})
        RETURNING id`;
      const [s] = await tx`INSERT INTO seance (territory_id, numero, commission_type_id, date, heure, lieu, quorum,
        voix_preponderante, created_by_user_id) VALUES (${t}, '2026-01', ${ct!.id}, '2026-12-01', '14:00', 'Ailleurs',
        ${tx.json({ kind: 'majorite', pouvoirsComptent: false })}, true, ${other.userId}) RETURNING id`;
      const [d] = await tx`INSERT INTO demande (territory_id, numero, person_id, commission_type_id, aid_kind, objet,
        montant_demande_cents, state, deposee_le, instructing_organisation_id, instructing_user_id, computed_at,
        created_by_user_id, updated_by_user_id) VALUES (${t}, '2026-0001', ${otherReferral.personId}, ${ct!.id},
        'secours_financier', 'Objet', 10000, 'decidee', '2026-01-02', ${other.orgId}, ${other.userId}, now(),
        ${other.userId}, ${other.userId}) RETURNING id`;
      const [dec] = await tx`INSERT INTO decision (territory_id, demande_id, seance_id, outcome, amount_granted_cents,
        form, required_signatures, decided_at, decided_by_user_id) VALUES (${t}, ${d!.id}, ${s!.id}, 'accord', 10000,
        'personne', 2, now(), ${other.userId}) RETURNING id`;
      return { typeId: ct!.id, seanceId: s!.id, demandeId: d!.id, decisionId: dec!.id };
    },
    other.territoryId,
  );
});

/** A commission type, a demande d'aide and its attachment of territory B (commissions). */
let otherCommission: { typeId: string; demandeId: string; attachmentId: string };
/** Territory A's coordinator (demandes are instructed by professionals, never by the admin). */
let instructorA: Browser;
beforeAll(async () => {
  instructorA = await h.as('coordination@demo.ensemblier.fr');
  otherCommission = await inTerritory(
    h,
    async (tx) => {
      const t = other.territoryId;
      const [c] = await tx`INSERT INTO commission_type (territory_id, name, aid_kinds, quorum, bareme,
        created_by_user_id, updated_by_user_id)
        VALUES (${t}, 'Commission B (demandes)', '{secours_financier}', '{"kind":"majorite"}', '{}', ${other.userId},
          ${other.userId}) RETURNING id`;
      const [d] = await tx`INSERT INTO demande (territory_id, numero, person_id, commission_type_id, aid_kind, objet,
        deposee_le, instructing_organisation_id, instructing_user_id, created_by_user_id, updated_by_user_id)
        VALUES (${t}, '2026-0900', ${otherReferral.personId}, ${c!.id}, 'secours_financier', 'Objet', '2026-01-01',
          ${other.orgId}, ${other.userId}, ${other.userId}, ${other.userId}) RETURNING id`;
      const [a] = await tx`INSERT INTO demande_attachment (territory_id, demande_id, storage_key, file_name, mime_type,
        size_bytes, sha256, uploaded_by_user_id, uploaded_by_organisation_id)
        VALUES (${t}, ${d!.id}, ${'1'.repeat(64)}, 'x.pdf', 'application/pdf', 10, 'x', ${other.userId}, ${other.orgId})
        RETURNING id`;
      return { typeId: c!.id, demandeId: d!.id, attachmentId: a!.id };
    },
    other.territoryId,
  );
});

/**
 * Every procedure whose input carries an object id, called by an admin of territory A
 * with ids of territory B. A new procedure that takes an id fails the coverage check
 * until it is added here.
 */
const crossTerritoryCalls: Record<string, (b: Browser) => Promise<unknown>> = {
  'auth.switchMembership': (b) => b.trpc.auth.switchMembership.mutate({ membershipId: other.membershipId }),
  'admin.organisations.get': (b) => b.trpc.admin.organisations.get.query({ id: other.orgId }),
  'admin.organisations.update': (b) =>
    b.trpc.admin.organisations.update.mutate({ id: other.orgId, version: 1, name: 'Piratage', type: 'autre' }),
  'admin.organisations.deactivate': (b) => b.trpc.admin.organisations.deactivate.mutate({ id: other.orgId }),
  'admin.organisations.reactivate': (b) => b.trpc.admin.organisations.reactivate.mutate({ id: other.orgId }),
  'admin.members.list': (b) => b.trpc.admin.members.list.query({ organisationId: other.orgId }),
  'admin.members.invite': (b) =>
    b.trpc.admin.members.invite.mutate({
      organisationId: other.orgId,
      email: 'intrus@exemple.fr',
      name: 'Intrus',
      role: 'partner_worker',
    }),
  'admin.members.changeRole': (b) =>
    b.trpc.admin.members.changeRole.mutate({ membershipId: other.membershipId, role: 'admin' }),
  'admin.members.remove': (b) => b.trpc.admin.members.remove.mutate({ membershipId: other.membershipId }),
  'directory.service.get': (b) => b.trpc.directory.service.get.query({ id: other.serviceId }),
  'directory.service.create': (b) =>
    b.trpc.directory.service.create.mutate({
      organisationId: other.orgId,
      nom: 'Service intrus',
      thematiques: ['aide-alimentaire--colis'],
      zoneEligibilite: ['34145'],
    }),
  'directory.service.update': (b) =>
    b.trpc.directory.service.update.mutate({
      id: other.serviceId,
      version: 1,
      nom: 'Piratage',
      thematiques: ['aide-alimentaire--colis'],
      zoneEligibilite: ['34145'],
    }),
  'directory.service.archive': (b) => b.trpc.directory.service.archive.mutate({ id: other.serviceId }),
  'directory.service.setCapacity': (b) =>
    b.trpc.directory.service.setCapacity.mutate({ id: other.serviceId, status: 'complet' }),
  'directory.service.confirm': (b) => b.trpc.directory.service.confirm.mutate({ id: other.serviceId }),
  'directory.organisation.get': (b) => b.trpc.directory.organisation.get.query({ id: other.orgId }),
  'directory.organisation.updateProfile': (b) =>
    b.trpc.directory.organisation.updateProfile.mutate({ id: other.orgId, version: 1, description: 'Piratage' }),
  'persons.get': (b) => b.trpc.persons.get.query({ personId: otherReferral.personId }),
  'persons.recordConsent': (b) =>
    b.trpc.persons.recordConsent.mutate({
      personId: otherReferral.personId,
      kind: 'objection',
      mode: 'oral',
      occurredOn: '2026-01-01',
      allOrganisations: true,
    }),
  'persons.consultations': (b) => b.trpc.persons.consultations.query({ personId: otherReferral.personId }),
  'persons.rights.overview': (b) => b.trpc.persons.rights.overview.query({ personId: otherReferral.personId }),
  'persons.rights.notice': (b) => b.trpc.persons.rights.notice.query({ personId: otherReferral.personId }),
  'persons.rights.exportJson': (b) => b.trpc.persons.rights.exportJson.query({ personId: otherReferral.personId }),
  'persons.rights.exportPdf': (b) => b.trpc.persons.rights.exportPdf.query({ personId: otherReferral.personId }),
  'persons.group.list': (b) => b.trpc.persons.group.list.query({ personId: otherReferral.personId }),
  'persons.group.add': (b) =>
    b.trpc.persons.group.add.mutate({ personId: otherReferral.personId, organisationId: other.orgId }),
  'persons.group.remove': (b) =>
    b.trpc.persons.group.remove.mutate({ personId: otherReferral.personId, organisationId: other.orgId }),
  'persons.group.leave': (b) => b.trpc.persons.group.leave.mutate({ personId: otherReferral.personId }),
  'persons.group.setReferent': (b) =>
    b.trpc.persons.group.setReferent.mutate({
      personId: otherReferral.personId,
      organisationId: other.orgId,
      referentUserId: other.userId,
    }),
  'tasks.listForPerson': (b) => b.trpc.tasks.listForPerson.query({ personId: otherReferral.personId }),
  'tasks.add': (b) =>
    b.trpc.tasks.add.mutate({
      personId: otherReferral.personId,
      title: 'Intrusion',
      dueOn: '2099-01-01',
      assigneeUserId: other.userId,
      assigneeOrganisationId: other.orgId,
    }),
  'tasks.complete': (b) => b.trpc.tasks.complete.mutate({ taskId: otherPersonTaskId, version: 1 }),
  'tasks.cancel': (b) => b.trpc.tasks.cancel.mutate({ taskId: otherPersonTaskId, version: 1 }),
  'tasks.reopen': (b) => b.trpc.tasks.reopen.mutate({ taskId: otherPersonTaskId, version: 1 }),
  'persons.timeline.list': (b) => b.trpc.persons.timeline.list.query({ personId: otherReferral.personId }),
  'persons.timeline.add': (b) =>
    b.trpc.persons.timeline.add.mutate({ personId: otherReferral.personId, type: 'note', title: 'Intrusion' }),
  'persons.duplicates.compare': (b) =>
    b.trpc.persons.duplicates.compare.query({ personId: otherReferral.personId, otherPersonId: crypto.randomUUID() }),
  'persons.duplicates.mergedInto': (b) =>
    b.trpc.persons.duplicates.mergedInto.query({ personId: otherReferral.personId }),
  'persons.merge': (b) =>
    b.trpc.persons.merge.mutate({
      keptPersonId: otherReferral.personId,
      mergedPersonId: crypto.randomUUID(),
      keptVersion: 1,
      mergedVersion: 1,
    }),
  'persons.situation.get': (b) => b.trpc.persons.situation.get.query({ personId: otherReferral.personId }),
  'persons.situation.update': (b) =>
    b.trpc.persons.situation.update.mutate({ personId: otherReferral.personId, version: 0, logementType: 'maison' }),
  'persons.situation.household.add': (b) =>
    b.trpc.persons.situation.household.add.mutate({
      personId: otherReferral.personId,
      relation: 'autre',
      prenom: 'Intrus',
    }),
  'persons.situation.household.update': (b) =>
    b.trpc.persons.situation.household.update.mutate({
      personId: otherReferral.personId,
      memberId: otherReferral.personId,
      version: 1,
      relation: 'autre',
      prenom: 'Intrus',
    }),
  'persons.situation.household.remove': (b) =>
    b.trpc.persons.situation.household.remove.mutate({
      personId: otherReferral.personId,
      memberId: otherReferral.personId,
      version: 1,
    }),
  'persons.situation.budget.add': (b) =>
    b.trpc.persons.situation.budget.add.mutate({
      personId: otherReferral.personId,
      kind: 'charge',
      type: 'eau',
      amountCents: 100,
    }),
  'persons.situation.budget.update': (b) =>
    b.trpc.persons.situation.budget.update.mutate({
      personId: otherReferral.personId,
      lineId: otherReferral.personId,
      version: 1,
      kind: 'charge',
      type: 'eau',
      amountCents: 100,
    }),
  'persons.situation.budget.remove': (b) =>
    b.trpc.persons.situation.budget.remove.mutate({
      personId: otherReferral.personId,
      lineId: otherReferral.personId,
      version: 1,
    }),
  'referrals.create': (b) =>
    b.trpc.referrals.create.mutate({
      idempotencyKey: crypto.randomUUID(),
      personId: otherReferral.personId,
      recipients: [{ kind: 'service', serviceId: other.serviceId }],
      thematiques: ['aide-alimentaire--colis'],
      motif: 'Intrusion',
      consent: { mode: 'oral', occurredOn: '2026-01-01' },
    }),
  'referrals.get': (b) => b.trpc.referrals.get.query({ referralId: otherReferral.referralId }),
  'referrals.transition': (b) =>
    b.trpc.referrals.transition.mutate({ taskId: otherReferral.taskId, version: 1, action: 'accept' }),
  'referrals.postMessage': (b) =>
    b.trpc.referrals.postMessage.mutate({ taskId: otherReferral.taskId, body: 'Intrusion' }),
  'referrals.addAttachments': (b) =>
    b.trpc.referrals.addAttachments.mutate({
      referralId: otherReferral.referralId,
      attachments: [{ fileName: 'x.pdf', contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') }],
    }),
  'referrals.downloadAttachment': (b) =>
    b.trpc.referrals.downloadAttachment.query({
      referralId: otherReferral.referralId,
      attachmentId: otherReferral.attachmentId,
    }),
  'referrals.suggestions': (b) => b.trpc.referrals.suggestions.query({ taskId: otherReferral.taskId }),
  'commissions.config.get': (b) => b.trpc.commissions.config.get.query({ commissionTypeId: otherCommission.typeId }),
  'commissions.config.update': (b) =>
    b.trpc.commissions.config.update.mutate({
      commissionTypeId: otherCommission.typeId,
      name: 'Piratage',
      aidKinds: ['secours_financier'],
    }),
  'commissions.config.archive': (b) =>
    b.trpc.commissions.config.archive.mutate({ commissionTypeId: otherCommission.typeId, archived: true }),
  'commissions.demandes.prefill': () =>
    instructorA.trpc.commissions.demandes.prefill.query({ personId: otherReferral.personId }),
  'commissions.demandes.create': () =>
    instructorA.trpc.commissions.demandes.create.mutate({
      personId: otherReferral.personId,
      commissionTypeId: otherCommission.typeId,
      aidKind: 'secours_financier',
      objet: 'Intrusion',
      montantDemandeCents: 100,
      household: [{ relation: 'demandeur', age: 40 }],
    }),
  'commissions.demandes.get': () =>
    instructorA.trpc.commissions.demandes.get.query({ demandeId: otherCommission.demandeId }),
  'commissions.demandes.update': () =>
    instructorA.trpc.commissions.demandes.update.mutate({ demandeId: otherCommission.demandeId, objet: 'Piratage' }),
  'commissions.demandes.transition': () =>
    instructorA.trpc.commissions.demandes.transition.mutate({
      demandeId: otherCommission.demandeId,
      action: 'completer',
    }),
  'commissions.demandes.attachments.add': () =>
    instructorA.trpc.commissions.demandes.attachments.add.mutate({
      demandeId: otherCommission.demandeId,
      attachments: [{ fileName: 'x.pdf', contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') }],
    }),
  'commissions.demandes.attachments.download': () =>
    instructorA.trpc.commissions.demandes.attachments.download.query({
      demandeId: otherCommission.demandeId,
      attachmentId: otherCommission.attachmentId,
    }),
  // The archives are the archivist's (others get FORBIDDEN before any id is looked at).
  'archives.get': () => archivist.trpc.archives.get.query({ personId: otherArchive.personId }),
  'archives.eliminations.approve': () =>
    archivist.trpc.archives.eliminations.approve.mutate({ requestId: otherArchive.requestId, motive: 'Intrusion' }),
  'archives.eliminations.reject': () =>
    archivist.trpc.archives.eliminations.reject.mutate({ requestId: otherArchive.requestId, motive: 'Intrusion' }),
  // Séances and decisions (issue 6), called by territory A's coordinator.
  'commissions.seances.create': () =>
    coordinatorA.trpc.commissions.seances.create.mutate({
      commissionTypeId: otherSeance.typeId,
      date: '2026-12-01',
      heure: '14:00',
      lieu: 'Intrusion',
    }),
  'commissions.seances.get': () => coordinatorA.trpc.commissions.seances.get.query({ seanceId: otherSeance.seanceId }),
  'commissions.seances.addToAgenda': () =>
    coordinatorA.trpc.commissions.seances.addToAgenda.mutate({
      seanceId: otherSeance.seanceId,
      demandeIds: [otherSeance.demandeId],
    }),
  'commissions.seances.removeFromAgenda': () =>
    coordinatorA.trpc.commissions.seances.removeFromAgenda.mutate({
      seanceId: otherSeance.seanceId,
      demandeId: otherSeance.demandeId,
      motif: 'Intrusion',
    }),
  'commissions.seances.convene': () =>
    coordinatorA.trpc.commissions.seances.convene.mutate({ seanceId: otherSeance.seanceId }),
  'commissions.seances.attendance': () =>
    coordinatorA.trpc.commissions.seances.attendance.mutate({
      seanceId: otherSeance.seanceId,
      entries: [{ userId: other.userId, status: 'present' }],
    }),
  'commissions.seances.transition': () =>
    coordinatorA.trpc.commissions.seances.transition.mutate({ seanceId: otherSeance.seanceId, action: 'ouvrir' }),
  'commissions.decisions.record': () =>
    coordinatorA.trpc.commissions.decisions.record.mutate({
      demandeId: otherSeance.demandeId,
      seanceId: otherSeance.seanceId,
      outcome: 'refus',
      motive: 'Intrusion',
    }),
  'commissions.decisions.urgent': () =>
    coordinatorA.trpc.commissions.decisions.urgent.mutate({
      demandeId: otherSeance.demandeId,
      outcome: 'refus',
      motive: 'Intrusion',
    }),
  'commissions.decisions.ratify': () =>
    coordinatorA.trpc.commissions.decisions.ratify.mutate({
      seanceId: otherSeance.seanceId,
      decisionId: otherSeance.decisionId,
    }),
  'commissions.decisions.sign': () =>
    coordinatorA.trpc.commissions.decisions.sign.mutate({ decisionId: otherSeance.decisionId }),
  'commissions.decisions.notify': () =>
    coordinatorA.trpc.commissions.decisions.notify.mutate({ decisionId: otherSeance.decisionId }),
  'commissions.decisions.pay': () =>
    coordinatorA.trpc.commissions.decisions.pay.mutate({
      demandeId: otherSeance.demandeId,
      paidOn: '2026-12-02',
      amountCents: 100,
      payee: 'personne',
      payeeName: 'Intrusion',
    }),
  'commissions.outputs.procesVerbal': () =>
    coordinatorA.trpc.commissions.outputs.procesVerbal.query({ seanceId: otherSeance.seanceId }),
  'commissions.outputs.letter': () =>
    coordinatorA.trpc.commissions.outputs.letter.query({ decisionId: otherSeance.decisionId }),
};

/** A registration of territory B in the register of vulnerable people (issue 7), on its person. */
let otherRegistrationId: string;
beforeAll(async () => {
  otherRegistrationId = await inTerritory(
    h,
    async (tx) => {
      const [r] = await tx`INSERT INTO register_entry (territory_id, person_id, requested_by, consent_mode, consent_on,
        situation, adresse, registered_on, registered_by_user_id, registered_by_organisation_id, updated_by_user_id)
        VALUES (${other.territoryId}, ${otherReferral.personId}, 'personne', 'oral', '2026-01-10', 'age_65',
          '1 rue de B', '2026-01-10', ${other.userId}, ${other.orgId}, ${other.userId}) RETURNING id`;
      return r!.id as string;
    },
    other.territoryId,
  );
});
const registerForm = {
  requestedBy: 'personne' as const,
  consentMode: 'oral' as const,
  consentOn: '2026-01-10',
  situation: 'age_65' as const,
  adresse: '1 rue de l’Intrusion',
};
Object.assign(crossTerritoryCalls, {
  'visits.register.create': () =>
    coordinatorA.trpc.visits.register.create.mutate({ ...registerForm, personId: otherReferral.personId }),
  'visits.register.update': () =>
    coordinatorA.trpc.visits.register.update.mutate({
      ...registerForm,
      registrationId: otherRegistrationId,
      version: 1,
    }),
  'visits.register.optOut': () =>
    coordinatorA.trpc.visits.register.optOut.mutate({
      registrationId: otherRegistrationId,
      reason: 'deces',
      on: '2026-02-01',
    }),
  'visits.register.get': () => coordinatorA.trpc.visits.register.get.query({ registrationId: otherRegistrationId }),
  'visits.register.forPerson': () =>
    coordinatorA.trpc.visits.register.forPerson.query({ personId: otherReferral.personId }),
} satisfies Record<string, (b: Browser) => Promise<unknown>>);

/** A visit programme of territory B (issue 7), on its person. */
let otherProgrammeId: string;
beforeAll(async () => {
  otherProgrammeId = await inTerritory(
    h,
    async (tx) => {
      const [p] = await tx`INSERT INTO visit_programme (territory_id, person_id, recurrence, starts_on,
        created_by_user_id, created_by_organisation_id)
        VALUES (${other.territoryId}, ${otherReferral.personId}, 'semaine', '2026-01-10', ${other.userId},
          ${other.orgId}) RETURNING id`;
      return p!.id as string;
    },
    other.territoryId,
  );
});
Object.assign(crossTerritoryCalls, {
  'visits.programmes.create': () =>
    coordinatorA.trpc.visits.programmes.create.mutate({
      personId: otherReferral.personId,
      visitorUserIds: [other.userId],
      recurrence: 'semaine',
      startsOn: '2026-01-10',
    }),
  'visits.programmes.update': () =>
    coordinatorA.trpc.visits.programmes.update.mutate({
      programmeId: otherProgrammeId,
      version: 1,
      visitorUserIds: [other.userId],
      recurrence: 'mois',
      status: 'terminee',
    }),
  'visits.programmes.get': () => coordinatorA.trpc.visits.programmes.get.query({ programmeId: otherProgrammeId }),
  'visits.log': () =>
    coordinatorA.trpc.visits.log.mutate({
      clientId: '0b7e2c1a-5d4f-4e3a-8b9c-1d2e3f4a5b6c',
      personId: otherReferral.personId,
      programmeId: otherProgrammeId,
      kind: 'visite',
      outcome: 'realisee',
      occurredAt: new Date(),
    }),
} satisfies Record<string, (b: Browser) => Promise<unknown>>);

/** A campaign of territory B (issue 7) with its person on the call list. */
let otherCampaignId: string;
beforeAll(async () => {
  otherCampaignId = await inTerritory(
    h,
    async (tx) => {
      const t = other.territoryId;
      const [c] = await tx`INSERT INTO campaign (territory_id, type, starts_at, escalation_delay_hours,
        created_by_user_id, created_by_organisation_id)
        VALUES (${t}, 'canicule', now(), 4, ${other.userId}, ${other.orgId}) RETURNING id`;
      await tx`INSERT INTO campaign_caller (territory_id, campaign_id, user_id, organisation_id)
        VALUES (${t}, ${c!.id}, ${other.userId}, ${other.orgId})`;
      await tx`INSERT INTO campaign_list_entry (territory_id, campaign_id, person_id, caller_user_id, assigned_at)
        VALUES (${t}, ${c!.id}, ${otherReferral.personId}, ${other.userId}, now())`;
      return c!.id as string;
    },
    other.territoryId,
  );
});
Object.assign(crossTerritoryCalls, {
  'visits.campaigns.board': () => coordinatorA.trpc.visits.campaigns.board.query({ campaignId: otherCampaignId }),
  'visits.campaigns.close': () =>
    coordinatorA.trpc.visits.campaigns.close.mutate({ campaignId: otherCampaignId, version: 1 }),
  'visits.campaigns.mine': () => coordinatorA.trpc.visits.campaigns.mine.query({ campaignId: otherCampaignId }),
  'visits.campaigns.logCall': () =>
    coordinatorA.trpc.visits.campaigns.logCall.mutate({
      clientId: '5a0e2c1a-5d4f-4e3a-8b9c-1d2e3f4a5b6c',
      campaignId: otherCampaignId,
      personId: otherReferral.personId,
      outcome: 'joint',
      occurredAt: new Date(),
    }),
} satisfies Record<string, (b: Browser) => Promise<unknown>>);

/** A visit of territory B that raised an alert (issue 7: the alerts' follow-up). */
let otherAlertVisitId: string;
beforeAll(async () => {
  otherAlertVisitId = await inTerritory(
    h,
    async (tx) => {
      const [v] = await tx`INSERT INTO visit (territory_id, client_id, person_id, programme_id, visitor_user_id,
        visitor_organisation_id, kind, outcome, alert, occurred_at)
        VALUES (${other.territoryId}, gen_random_uuid(), ${otherReferral.personId}, ${otherProgrammeId}, ${other.userId},
          ${other.orgId}, 'visite', 'absente', true, now()) RETURNING id`;
      return v!.id as string;
    },
    other.territoryId,
  );
});
Object.assign(crossTerritoryCalls, {
  'visits.programmes.candidates': () =>
    coordinatorA.trpc.visits.programmes.candidates.query({ personId: otherReferral.personId }),
  'visits.alerts.handle': () =>
    coordinatorA.trpc.visits.alerts.handle.mutate({ visitId: otherAlertVisitId, note: 'Intrusion' }),
} satisfies Record<string, (b: Browser) => Promise<unknown>>);

/** Procedures whose id input is a filter, not an object to reach (they return nothing). */
const idFilters = new Set(['admin.audit.list', 'directory.search', 'visits.programmes.list']);

function takesId(schema: unknown): boolean {
  if (!(schema instanceof z.ZodObject)) return false;
  return Object.values(schema.shape as Record<string, z.ZodType>).some((field) => {
    let f: z.ZodType = field;
    while (f instanceof z.ZodOptional || f instanceof z.ZodDefault)
      f = (f as z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
    return f instanceof z.ZodUUID || (f instanceof z.ZodString && f.format === 'uuid');
  });
}

describe('territory isolation through the API', () => {
  it('covers every procedure that takes an object id', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>;
    const withIds = Object.entries(procedures)
      .filter(([, p]) => p._def.inputs.some(takesId))
      .map(([name]) => name)
      .filter((n) => !idFilters.has(n));
    expect(withIds.sort()).toEqual(Object.keys(crossTerritoryCalls).sort());
  });

  for (const [name, call] of Object.entries(crossTerritoryCalls)) {
    it(`${name}: NOT_FOUND for an id of another territory`, async () => {
      expect(await codeOf(call(admin))).toBe('NOT_FOUND');
    });
  }

  it('the other territory’s rows are untouched', async () => {
    const [org] = await inTerritory(
      h,
      (tx) => tx`SELECT name, status FROM organisation WHERE id = ${other.orgId}`,
      other.territoryId,
    );
    expect(org?.status).toBe('active');
    expect(org?.name).not.toBe('Piratage');
    const [m] = await inTerritory(
      h,
      (tx) => tx`SELECT role, status FROM membership WHERE id = ${other.membershipId}`,
      other.territoryId,
    );
    expect(m).toEqual({ role: 'admin', status: 'active' });
  });

  it('the other territory’s referral and person are untouched', async () => {
    const [row] = await inTerritory(
      h,
      (tx) => tx`SELECT t.state, t.version,
        (SELECT count(*)::int FROM referral_message WHERE task_id = t.id) AS messages,
        (SELECT count(*)::int FROM consent_event WHERE person_id = ${otherReferral.personId}) AS consents,
        (SELECT count(*)::int FROM referral_attachment WHERE referral_id = t.referral_id) AS attachments
        FROM referral_task t WHERE t.id = ${otherReferral.taskId}`,
      other.territoryId,
    );
    expect(row).toEqual({ state: 'envoyee', version: 1, messages: 0, consents: 0, attachments: 1 });
  });

  it('the other territory’s archived file and its elimination request are untouched', async () => {
    const [row] = await inTerritory(
      h,
      (tx) => tx`SELECT p.status, e.status AS request_status, e.decided_by FROM person p
        JOIN elimination_request e ON e.person_id = p.id WHERE p.id = ${otherArchive.personId}`,
      other.territoryId,
    );
    expect(row).toEqual({ status: 'archived', request_status: 'proposed', decided_by: null });
  });

  it('the other territory’s service is untouched', async () => {
    const [s] = await inTerritory(
      h,
      (tx) => tx`SELECT nom, status, capacity_status, version FROM service WHERE id = ${other.serviceId}`,
      other.territoryId,
    );
    expect(s?.status).toBe('active');
    expect(s?.nom).not.toBe('Piratage');
    expect(s?.version).toBe(1);
  });

  it('searching the directory by another territory’s organisation returns nothing', async () => {
    const page = await admin.trpc.directory.search.query({ organisationId: other.orgId });
    expect(page).toMatchObject({ items: [], total: 0 });
    const all = await admin.trpc.directory.search.query({ pageSize: 100 });
    expect(all.items.every((i) => i.organisation.id !== other.orgId)).toBe(true);
  });

  it('filtering the audit by another territory’s user returns nothing', async () => {
    const page = await admin.trpc.admin.audit.list.query({ userId: other.userId });
    expect(page.items).toHaveLength(0);
  });
});
