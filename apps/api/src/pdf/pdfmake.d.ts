/**
 * The part of pdfmake 0.3's server API we use. We do not install @types/pdfmake: it pulls the
 * DOM library into the whole program (`/// <reference lib="dom" />`), which changes Node's
 * fetch types (HeadersInit…) everywhere in the API.
 */
declare module 'pdfmake' {
  /** A node of a document definition (text, columns, table, list…): see pdfmake's documentation. */
  export type Content = string | Record<string, unknown> | Content[];

  export interface DocumentDefinition {
    pageSize?: string;
    pageMargins?: number | [number, number, number, number];
    language?: string;
    displayTitle?: boolean;
    info?: Record<string, string | Date>;
    header?: (currentPage: number, pageCount: number) => Content;
    footer?: (currentPage: number, pageCount: number) => Content;
    content: Content[];
    defaultStyle?: Record<string, unknown>;
    styles?: Record<string, Record<string, unknown>>;
  }

  interface FontFiles {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }

  interface PdfMake {
    virtualfs: { writeFileSync(name: string, data: Buffer): void };
    setFonts(fonts: Record<string, FontFiles>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(doc: DocumentDefinition): { getBuffer(): Promise<Buffer> };
  }

  const pdfmake: PdfMake;
  export default pdfmake;
}
