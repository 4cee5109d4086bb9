/**
 * One way of writing numbers everywhere in the studio: thousands separators, no exponents, money
 * with two decimals ("5,003.68"), counts whole ("20,000").
 */

/** What a number measures, for how it is written. */
export type NumberKind = 'money' | 'count' | 'plain';

const MONEY = /^(monetary|aov)(_|$)|spend|revenue|amount|sales|price|income|value|total_spent/i;
const NOT_MONEY = /trend|share|rate|ratio|count|days|months|__missing/i;

/** Whether a feature (by its column name) is an amount of money. */
export function isMoneyFeature(name: string): boolean {
  return MONEY.test(name) && !NOT_MONEY.test(name);
}

/** The kind of a feature's values, from its column name. */
export function featureNumberKind(name: string): NumberKind {
  return isMoneyFeature(name) ? 'money' : 'plain';
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * The English formatter with these options, made once: `toLocaleString` builds a new one on
 * every call, which made number formatting a sixth of a threshold drag's frame at 5M customers.
 */
function format(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en', options);
    formats.set(key, f);
  }
  return f;
}

const TWO_DECIMALS = format({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHOLE = format({});
const UP_TO_SIX = format({ maximumFractionDigits: 6 });

/**
 * Writes `v` for reading: money with two decimals (with `currency`, an ISO code such as "EUR",
 * as that currency: "€5,003.68", "¥5,004"), counts whole, other numbers with about three
 * significant digits below 1,000 and whole above; always with thousands separators, never as
 * 2.8e+5. Not finite: "–".
 */
export function formatNumber(
  v: number,
  kind: NumberKind = 'plain',
  currency: string | null = null,
): string {
  if (!Number.isFinite(v)) return '–';
  if (kind === 'money' && currency) return format({ style: 'currency', currency }).format(v);
  if (kind === 'money') return TWO_DECIMALS.format(v);
  if (kind === 'count') return WHOLE.format(Math.round(v));
  const a = Math.abs(v);
  if (a >= 1000) return WHOLE.format(Math.round(v));
  if (a === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(a)));
  return UP_TO_SIX.format(+v.toFixed(Math.min(digits, 6)));
}

/**
 * Money in a narrow table cell: 4.7M, €12.3K, €512.40 (below ten thousand in full), in the
 * currency when one is set. The full amount belongs in the cell's title.
 */
export function formatMoneyShort(v: number, currency: string | null = null): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) < 10_000) return formatNumber(v, 'money', currency);
  return format({
    notation: 'compact',
    maximumFractionDigits: 1,
    ...(currency ? { style: 'currency', currency } : {}),
  }).format(v);
}
