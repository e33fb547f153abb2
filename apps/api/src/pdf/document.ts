import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake, { type Content, type DocumentDefinition } from 'pdfmake';

/**
 * PDF documents of the product (information notice, right-of-access export; later the
 * commission minutes and decision letters).
 *
 * Library: pdfmake 0.3 (MIT, maintained, server-side in pure JavaScript on top of pdfkit). We
 * chose it over pdfkit alone because documents are declared as data (headings, paragraphs,
 * tables) and pdfmake lays them out: tables that break across pages with their header row
 * repeated, text wrapping, headers and footers that know the page number and the page count —
 * what minutes and letters need — without our own layout code. No browser, no native module.
 *
 * Font: Roboto, the TrueType files shipped inside the pdfmake package (Apache 2.0): Latin,
 * Latin Extended, Greek and Cyrillic — every French glyph (é è ê à ç œ « » ’ €, narrow
 * no-break spaces) and the names of most persons. pdfkit embeds only the glyphs a document uses
 * (subset), so a notice weighs a few dozen kilobytes. The files are read once into pdfmake's
 * virtual file system; network and local file access are refused (a document never loads
 * anything named in its content).
 */

const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

let ready = false;
function setup() {
  if (ready) return;
  const require = createRequire(import.meta.url);
  for (const file of Object.values(FONT_FILES)) {
    pdfmake.virtualfs.writeFileSync(file, readFileSync(require.resolve(`pdfmake/fonts/Roboto/${file}`)));
  }
  pdfmake.setFonts({ Roboto: { ...FONT_FILES } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  ready = true;
}

export type { Content };

export const COLORS = { text: '#1a1a1a', muted: '#555555', accent: '#1f4e79', rule: '#b0b0b0', zebra: '#f2f2f2' };

export interface PdfSpec {
  /** The document's title: metadata and the first heading. */
  title: string;
  /** Metadata subject (what the document is for). */
  subject?: string;
  /** The territory (CCAS / CIAS) name, in the header of every page. */
  territoryName: string;
  /** Metadata author: the organisation that produces the document. */
  author?: string;
  /** When the document is produced (ctx.clock.now()): metadata and footer. */
  generatedAt: Date;
  content: Content[];
}

/** Renders an A4 document: header with the territory, footer with the date and « Page n sur N ». */
export async function renderPdf(spec: PdfSpec): Promise<Buffer> {
  setup();
  const generated = formatDateFr(spec.generatedAt);
  const doc: DocumentDefinition = {
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 56],
    language: 'fr-FR',
    displayTitle: true,
    info: {
      title: spec.title,
      subject: spec.subject ?? spec.title,
      author: spec.author ?? spec.territoryName,
      creator: 'Ensemblier',
      producer: 'Ensemblier',
      creationDate: spec.generatedAt,
      modDate: spec.generatedAt,
    },
    header: () => ({
      margin: [56, 28, 56, 0],
      columns: [
        { text: withFontSpaces(spec.territoryName), style: 'pageHeader', width: '*' },
        { text: spec.title, style: 'pageHeader', alignment: 'right', width: 'auto' },
      ],
    }),
    footer: (currentPage: number, pageCount: number) => ({
      margin: [56, 16, 56, 0],
      columns: [
        { text: `Document établi le ${generated}`, style: 'pageFooter', width: '*' },
        { text: `Page ${currentPage} sur ${pageCount}`, style: 'pageFooter', alignment: 'right', width: 'auto' },
      ],
    }),
    content: withFontSpaces([{ text: spec.title, style: 'title' }, ...spec.content]),
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25, color: COLORS.text },
    styles: {
      title: { fontSize: 18, bold: true, color: COLORS.accent, margin: [0, 0, 0, 12] },
      h1: { fontSize: 14, bold: true, color: COLORS.accent, margin: [0, 14, 0, 6] },
      h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      paragraph: { margin: [0, 0, 0, 6] },
      muted: { color: COLORS.muted, fontSize: 9.5 },
      tableHeader: { bold: true, fontSize: 9.5 },
      tableCell: { fontSize: 9.5 },
      label: { bold: true },
      pageHeader: { fontSize: 8.5, color: COLORS.muted },
      pageFooter: { fontSize: 8.5, color: COLORS.muted },
    },
  };
  return pdfmake.createPdf(doc).getBuffer();
}

/**
 * Roboto has no narrow no-break space (U+202F), which Intl puts in French amounts (« 1 234,56 € »)
 * and careful typists before « ; : ! ? »: it becomes the no-break space U+00A0, which it has.
 */
function withFontSpaces<T>(node: T): T {
  if (typeof node === 'string') return node.replace(/\u202f/g, '\u00a0') as T;
  if (Array.isArray(node)) return node.map((n: unknown) => withFontSpaces(n)) as T;
  if (node && typeof node === 'object' && !(node instanceof Date) && !Buffer.isBuffer(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = typeof v === 'function' ? v : withFontSpaces(v);
    return out as T;
  }
  return node;
}

// ---------------------------------------------------------------------------------------
// Building blocks

export function heading(text: string, level: 1 | 2 = 1): Content {
  return { text, style: level === 1 ? 'h1' : 'h2', headlineLevel: level };
}

/** A paragraph; parts may mix plain strings and bold runs ({ text, bold: true }). */
export function paragraph(...parts: (string | { text: string; bold?: boolean; italics?: boolean })[]): Content {
  return { text: parts, style: 'paragraph' };
}

export function muted(text: string): Content {
  return { text, style: ['paragraph', 'muted'] };
}

export function bullets(items: (string | Content)[]): Content {
  return { ul: items, margin: [0, 0, 0, 6] };
}

/** « Libellé : valeur » lines; empty values are shown as « non renseigné ». */
export function fields(pairs: [label: string, value: string | null | undefined][]): Content {
  return {
    table: {
      widths: [150, '*'],
      body: pairs.map(([label, value]) => [
        { text: label, style: 'label' },
        value ? { text: value } : { text: 'non renseigné', style: 'muted' },
      ]),
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 6],
  };
}

/**
 * A table with a header row repeated on every page and light zebra rows; `empty` is written
 * instead when there is no row.
 */
export function table(spec: {
  headers: string[];
  rows: (string | null | undefined)[][];
  widths?: (number | '*' | 'auto')[];
  empty: string;
}): Content {
  if (spec.rows.length === 0) return muted(spec.empty);
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: spec.widths ?? spec.headers.map(() => '*'),
      body: [
        spec.headers.map((h) => ({ text: h, style: 'tableHeader' })),
        ...spec.rows.map((r) => r.map((cell) => ({ text: cell ?? '—', style: 'tableCell' }))),
      ],
    },
    layout: {
      hLineWidth: (i: number) => (i === 1 ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => COLORS.rule,
      fillColor: (row: number) => (row > 0 && row % 2 === 0 ? COLORS.zebra : null),
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 2, 0, 8],
  };
}

// ---------------------------------------------------------------------------------------
// French formatting (Europe/Paris), as the web shows it: « 23 nov. 2026 », « 14 h 30 ».

const TIME_ZONE = 'Europe/Paris';
const dateFmt = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: TIME_ZONE,
});
const civilFmt = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFmt = new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', timeZone: TIME_ZONE });

/** « 23 nov. 2026 »; a civil date 'YYYY-MM-DD' is never shifted by the time zone. */
export function formatDateFr(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return civilFmt.format(new Date(`${value}T00:00:00Z`));
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? '' : dateFmt.format(d);
}

/** « 23 nov. 2026 à 14 h 30 ». */
export function formatDateTimeFr(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const [h, m] = timeFmt.format(d).split(':');
  return `${dateFmt.format(d)} à ${Number(h)} h ${m}`;
}

/** An amount in euro cents as « 1 234,56 € »; empty for null. */
export function formatCentsFr(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '' : formatAmountFr(cents / 100);
}

/** « 1 234,56 € ». */
export function formatAmountFr(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n)
    ? new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(n)
    : String(value);
}
