/** A positive page number from the URL (anything else is page 1). */
export function pageParam(url: URL, name = 'page'): number {
  const value = Number(url.searchParams.get(name));
  return Number.isInteger(value) && value >= 1 && value <= 100_000 ? value : 1;
}

export function totalPages(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
