/** How the Track step writes its numbers (the browser test formats the library's the same way). */

/** A share or rate as a percentage with one decimal, or a dash. */
export function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–';
}

/** A difference of rates in percentage points, signed. */
export function points(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const s = (v * 100).toFixed(1);
  return `${v > 0 ? '+' : ''}${s} pts`;
}

/** A number with up to two decimals and thousands separators, or a dash. */
export function num(v: number): string {
  return Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: 2 }) : '–';
}

/** A lift (ratio to everyone) with two decimals. */
export function lift(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : '–';
}

/** An interval "lo – hi" in the given format, or a dash. */
export function interval(lo: number, hi: number, f: (v: number) => string): string {
  return Number.isFinite(lo) && Number.isFinite(hi) ? `${f(lo)} – ${f(hi)}` : '–';
}
