/** Page numbers to show: first, last, current ±1, with `null` for a gap ("…"). */
export function pageWindow(current: number, total: number, around = 1): (number | null)[] {
  if (total <= 1) return [1];
  const pages = new Set<number>([1, total]);
  for (let p = current - around; p <= current + around; p++) {
    if (p >= 1 && p <= total) pages.add(p);
  }
  // Avoid a gap that hides a single page (show "1 2 3" rather than "1 … 3").
  const sorted = [...pages].sort((a, b) => a - b);
  const result: (number | null)[] = [];
  let previous = 0;
  for (const p of sorted) {
    if (p - previous === 2) result.push(previous + 1);
    else if (p - previous > 2) result.push(null);
    result.push(p);
    previous = p;
  }
  return result;
}
