/**
 * The currency money is shown in: an ISO 4217 code from a known list, or none. Inferred from the
 * data where it says so (a currency column with one value, a code or symbol in an amount column's
 * name, a symbol in amounts read as text), else none until the user picks one.
 */

/** The codes the studio offers and accepts (a config with any other is refused). */
export const CURRENCY_CODES = [
  'AED', 'ARS', 'AUD', 'BRL', 'CAD', 'CHF', 'CLP', 'CNY', 'COP', 'CZK', 'DKK', 'EGP', 'EUR',
  'GBP', 'HKD', 'HUF', 'IDR', 'ILS', 'INR', 'ISK', 'JPY', 'KRW', 'MXN', 'MYR', 'NGN', 'NOK',
  'NZD', 'PHP', 'PLN', 'RON', 'SAR', 'SEK', 'SGD', 'THB', 'TRY', 'TWD', 'UAH', 'USD', 'VND',
  'ZAR',
] as const; // prettier-ignore

/** One of CURRENCY_CODES. */
export type CurrencyCode = (typeof CURRENCY_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(CURRENCY_CODES);

/** True for a code in CURRENCY_CODES (upper case, as ISO writes it). */
export function isCurrencyCode(v: unknown): v is CurrencyCode {
  return typeof v === 'string' && KNOWN.has(v);
}

/** Symbols that name one currency without doubt ("$" does not: dollars of many countries). */
const SYMBOLS: Record<string, CurrencyCode> = {
  '£': 'GBP',
  '€': 'EUR',
  '¥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  '₺': 'TRY',
  '₪': 'ILS',
  '₫': 'VND',
  '₱': 'PHP',
  '₴': 'UAH',
  US$: 'USD',
  A$: 'AUD',
  C$: 'CAD',
  NZ$: 'NZD',
  HK$: 'HKD',
  S$: 'SGD',
  R$: 'BRL',
};

/** What the data says about its currency, and where. */
export interface InferredCurrency {
  code: CurrencyCode;
  /** For the user, e.g. `the column “currency” holds only GBP`. */
  why: string;
}

/** A column as inference sees it: its name, role and most frequent values. */
export interface CurrencyColumn {
  name: string;
  role: string;
  /** Distinct present values (the single value of a currency column is read from `samples`). */
  distinct: number;
  samples: readonly string[];
}

const CURRENCY_NAME = /^(currency|curr|ccy|currency_?code|iso_?currency)$/i;
const MONEY_ROLES = new Set(['amount', 'unit_price', 'measure', 'text']);

/** A code or unambiguous symbol in a text (a column name, an amount written with its symbol). */
function codeIn(text: string): CurrencyCode | null {
  for (const [symbol, code] of Object.entries(SYMBOLS)) if (text.includes(symbol)) return code;
  // A code as a word of its own ("Sales (EUR)", "amount_gbp"), not inside another word.
  for (const m of text.matchAll(/(?:^|[^A-Za-z])([A-Za-z]{3})(?=$|[^A-Za-z])/g)) {
    const code = m[1].toUpperCase();
    if (isCurrencyCode(code)) return code;
  }
  return null;
}

/**
 * The currency the data names, or null when it names none or several. Looks, in order, at a
 * currency column with one value, then at the names of amount and price columns, then at the
 * sampled values of amount columns read as text ("£12.50").
 */
export function inferCurrency(columns: readonly CurrencyColumn[]): InferredCurrency | null {
  const found: InferredCurrency[] = [];
  for (const c of columns) {
    if (!CURRENCY_NAME.test(c.name)) continue;
    const value = c.samples[0]?.trim().toUpperCase();
    if (c.distinct === 1 && isCurrencyCode(value))
      found.push({ code: value, why: `the column “${c.name}” holds only ${value}` });
  }
  for (const c of columns) {
    if (c.role !== 'amount' && c.role !== 'unit_price') continue;
    const code = codeIn(c.name);
    if (code) found.push({ code, why: `the column “${c.name}” names ${code}` });
  }
  for (const c of columns) {
    if (!MONEY_ROLES.has(c.role) || c.samples.length === 0) continue;
    const codes = c.samples.map((s) => (/\d/.test(s) ? codeIn(s) : null));
    const code = codes[0];
    if (code && codes.every((x) => x === code))
      found.push({ code, why: `the amounts in “${c.name}” are written with ${code}` });
  }
  const codes = new Set(found.map((f) => f.code));
  return codes.size === 1 ? found[0] : null;
}
