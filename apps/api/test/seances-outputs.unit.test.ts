import { describe, expect, it } from 'vitest';
import { renderDecisionLetter, renderProcesVerbal, type DecisionForOutput } from '../src/commissions/outputs-pdf.ts';
import { statsCsv, statsXlsx } from '../src/commissions/stat-export.ts';
import { pdfText } from './pdf-text.ts';
import ExcelJS from 'exceljs';

const at = new Date('2026-11-20T14:00:00Z');
const decision = (over: Partial<DecisionForOutput>): DecisionForOutput => ({
  numeroDossier: 'D-2026-0001',
  applicant: { initiales: 'J. D.', nom: 'Durand', prenom: 'Jeanne', adresse: '3 rue des Lilas, 34400 Lunel' },
  aidKind: 'secours_financier',
  objet: 'Facture d’électricité',
  amountAskedCents: 30000,
  outcome: 'accord',
  amountGrantedCents: 30000,
  form: 'tiers',
  creditorName: 'EDF',
  duration: null,
  motive: null,
  votes: { pour: 3, contre: 0, abstention: 0 },
  urgence: false,
  correctsNumero: null,
  signatures: [],
  decidedAt: at,
  ...over,
});

describe('séance outputs', () => {
  const decisions = [
    decision({}),
    decision({
      numeroDossier: 'D-2026-0002',
      applicant: { initiales: 'M. M.', nom: 'Martin', prenom: 'Marc', adresse: null },
      outcome: 'refus',
      amountGrantedCents: null,
      form: null,
      creditorName: null,
      motive: 'Ressources supérieures au barème',
    }),
    decision({
      numeroDossier: 'D-2026-0003',
      outcome: 'accord_partiel',
      amountGrantedCents: 15000,
      motive: 'Participation de la famille attendue',
    }),
  ];

  it('the procès-verbal is a PDF listing members present, the quorum and each decision with its motive, without names', async () => {
    const pdf = await renderProcesVerbal({
      territoryName: 'CIAS du Pays de Lunel',
      commissionName: 'Commission des aides facultatives',
      date: '2026-11-20',
      heure: '14:30',
      lieu: 'Salle du conseil',
      members: [
        {
          name: 'Claire Président',
          organisation: null,
          voting: true,
          status: 'present',
          proxyHolder: null,
          capacities: ['president'],
        },
        {
          name: 'Paul Absent',
          organisation: 'Entraide',
          voting: true,
          status: 'excuse',
          proxyHolder: null,
          capacities: [],
        },
      ],
      quorum: { comptes: 1, requis: 1, membresVotants: 2, atteint: true },
      decisions,
      openedAt: at,
      closedAt: at,
      generatedAt: at,
    });
    const { text, title } = await pdfText(pdf);
    expect(title).toBe('Procès-verbal de séance');
    expect(text).toContain('Claire Président');
    expect(text).toContain('Le quorum est atteint.');
    for (const d of decisions) expect(text).toContain(`Dossier ${d.numeroDossier}`);
    expect(text).toContain('Refus');
    expect(text).toContain('Ressources supérieures au barème');
    expect(text).toContain('Accord partiel');
    expect(text).toContain('Participation de la famille attendue');
    expect(text).not.toContain('Durand');
    expect(text).not.toContain('Martin');
  });

  it('a decision letter is a PDF with the decision, amount, form, motive and the ways to contest', async () => {
    const pdf = await renderDecisionLetter({
      territoryName: 'CIAS du Pays de Lunel',
      commissionName: 'Commission des aides facultatives',
      seanceDate: '2026-11-20',
      decision: decisions[2]!,
      generatedAt: at,
    });
    const { text } = await pdfText(pdf);
    expect(text).toContain('Jeanne DURAND');
    expect(text).toContain('Accord partiel');
    expect(text).toContain('150,00');
    expect(text).toContain('Participation de la famille attendue');
    expect(text).toContain('recours gracieux');
    expect(text).toContain('deux mois');
    expect(text).toContain('tribunal administratif');
  });

  it('statistics export as CSV (semicolons, BOM) and as a readable XLSX', async () => {
    const tables = [
      { name: 'Par type d’aide', headers: ['Type', 'Demandes', 'Montant'], rows: [['Secours', 2, 450.5]] },
    ];
    const csv = statsCsv(tables).toString('utf8');
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('Type;Demandes;Montant');
    expect(csv).toContain('Secours;2;450,50');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await statsXlsx(tables, at)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Par type d’aide');
    expect(ws.getRow(2).getCell(1).value).toBe('Secours');
    expect(ws.getRow(2).getCell(3).value).toBe(450.5);
  });
});
