/** A civil date 'AAAA-MM-JJ' as typed in our forms: 'JJ/MM/AAAA' ('' when empty). */
export function typedDate(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}
