import {
  REGISTER_EXPORT_COLUMNS,
  REGISTER_SITUATION_LABELS,
  REGISTER_SITUATIONS,
  registerExportRow,
  type Registration,
} from '@ensemblier/shared';
import { stringify } from 'csv-stringify/sync';
import { muted, paragraph, renderPdf, table } from '../pdf/document.ts';

/**
 * The register exported for the prefecture (on the prefect's request, CASF R.121-8): the shared
 * columns and cells (REGISTER_EXPORT_COLUMNS, registerExportRow), encoded here.
 */

/** CSV for French spreadsheets: UTF-8 with BOM, « ; » separator, CRLF, French headers. */
export function registerCsv(rows: readonly Registration[]): Buffer {
  const csv = stringify([REGISTER_EXPORT_COLUMNS.map(([, header]) => header), ...rows.map(registerExportRow)], {
    delimiter: ';',
    record_delimiter: 'windows',
  });
  return Buffer.from(`\ufeff${csv}`, 'utf8');
}

/** A landscape-friendly table of every registration in force, with a count per situation. */
export async function registerPdf(
  rows: readonly Registration[],
  p: { territoryName: string; generatedAt: Date },
): Promise<Buffer> {
  const counts = REGISTER_SITUATIONS.map(
    (s) => `${REGISTER_SITUATION_LABELS[s]} : ${rows.filter((r) => r.situation === s).length}`,
  ).join(' · ');
  // The PDF is read on paper: the columns most useful to reach the person, the others merged.
  const headers = [
    'Nom et prénom',
    'Situation',
    'Adresse et accès',
    'Téléphones',
    'Personnes à prévenir',
    'Médecin, services',
    'Inscrite le',
  ];
  const body = rows.map((r) => {
    const [nom, prenom, situation, isole, adresse, commune, acces, tels, contacts, medecin, services, on] =
      registerExportRow(r);
    return [
      `${nom} ${prenom}`,
      isole === 'Oui' ? `${situation}, isolée` : situation,
      [adresse, commune, acces].filter(Boolean).join(' — '),
      tels,
      contacts,
      [medecin, services].filter(Boolean).join(' ; '),
      on,
    ];
  });
  return renderPdf({
    title: 'Registre des personnes vulnérables',
    subject: 'Registre nominatif (article L.121-6-1 du code de l’action sociale et des familles)',
    territoryName: p.territoryName,
    generatedAt: p.generatedAt,
    content: [
      paragraph(`Personnes inscrites : ${rows.length}. `, counts),
      muted(
        'Document confidentiel, communiqué au préfet à sa demande (article R.121-8 du code de l’action sociale et des familles). Ne pas diffuser.',
      ),
      table({
        headers,
        rows: body,
        widths: [90, 55, '*', 62, 70, 70, 50],
        empty: 'Aucune personne n’est inscrite au registre.',
      }),
    ],
  });
}
