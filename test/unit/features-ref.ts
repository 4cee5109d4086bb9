/**
 * An independent plain-TypeScript implementation of the feature definitions, used to check the
 * SQL. It shares no code with src/lib/features: only the written definitions.
 */

/** Parses RFC 4180 CSV (quotes, doubled quotes, commas and newlines in quotes) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Days since 1970-01-01 of the date part of `YYYY-MM-DD...`. */
export const dayNo = (s: string): number =>
  Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000;

/** One transaction line, already typed. */
export interface Line {
  cid: string;
  day: number;
  ts: string;
  order: string;
  qty: number | null;
  price: number | null;
  cat: string | null;
  prod: string | null;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const distinct = <T>(xs: (T | null)[]): number => new Set(xs.filter((x) => x !== null)).size;

/** Median with interpolation (DuckDB's median / quantile_cont(0.5)). */
export function median(xs: number[]): number | null {
  return quantile(xs, 0.5);
}

/** quantile_cont: linear interpolation between closest ranks. */
export function quantile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** The rank cut-points as defined: quantile_cont at 0, 0.01, ..., 1. */
export function rankCuts(xs: number[]): number[] {
  return Array.from({ length: 101 }, (_, k) => quantile(xs, k / 100) as number);
}

/**
 * The rank of `x` from stored cut-points, as defined: each distinct cut-point sits at the mean
 * level (k / 100) of the cut-points equal to it; linear between those, constant outside.
 */
export function rankRef(cuts: number[], x: number): number {
  const level = (c: number): number => {
    const ks = cuts.flatMap((q, k) => (q === c ? [k] : []));
    return (ks[0] + ks[ks.length - 1]) / 200;
  };
  if (x <= cuts[0]) return level(cuts[0]);
  if (x >= cuts[cuts.length - 1]) return level(cuts[cuts.length - 1]);
  if (cuts.includes(x)) return level(x);
  const hi = cuts.findIndex((q) => q > x);
  const lo = cuts[hi - 1];
  return level(lo) + ((x - lo) / (cuts[hi] - lo)) * (level(cuts[hi]) - level(lo));
}

/** Options of one reference computation. */
export interface RefOptions {
  asOf: number;
  windowDays?: number;
  trendDays?: number;
  categories?: string[];
}

/** Features of one customer's lines (already restricted to day < as-of and the window). */
export function refFeatures(lines: Line[], o: RefOptions): Record<string, number | null> {
  const amts = lines.map((l) => (l.qty === null || l.price === null ? null : l.qty * l.price));
  const known = amts.filter((a): a is number => a !== null);
  const days = [...new Set(lines.map((l) => l.day))].sort((a, b) => a - b);
  const gaps = days.slice(1).map((d, i) => d - days[i]);
  const orders = distinct(lines.map((l) => l.order));
  const buy = lines.map((l, i) => ({ l, a: amts[i] })).filter((x) => x.a !== null && x.a > 0);
  const total = sum(buy.map((x) => x.a as number));
  const cats = o.categories ?? [];
  const out: Record<string, number | null> = {
    recency: lines.length ? o.asOf - days[days.length - 1] : null,
    tenure: lines.length ? o.asOf - days[0] : null,
    frequency: orders,
    monetary: lines.length === 0 ? 0 : known.length ? sum(known) : null,
    aov: known.length && orders ? sum(known) / orders : null,
    avg_gap: days.length > 1 ? (days[days.length - 1] - days[0]) / (days.length - 1) : null,
    median_gap: median(gaps),
    products: distinct(lines.map((l) => l.prod)),
    categories: distinct(lines.map((l) => l.cat)),
    returns: orders
      ? distinct(lines.filter((l) => (l.qty ?? 0) < 0).map((l) => l.order)) / orders
      : null,
    months: new Set(lines.map((l) => new Date(l.day * 86_400_000).toISOString().slice(0, 7))).size,
  };
  for (const c of cats)
    out[`share__${c}`] = total
      ? sum(buy.filter((x) => x.l.cat === c).map((x) => x.a as number)) / total
      : null;
  out.share__other = total
    ? sum(
        buy.filter((x) => x.l.cat === null || !cats.includes(x.l.cat)).map((x) => x.a as number),
      ) / total
    : null;
  const p = o.trendDays ?? 90;
  const spend = (from: number, to: number): number =>
    sum(lines.map((l, i) => (l.day >= from && l.day < to ? (amts[i] ?? 0) : 0)));
  const r = spend(o.asOf - p, o.asOf);
  const q = spend(o.asOf - 2 * p, o.asOf - p);
  out.trend =
    lines.length && Math.abs(r) + Math.abs(q) > 0 ? (r - q) / (Math.abs(r) + Math.abs(q)) : null;
  return out;
}

/** Groups lines by customer after applying the as-of date and an optional window. */
export function scope(lines: Line[], asOf: number, windowDays?: number): Map<string, Line[]> {
  const by = new Map<string, Line[]>();
  for (const l of lines) {
    if (!l.cid || l.day >= asOf || (windowDays && l.day < asOf - windowDays)) continue;
    const list = by.get(l.cid) ?? [];
    list.push(l);
    by.set(l.cid, list);
  }
  return by;
}
