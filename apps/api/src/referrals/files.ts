import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { ATTACHMENT_MAX_BYTES, type AttachmentUpload } from '@ensemblier/shared';
import type { TransactionSql } from '@ensemblier/db';
import { fieldError } from '../trpc/init.ts';

type AttachmentMime = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The extensions a file name may carry for each accepted type. */
const EXTENSIONS: Record<AttachmentMime, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

export interface CheckedFile {
  fileName: string;
  mimeType: AttachmentMime;
  bytes: Buffer;
  sha256: string;
}

function notAccepted(name: string): never {
  fieldError('attachments', `Le fichier « ${name} » n’est pas un PDF, JPEG ou PNG.`);
}

/**
 * Decodes and checks uploads: the type comes from the content's signature (file-type), never
 * from the name or a declared type; it must be PDF, JPEG or PNG and agree with the name's
 * extension (a PNG named .pdf, or random bytes named .pdf, are refused); 10 MB at most.
 */
export async function checkUploads(uploads: readonly AttachmentUpload[]): Promise<CheckedFile[]> {
  const out: CheckedFile[] = [];
  for (const u of uploads) {
    const base64 = u.contentBase64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) notAccepted(u.fileName);
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) fieldError('attachments', `Le fichier « ${u.fileName} » est vide.`);
    if (bytes.length > ATTACHMENT_MAX_BYTES) fieldError('attachments', `Le fichier « ${u.fileName} » dépasse 10 Mo.`);
    const detected = await fileTypeFromBuffer(bytes);
    const mime = detected?.mime as AttachmentMime | undefined;
    if (!mime || !(mime in EXTENSIONS)) notAccepted(u.fileName);
    const ext = /\.([A-Za-z0-9]+)$/.exec(u.fileName)?.[1]?.toLowerCase();
    if (ext && !EXTENSIONS[mime].includes(ext)) notAccepted(u.fileName);
    out.push({
      fileName: u.fileName,
      mimeType: mime,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return out;
}

/** Files live under FILES_DIR/<first two hex digits>/<64 random hex digits>. */
export const pathOf = (filesDir: string, key: string) => join(filesDir, key.slice(0, 2), key);

/**
 * Writes the files under random names and their rows; the caller removes the written files
 * when its transaction fails (`written` lists them even when this throws).
 */
export async function storeAttachments(
  tx: TransactionSql,
  p: {
    filesDir: string;
    territoryId: string;
    referralId: string;
    userId: string;
    organisationId: string;
    at: Date;
    files: readonly CheckedFile[];
    written: string[];
  },
): Promise<string[]> {
  const ids: string[] = [];
  for (const f of p.files) {
    const key = randomBytes(32).toString('hex');
    const path = pathOf(p.filesDir, key);
    await mkdir(join(p.filesDir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
    p.written.push(path);
    await writeFile(path, f.bytes, { mode: 0o600, flag: 'wx' });
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO referral_attachment (territory_id, referral_id, storage_key, file_name, mime_type, size_bytes,
        sha256, uploaded_by_user_id, uploaded_by_organisation_id, created_at)
      VALUES (${p.territoryId}, ${p.referralId}, ${key}, ${f.fileName}, ${f.mimeType}, ${f.bytes.length},
        ${f.sha256}, ${p.userId}, ${p.organisationId}, ${p.at})
      RETURNING id`;
    ids.push(row!.id);
  }
  return ids;
}

export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true })));
}

/** Runs `fn` (which writes files through `written`); removes them if it throws. */
export async function withFileCleanup<T>(fn: (written: string[]) => Promise<T>): Promise<T> {
  const written: string[] = [];
  try {
    return await fn(written);
  } catch (error) {
    await removeFiles(written);
    throw error;
  }
}

export async function readAttachment(filesDir: string, key: string, sha256: string): Promise<Buffer> {
  const bytes = await readFile(pathOf(filesDir, key));
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error(`attachment ${key} altered`);
  return bytes;
}
