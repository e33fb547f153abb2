import { extractText, getDocumentProxy, getMeta } from 'unpdf';

/**
 * The text of a PDF produced by the API (unpdf: PDF.js without a browser), pages joined, with
 * its page count and metadata; throws when the bytes are not a readable PDF.
 */
export async function pdfText(bytes: Uint8Array | Buffer): Promise<{ text: string; pages: number; title: string }> {
  const data = new Uint8Array(bytes);
  if (Buffer.from(data.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const pdf = await getDocumentProxy(data.slice());
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  const meta = await getMeta(pdf);
  const info = meta.info as { Title?: string };
  await pdf.cleanup();
  // PDF.js may split a line into runs: collapse whitespace so tests match phrases.
  return { text: text.replace(/\s+/g, ' '), pages: totalPages, title: info.Title ?? '' };
}
