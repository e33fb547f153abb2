import {
  AID_KIND_LABELS,
  CONSENT_KIND_LABELS,
  DECISION_OUTCOME_LABELS,
  DEMANDE_STATE_LABELS,
  REGISTER_SITUATION_LABELS,
  REGISTRATION_STATUS_LABELS,
  CONSENT_MODE_LABELS,
  ENTRY_VISIBILITY_LABELS,
  FOLLOW_UP_REASON_LABELS,
  OUTCOME_LABELS,
  PREFERRED_CONTACT_LABELS,
  REFERRAL_STATE_LABELS,
  REFUSAL_REASON_LABELS,
  ROLE_LABELS,
  SENSITIVE_CATEGORY_LABELS,
  THEMATIQUE_CATEGORIES,
  THEMATIQUE_LABELS,
  TIMELINE_ENTRY_TYPE_LABELS,
  URGENCY_LABELS,
} from '@ensemblier/shared';
import {
  bullets,
  fields,
  formatCentsFr,
  formatDateFr,
  formatDateTimeFr,
  heading,
  muted,
  paragraph,
  renderPdf,
  table,
  type Content,
} from '../pdf/document.ts';
import type { PersonExport } from './export.ts';

/**
 * The two documents of the person's rights, in plain French for the person (no ids, no codes):
 * the information notice (what is shared, why, the right to object, access, retention, whom to
 * contact) and the right-of-access export.
 */

const label = (labels: Record<string, string>, value: string | null | undefined) =>
  value ? (labels[value] ?? value) : null;

/** How long files are kept (the territory's retention rules; defaults of the CNIL référentiel). */
export interface RetentionInfo {
  archiveAfterMonths: number;
  /** Years in the archives before elimination, per category; null: kept forever. */
  demandeRefuseeYears: number | null;
  aideYears: number | null;
  suiviYears: number | null;
}

export interface ControllerContact {
  name: string;
  email: string | null;
  phone: string | null;
  adresse: string | null;
  codePostal: string | null;
  commune: string | null;
}

export interface NoticeInput {
  territoryName: string;
  controller: ControllerContact | null;
  /** « Prénom NOM » when the notice is printed for a person. */
  personName: string | null;
  /** The organisations currently in the person's follow-up group (for a person's notice). */
  groupOrganisations: string[];
  /** Who hands the notice over. */
  handedBy: { organisation: string; user: string } | null;
  retention: RetentionInfo;
  generatedAt: Date;
}

const years = (n: number | null) => (n === null ? 'sans limite de durée' : `${n} an${n > 1 ? 's' : ''}`);

function contactLines(c: ControllerContact | null, territoryName: string): Content {
  if (!c) return paragraph(`Adressez-vous à l’accueil du ${territoryName}.`);
  const address = [c.adresse, [c.codePostal, c.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return fields([
    ['Structure', c.name],
    ['Adresse', address || null],
    ['Téléphone', c.phone],
    ['Courriel', c.email],
  ]);
}

export function renderNotice(n: NoticeInput): Promise<Buffer> {
  const controller = n.controller?.name ?? n.territoryName;
  const content: Content[] = [];
  if (n.personName) content.push(paragraph('Document remis à ', { text: n.personName, bold: true }, '.'));
  content.push(
    heading('Qu’est-ce qu’Ensemblier ?'),
    paragraph(
      `Ensemblier est l’outil numérique que le ${controller} et les structures qui travaillent avec lui sur le territoire ` +
        '(associations, services d’aide et de soins à domicile, centre local d’information et de coordination, ' +
        'bailleurs sociaux…) utilisent pour vous orienter vers la bonne structure et pour coordonner l’aide qu’ils vous ' +
        'apportent. Ainsi, vous n’avez pas à raconter plusieurs fois votre situation.',
    ),
    paragraph(
      `Le ${controller} est responsable de cet outil et des informations qu’il contient (le « responsable du traitement »).`,
    ),
    heading('Quelles informations sont enregistrées ?'),
    bullets([
      'votre identité et vos coordonnées ;',
      'votre situation : foyer, logement, ressources et charges, lorsque c’est utile pour vous aider ;',
      'les orientations vers une structure, leurs réponses et leurs suites ;',
      'les notes de suivi des professionnels (entretiens, appels, visites) ;',
      'votre information, votre accord ou votre opposition au partage.',
    ]),
    heading('Qui peut voir ces informations, et pourquoi ?'),
    paragraph(
      'La loi permet aux professionnels de l’action sociale qui vous accompagnent de partager entre eux les seules ' +
        'informations nécessaires à votre accompagnement (article L. 121-6-2 du code de l’action sociale et des familles). ' +
        'Pour les informations de santé, le partage est limité aux professionnels qui vous prennent en charge ' +
        '(article L. 1110-4 du code de la santé publique). Tous sont tenus au secret professionnel.',
    ),
    bullets([
      'Chaque structure ne voit que ce dont elle a besoin pour l’aide qu’elle vous apporte.',
      'Chaque professionnel choisit qui peut lire ce qu’il écrit : sa structure seulement, les structures qui vous suivent, ou le CCAS seulement.',
      'Les informations sur la santé, les dettes ou la justice ne sont jamais montrées aux bénévoles.',
      'Toute consultation de votre dossier est enregistrée : qui, de quelle structure, quand et pourquoi.',
    ]),
  );
  if (n.groupOrganisations.length > 0) {
    content.push(
      paragraph('Les structures qui vous accompagnent aujourd’hui :'),
      bullets(n.groupOrganisations.map((o) => o)),
    );
  }
  content.push(
    heading('Vous pouvez vous opposer au partage, à tout moment'),
    paragraph(
      'Vous pouvez refuser que vos informations soient partagées avec une structure ou avec toutes, sans avoir à vous ' +
        'justifier. Dites-le à un professionnel qui vous accompagne ou au CCAS, oralement ou par écrit. Votre opposition est ' +
        'enregistrée le jour même : les structures concernées n’ont plus accès à votre dossier et ne peuvent plus recevoir ' +
        'd’orientation pour vous. Vous pouvez revenir sur votre décision quand vous le souhaitez.',
    ),
    paragraph(
      'Vous opposer au partage ne vous fait perdre aucun droit. Cela peut seulement rendre plus difficile la coordination ' +
        'entre les structures qui vous aident.',
    ),
    heading('Vos droits sur vos informations'),
    bullets([
      'Accès : vous pouvez demander une copie de toutes les informations enregistrées sur vous, gratuitement. Le CCAS vous la remet dans un délai d’un mois.',
      'Rectification : vous pouvez faire corriger une information inexacte ou compléter une information incomplète.',
      'Consultations : vous pouvez demander la liste des personnes qui ont consulté votre dossier.',
      'Réclamation : si vous estimez que vos droits ne sont pas respectés, vous pouvez saisir la Commission nationale de l’informatique et des libertés (CNIL, www.cnil.fr).',
    ]),
    heading('Combien de temps vos informations sont-elles gardées ?'),
    bullets([
      `Votre dossier est archivé après ${n.retention.archiveAfterMonths} mois sans aucune activité. Il n’est alors plus consultable que par l’archiviste du CCAS.`,
      `Il est ensuite détruit, après une décision enregistrée, au bout de : ${years(n.retention.demandeRefuseeYears)} pour une demande refusée ou abandonnée, ${years(n.retention.aideYears)} pour un dossier d’aide, ${years(n.retention.suiviYears)} pour un autre dossier de suivi.`,
      'Les procès-verbaux des commissions d’aide sont conservés sans limite de durée, comme le prévoient les règles des archives publiques.',
    ]),
    heading('Pour exercer vos droits ou poser une question'),
    contactLines(n.controller, n.territoryName),
  );
  if (n.handedBy) {
    content.push(
      muted(`Notice remise le ${formatDateFr(n.generatedAt)} par ${n.handedBy.user} (${n.handedBy.organisation}).`),
    );
  }
  return renderPdf({
    title: 'Vos informations et vos droits',
    subject: 'Notice d’information sur le partage des informations et les droits de la personne',
    territoryName: n.territoryName,
    author: controller,
    generatedAt: n.generatedAt,
    content,
  });
}

// ---------------------------------------------------------------------------------------
// The right-of-access export, for the person.

const ACCESS_REASON_LABELS: Record<string, string> = {
  creator: 'A créé le dossier',
  referral: 'Orientation envoyée ou reçue',
  follow_up: 'Membre du groupe de suivi',
};
const REVOKED_REASON_LABELS: Record<string, string> = {
  objection: 'votre opposition',
  left_group: 'départ du groupe de suivi',
};
const GROUP_REASON_LABELS: Record<string, string> = { ...FOLLOW_UP_REASON_LABELS, createur: 'A créé le dossier' };
const EVENT_LABELS: Record<string, string> = {
  create: 'Orientation préparée',
  send: 'Orientation envoyée',
  view: 'Vue par la structure',
  accept: 'Acceptée',
  refuse: 'Refusée',
  expire: 'Expirée sans réponse',
  cancel: 'Annulée',
  start: 'Accompagnement commencé',
  complete: 'Clôturée',
  fail: 'Clôturée en échec',
  reorient: 'Réorientée vers une autre structure',
};
const CONSULTATION_REASON_LABELS: Record<string, string> = {
  createur: 'Structure qui a créé le dossier',
  orientation: 'Orientation envoyée ou reçue',
  groupe_de_suivi: 'Membre du groupe de suivi',
  ccas: 'Coordination du CCAS',
};
const TASK_STATUS_LABELS: Record<string, string> = { a_faire: 'À faire', faite: 'Faite', annulee: 'Annulée' };
const STATUS_LABELS: Record<string, string> = {
  active: 'Dossier actif',
  archived: 'Dossier archivé',
  merged: 'Dossier fusionné',
  eliminated: 'Dossier éliminé',
};
/** The audit actions that are reads of the file (« qui a consulté »). */
const READ_ACTIONS = new Set(['person.read', 'referral.read']);

export interface ExportLabels {
  /** Situation fields and their values in French (from packages/shared/src/persons/situation.ts). */
  situation: (field: string, value: string | number | null) => { label: string; value: string | null } | null;
  relation: (value: string) => string;
  budgetType: (kind: string, type: string) => string;
}

export function renderExportPdf(e: PersonExport, labels: ExportLabels): Promise<Buffer> {
  const p = e.person;
  const fullName = `${p.prenom} ${p.nom.toUpperCase()}`;
  const c: Content[] = [
    paragraph(
      'Ce document contient toutes les informations que la plateforme Ensemblier conserve sur ',
      { text: fullName, bold: true },
      `, à la date du ${formatDateFr(e.generatedAt)}, y compris les notes que les structures n’ont pas partagées entre ` +
        'elles. Il vous est remis au titre de votre droit d’accès (article 15 du règlement général sur la protection des données).',
    ),
  ];

  c.push(
    heading('Votre identité'),
    fields([
      ['Nom', p.nom],
      ['Prénom', p.prenom],
      ['Nom de naissance', p.nomNaissance],
      ['Date de naissance', formatDateFr(p.dateNaissance)],
      ['Commune', p.communeName ?? p.communeInsee],
      ['Adresse', p.adresse],
      ['Téléphone', p.telephone],
      ['Courriel', p.courriel],
      ['Contact préféré', label(PREFERRED_CONTACT_LABELS, p.preferredContact)],
      ['Dossier créé le', `${formatDateFr(p.createdAt)} par ${p.createdByUser} (${p.createdByOrganisation})`],
      ['État du dossier', label(STATUS_LABELS, p.status)],
    ]),
  );
  if (p.mergedFileIds.length > 0) {
    c.push(
      muted(
        `Ce dossier réunit ${p.mergedFileIds.length === 1 ? 'un autre dossier' : `${p.mergedFileIds.length} autres dossiers`} ouvert${p.mergedFileIds.length === 1 ? '' : 's'} à votre nom (doublons fusionnés).`,
      ),
    );
  }

  c.push(heading('Votre situation et votre foyer'));
  if (e.situation.length === 0) c.push(muted('Aucune information sur votre situation n’est enregistrée.'));
  for (const s of e.situation) {
    const pairs: [string, string | null][] = [];
    for (const [field, value] of Object.entries(s)) {
      if (['createdAt', 'updatedAt', 'updatedBy', 'updatedByOrganisation'].includes(field)) continue;
      const l = labels.situation(field, value);
      if (l && l.value) pairs.push([l.label, l.value]);
    }
    pairs.push([
      'Dernière mise à jour',
      `${formatDateFr(s.updatedAt as string)} par ${s.updatedBy as string} (${s.updatedByOrganisation as string})`,
    ]);
    c.push(fields(pairs));
  }
  c.push(
    heading('Les membres de votre foyer', 2),
    table({
      headers: ['Lien', 'Prénom et nom', 'Date de naissance', 'À charge'],
      rows: e.household.map((h) => [
        labels.relation(h.relation),
        [h.prenom, h.nom].filter(Boolean).join(' '),
        formatDateFr(h.dateNaissance) || '—',
        h.aCharge ? 'Oui' : 'Non',
      ]),
      widths: ['auto', '*', 'auto', 'auto'],
      empty: 'Aucun membre du foyer n’est enregistré.',
    }),
    heading('Vos ressources et vos charges (par mois)', 2),
    table({
      headers: ['Type', 'Précision', 'Personne', 'Montant mensuel'],
      rows: e.budget.map((b) => [
        labels.budgetType(b.kind, b.type),
        b.label,
        b.householdMemberPrenom ?? 'Vous ou le foyer',
        formatCentsFr(b.monthlyAmountCents),
      ]),
      widths: ['*', '*', 'auto', 'auto'],
      empty: 'Aucune ressource ni charge n’est enregistrée.',
    }),
  );

  c.push(
    heading('Votre information, votre accord, vos oppositions'),
    table({
      headers: ['Date', 'Événement', 'Comment', 'Structures concernées', 'Enregistré par'],
      rows: e.consents.map((k) => [
        formatDateFr(k.occurredOn),
        label(CONSENT_KIND_LABELS, k.kind),
        label(CONSENT_MODE_LABELS, k.mode),
        (k.allOrganisations ? 'Toutes les structures' : k.organisations.join(', ')) +
          (k.thematiqueCategories.length > 0
            ? ` — domaines : ${k.thematiqueCategories.map((t) => THEMATIQUE_CATEGORIES[t] ?? t).join(', ')}`
            : '') +
          (k.note ? ` — ${k.note}` : ''),
        `${k.recordedBy} (${k.recordedByOrganisation})`,
      ]),
      widths: ['auto', 'auto', 'auto', '*', 'auto'],
      empty: 'Aucun événement n’est enregistré.',
    }),
    heading('Les structures qui vous suivent ou vous ont suivi'),
    table({
      headers: ['Structure', 'Référent', 'Pourquoi', 'Depuis', 'Jusqu’au'],
      rows: e.followUpGroup.map((m) => [
        m.organisation,
        m.referent,
        label(GROUP_REASON_LABELS, m.reason),
        formatDateFr(m.joinedAt),
        m.leftAt ? formatDateFr(m.leftAt) : 'Aujourd’hui',
      ]),
      widths: ['*', 'auto', 'auto', 'auto', 'auto'],
      empty: 'Aucune structure n’a fait partie de votre groupe de suivi.',
    }),
    heading('Les structures qui ont accès à votre dossier', 2),
    table({
      headers: ['Structure', 'Pourquoi', 'Depuis', 'Accès retiré'],
      rows: e.access.map((a) => [
        a.organisation,
        label(ACCESS_REASON_LABELS, a.reason),
        formatDateFr(a.grantedAt),
        a.revokedAt
          ? `Le ${formatDateFr(a.revokedAt)}${a.revokedReason ? ` (${label(REVOKED_REASON_LABELS, a.revokedReason)})` : ''}`
          : 'Non',
      ]),
      widths: ['*', 'auto', 'auto', 'auto'],
      empty: 'Aucune structure n’a accès à votre dossier.',
    }),
  );

  c.push(heading('Le fil de suivi : ce que les professionnels ont noté'));
  if (e.timeline.length === 0) c.push(muted('Aucune note n’est enregistrée.'));
  for (const t of e.timeline) {
    const tags = [
      label(TIMELINE_ENTRY_TYPE_LABELS, t.type),
      `lisible par : ${label(ENTRY_VISIBILITY_LABELS, t.visibility)}`,
      t.sensitiveCategory ? `information sensible : ${label(SENSITIVE_CATEGORY_LABELS, t.sensitiveCategory)}` : null,
    ].filter(Boolean);
    c.push(
      {
        text: [{ text: `${formatDateTimeFr(t.occurredAt)} — ${t.title}`, bold: true }],
        margin: [0, 6, 0, 0],
      },
      muted(`${t.author} (${t.authorOrganisation}) · ${tags.join(' · ')}`),
    );
    if (t.body) c.push(paragraph(t.body));
  }

  c.push(heading('Vos orientations'));
  if (e.referrals.length === 0) c.push(muted('Aucune orientation n’est enregistrée.'));
  for (const r of e.referrals) {
    c.push(
      heading(
        `Orientation du ${formatDateFr(r.sentAt ?? r.createdAt)} — ${r.thematiques.map((t) => THEMATIQUE_LABELS[t] ?? t).join(', ')}`,
        2,
      ),
      fields([
        ['Envoyée par', `${r.sender} (${r.senderOrganisation})`],
        ['État', label(REFERRAL_STATE_LABELS, r.overallState)],
        ['Urgence', label(URGENCY_LABELS, r.urgency)],
        ['Motif', r.motif],
        ['Déjà fait', r.dejaFait],
        ['Attendu', r.attendu],
      ]),
      table({
        headers: ['Structure destinataire', 'État', 'Réponse ou résultat'],
        rows: r.tasks.map((t) => [
          t.service ? `${t.recipientOrganisation} — ${t.service}` : t.recipientOrganisation,
          label(REFERRAL_STATE_LABELS, t.state),
          [label(REFUSAL_REASON_LABELS, t.refusalReason), label(OUTCOME_LABELS, t.outcome)]
            .filter(Boolean)
            .join(' ; ') || '—',
        ]),
        widths: ['*', 'auto', '*'],
        empty: 'Aucune structure destinataire.',
      }),
      table({
        headers: ['Date', 'Étape', 'Par', 'Message'],
        rows: r.events.map((ev) => [
          formatDateTimeFr(ev.at),
          label(EVENT_LABELS, ev.action),
          ev.actor ? `${ev.actor} (${ev.actorOrganisation ?? ''})` : 'Automatiquement',
          ev.message,
        ]),
        widths: ['auto', 'auto', 'auto', '*'],
        empty: 'Aucune étape enregistrée.',
      }),
    );
    if (r.messages.length > 0) {
      c.push(
        table({
          headers: ['Date', 'Message', 'De'],
          rows: r.messages.map((m) => [formatDateTimeFr(m.at), m.body, `${m.author} (${m.authorOrganisation})`]),
          widths: ['auto', '*', 'auto'],
          empty: '',
        }),
      );
    }
    if (r.attachments.length > 0) {
      c.push(paragraph({ text: 'Pièces jointes : ', bold: true }, r.attachments.map((a) => a.fileName).join(', ')));
    }
  }

  c.push(
    heading('Les tâches prévues pour vous'),
    table({
      headers: ['Échéance', 'Tâche', 'Confiée à', 'État'],
      rows: e.tasks.map((t) => [
        formatDateFr(t.dueOn),
        t.detail ? `${t.title} — ${t.detail}` : t.title,
        `${t.assignee} (${t.assigneeOrganisation})`,
        `${label(TASK_STATUS_LABELS, t.status)}${t.closedAt ? ` le ${formatDateFr(t.closedAt)}` : ''}`,
      ]),
      widths: ['auto', '*', 'auto', 'auto'],
      empty: 'Aucune tâche n’est enregistrée.',
    }),
  );

  c.push(
    heading('Vos demandes d’aide'),
    table({
      headers: ['Déposée le', 'Aide demandée', 'Montant demandé', 'État', 'Décision'],
      rows: e.demandes.map((d) => [
        formatDateFr(d.deposeeLe),
        `${label(AID_KIND_LABELS as Record<string, string>, d.aidKind)} — ${d.objet} (${d.commissionType})`,
        formatCentsFr(d.montantDemandeCents),
        label(DEMANDE_STATE_LABELS, d.state),
        d.decisions
          .map((x) =>
            [
              `${label(DECISION_OUTCOME_LABELS, x.outcome)} le ${formatDateFr(x.decidedAt)}`,
              x.amountGrantedCents ? formatCentsFr(x.amountGrantedCents) : null,
              x.motive,
            ]
              .filter(Boolean)
              .join(' — '),
          )
          .join(' ; ') || null,
      ]),
      widths: ['auto', '*', 'auto', 'auto', '*'],
      empty: 'Aucune demande d’aide n’est enregistrée.',
    }),
    heading('Le registre des personnes vulnérables'),
    table({
      headers: ['Inscrite le', 'Situation', 'État', 'Radiée le'],
      rows: e.register.map((r) => [
        formatDateFr(r.registeredOn),
        label(REGISTER_SITUATION_LABELS, r.situation),
        label(REGISTRATION_STATUS_LABELS, r.status),
        r.optedOutOn ? formatDateFr(r.optedOutOn) : null,
      ]),
      widths: ['auto', '*', 'auto', 'auto'],
      empty: 'Vous n’êtes pas inscrit au registre des personnes vulnérables.',
    }),
  );

  const reads = e.consultations.filter((a) => READ_ACTIONS.has(a.action));
  c.push(
    heading('Qui a consulté votre dossier'),
    paragraph(
      `Chaque ouverture de votre dossier ou d’une de vos orientations est enregistrée (${reads.length} consultation${reads.length > 1 ? 's' : ''}). ` +
        'Les autres opérations (créations, modifications, envois) sont aussi enregistrées ; elles figurent dans la version informatique (JSON) de cet export.',
    ),
    table({
      headers: ['Date', 'Personne', 'Structure', 'Fonction', 'Pourquoi elle avait accès'],
      rows: reads.map((a) => [
        formatDateTimeFr(a.at),
        a.user,
        a.organisation,
        label(ROLE_LABELS, a.role),
        label(CONSULTATION_REASON_LABELS, a.reason) ?? 'Non précisé',
      ]),
      widths: ['auto', 'auto', '*', 'auto', 'auto'],
      empty: 'Personne n’a encore consulté votre dossier.',
    }),
    heading('Pour toute question, une correction ou une opposition'),
    contactLines(e.controller, e.territory.name),
  );

  return renderPdf({
    title: 'Vos informations enregistrées',
    subject: `Droit d’accès — ${fullName}`,
    territoryName: e.territory.name,
    author: e.controller?.name ?? e.territory.name,
    generatedAt: new Date(e.generatedAt),
    content: c,
  });
}
