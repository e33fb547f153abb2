import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/**
 * Exports of the commission statistics: CSV (UTF-8 with BOM, « ; » separator, what French
 * spreadsheets open directly) and XLSX (exceljs, one sheet per table). Amounts are given in euros
 * with two decimals; no person data ever appears (only counts and sums).
 */

export interface StatTable {
  /** The sheet's name (≤ 31 characters) and the CSV section title. */
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
}

export function statsCsv(tables: readonly StatTable[]): Buffer {
  const parts: string[] = [];
  for (const t of tables) {
    parts.push(
      stringify([[t.name], t.headers, ...t.rows.map((r) => r.map((c) => (c === null ? '' : c)))], {
        delimiter: ';',
        cast: { number: (n) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace('.', ',')) },
      }),
    );
  }
  return Buffer.from(`\ufeff${parts.join('\r\n')}`, 'utf8');
}

export async function statsXlsx(tables: readonly StatTable[], generatedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Ensemblier';
  wb.created = generatedAt;
  wb.modified = generatedAt;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name.slice(0, 31));
    ws.addRow(t.headers).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    ws.columns.forEach((c, i) => {
      c.width = Math.min(50, Math.max(12, t.headers[i]?.length ?? 10) + 2);
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
