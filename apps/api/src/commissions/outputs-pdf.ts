import {
  AID_KIND_LABELS,
  ATTENDANCE_STATUS_LABELS,
  COMMISSION_CAPACITY_LABELS,
  DECISION_FORM_LABELS,
  DECISION_OUTCOME_LABELS,
  DURATION_UNIT_LABELS,
  type AidKind,
  type AttendanceStatus,
  type CommissionCapacity,
  type DecisionForm,
  type DecisionOutcome,
  type DurationUnit,
} from '@ensemblier/shared';
import {
  bullets,
  fields,
  formatAmountFr,
  formatDateFr,
  heading,
  muted,
  paragraph,
  renderPdf,
  type Content,
} from '../pdf/document.ts';

/**
 * The two documents of a séance: the procès-verbal (members present, quorum, every decision with
 * its motive and votes) and the decision letter sent to each applicant (a French administrative
 * letter: the decision, amount, form, duration, motive, and how to contest it — recours gracieux
 * within two months, then the tribunal administratif).
 */

export interface DecisionForOutput {
  numeroDossier: string;
  /** In the PV: « Initiales (n° dossier) » — the minutes name no applicant. */
  applicant: { initiales: string; nom: string; prenom: string; adresse: string | null };
  aidKind: AidKind;
  objet: string;
  amountAskedCents: number | null;
  outcome: DecisionOutcome;
  amountGrantedCents: number | null;
  form: DecisionForm | null;
  creditorName: string | null;
  duration: { value: number; unit: DurationUnit } | null;
  motive: string | null;
  votes: { pour: number; contre: number; abstention: number } | null;
  urgence: boolean;
  correctsNumero: string | null;
  signatures: { name: string; capacity: CommissionCapacity; signedAt: Date }[];
  decidedAt: Date;
}

export interface SeanceForOutput {
  territoryName: string;
  commissionName: string;
  date: string;
  heure: string;
  lieu: string;
  members: {
    name: string;
    organisation: string | null;
    voting: boolean;
    status: AttendanceStatus | null;
    proxyHolder: string | null;
    capacities: CommissionCapacity[];
  }[];
  quorum: { comptes: number; requis: number; membresVotants: number; atteint: boolean };
  decisions: DecisionForOutput[];
  openedAt: Date | null;
  closedAt: Date | null;
  generatedAt: Date;
}

const cents = (c: number | null | undefined) => (c === null || c === undefined ? null : formatAmountFr(c / 100));

function decisionSummary(d: DecisionForOutput): string {
  const parts = [DECISION_OUTCOME_LABELS[d.outcome]];
  if (d.amountGrantedCents) parts.push(`${cents(d.amountGrantedCents)}`);
  if (d.form) parts.push(DECISION_FORM_LABELS[d.form].toLowerCase());
  if (d.form === 'tiers' && d.creditorName) parts.push(`à ${d.creditorName}`);
  if (d.duration) parts.push(`pour ${d.duration.value} ${DURATION_UNIT_LABELS[d.duration.unit]}`);
  return parts.join(', ');
}

/** The procès-verbal of a séance. */
export function renderProcesVerbal(s: SeanceForOutput): Promise<Buffer> {
  const present = s.members.filter((m) => m.status === 'present');
  const others = s.members.filter((m) => m.status !== 'present');
  const memberLine = (m: SeanceForOutput['members'][number]) =>
    [
      m.name,
      m.organisation ? `(${m.organisation})` : null,
      m.capacities.length
        ? `— ${m.capacities.map((c) => COMMISSION_CAPACITY_LABELS[c].toLowerCase()).join(', ')}`
        : null,
      m.voting ? null : '— voix consultative',
    ]
      .filter(Boolean)
      .join(' ');
  const content: Content[] = [
    fields([
      ['Commission', s.commissionName],
      ['Date', `${formatDateFr(s.date)} à ${s.heure.replace(':', ' h ')}`],
      ['Lieu', s.lieu],
    ]),
    heading('Membres présents'),
    present.length ? bullets(present.map(memberLine)) : muted('Aucun membre présent.'),
    heading('Membres excusés, absents ou représentés', 2),
    others.length
      ? bullets(
          others.map(
            (m) =>
              `${memberLine(m)} : ${m.status ? ATTENDANCE_STATUS_LABELS[m.status].toLowerCase() : 'non renseigné'}${
                m.proxyHolder ? `, pouvoir donné à ${m.proxyHolder}` : ''
              }`,
          ),
        )
      : muted('Aucun.'),
    heading('Quorum'),
    paragraph(
      `${s.quorum.comptes} membre${s.quorum.comptes > 1 ? 's' : ''} votant${s.quorum.comptes > 1 ? 's' : ''} compté${
        s.quorum.comptes > 1 ? 's' : ''
      } sur ${s.quorum.membresVotants} ; ${s.quorum.requis} requis. `,
      { text: s.quorum.atteint ? 'Le quorum est atteint.' : 'Le quorum n’est pas atteint.', bold: true },
    ),
    heading('Décisions'),
  ];
  if (s.decisions.length === 0) content.push(muted('Aucune décision n’a été prise au cours de cette séance.'));
  for (const d of s.decisions) {
    content.push(heading(`Dossier ${d.numeroDossier} (${d.applicant.initiales}) — ${AID_KIND_LABELS[d.aidKind]}`, 2));
    content.push(
      fields([
        ['Objet', d.objet],
        ['Montant demandé', cents(d.amountAskedCents)],
        ['Décision', decisionSummary(d)],
        ['Motif', d.motive],
        [
          'Votes',
          d.votes
            ? `${d.votes.pour} pour, ${d.votes.contre} contre, ${d.votes.abstention} abstention(s)`
            : 'vote non détaillé',
        ],
        ...(d.urgence ? ([['Urgence', 'Décision d’urgence ratifiée par la commission']] as [string, string][]) : []),
        ...(d.correctsNumero
          ? ([['Rectification', `Rectifie la décision ${d.correctsNumero}`]] as [string, string][])
          : []),
        [
          'Signatures',
          d.signatures.length
            ? d.signatures
                .map(
                  (sig) =>
                    `${sig.name} (${COMMISSION_CAPACITY_LABELS[sig.capacity].toLowerCase()}), le ${formatDateFr(sig.signedAt)}`,
                )
                .join(' ; ')
            : null,
        ],
      ]),
    );
  }
  content.push(
    muted(
      'Procès-verbal conservé sans limite de durée (archives de la commission). Les demandeurs sont désignés par leurs initiales et leur numéro de dossier.',
    ),
  );
  return renderPdf({
    title: 'Procès-verbal de séance',
    subject: `${s.commissionName} — séance du ${formatDateFr(s.date)}`,
    territoryName: s.territoryName,
    generatedAt: s.generatedAt,
    content,
  });
}

export interface LetterInput {
  territoryName: string;
  commissionName: string;
  seanceDate: string | null;
  decision: DecisionForOutput;
  generatedAt: Date;
}

/** The decision letter to the applicant. */
export function renderDecisionLetter(l: LetterInput): Promise<Buffer> {
  const d = l.decision;
  const name = `${d.applicant.prenom} ${d.applicant.nom.toUpperCase()}`;
  const when = l.seanceDate
    ? `lors de sa séance du ${formatDateFr(l.seanceDate)}`
    : `le ${formatDateFr(d.decidedAt)}, en urgence`;
  const grants = d.outcome === 'accord' || d.outcome === 'accord_partiel';
  const body: Content[] = [
    { text: [name, ...(d.applicant.adresse ? [`\n${d.applicant.adresse}`] : [])], margin: [280, 0, 0, 18] },
    fields([
      ['Dossier', d.numeroDossier],
      ['Objet', `Décision relative à votre demande d’aide : ${AID_KIND_LABELS[d.aidKind]}`],
    ]),
    paragraph('Madame, Monsieur,'),
    paragraph(
      `Vous avez sollicité une aide (${AID_KIND_LABELS[d.aidKind].toLowerCase()}) pour l’objet suivant : « ${d.objet} »${
        d.amountAskedCents ? `, pour un montant de ${cents(d.amountAskedCents)}` : ''
      }.`,
    ),
    paragraph(`La ${l.commissionName}, ${when}, a examiné votre demande et a pris la décision suivante : `, {
      text: `${DECISION_OUTCOME_LABELS[d.outcome]}.`,
      bold: true,
    }),
  ];
  if (grants) {
    body.push(
      fields([
        ['Montant accordé', cents(d.amountGrantedCents) ?? 'aide en nature'],
        ['Forme de l’aide', d.form ? DECISION_FORM_LABELS[d.form] : null],
        ...(d.form === 'tiers' ? ([['Versée à', d.creditorName]] as [string, string | null][]) : []),
        ...(d.duration
          ? ([['Durée', `${d.duration.value} ${DURATION_UNIT_LABELS[d.duration.unit]}`]] as [string, string][])
          : []),
      ]),
    );
  }
  if (d.motive) body.push(paragraph({ text: 'Motif de la décision : ', bold: true }, d.motive));
  if (d.outcome === 'ajournee')
    body.push(paragraph('Votre demande sera examinée à nouveau lors d’une prochaine séance.'));
  body.push(
    heading('Voies et délais de recours', 2),
    paragraph(
      'Si vous contestez cette décision, vous pouvez former un recours gracieux auprès du président ou de la présidente de la commission dans un délai de deux mois à compter de la réception de ce courrier. ',
      'L’absence de réponse dans un délai de deux mois vaut rejet de ce recours.',
    ),
    paragraph(
      'Vous pouvez également saisir le tribunal administratif territorialement compétent dans un délai de deux mois à compter de la réception de ce courrier, ou de la réponse à votre recours gracieux (ou de son rejet implicite). ',
      'Le tribunal peut être saisi par l’application « Télérecours citoyens » sur le site www.telerecours.fr.',
    ),
    paragraph('Le travailleur social qui a instruit votre demande reste à votre disposition pour toute question.'),
    paragraph('Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.'),
  );
  if (d.signatures.length)
    body.push(
      paragraph(
        { text: 'Signé par : ', bold: true },
        d.signatures.map((s) => `${s.name}, ${COMMISSION_CAPACITY_LABELS[s.capacity].toLowerCase()}`).join(' ; '),
      ),
    );
  return renderPdf({
    title: 'Notification de décision',
    subject: `Décision — dossier ${d.numeroDossier}`,
    territoryName: l.territoryName,
    generatedAt: l.generatedAt,
    content: body,
  });
}
