/**
 * Columns that look like personal data: emails, phone numbers, person names and street
 * addresses, recognised by the column's name or by most of its sampled values.
 */

/** The kinds of personal data the studio recognises. */
export type PiiKind = 'email' | 'phone' | 'name' | 'address';

/** A column flagged as personal data, and why. */
export interface PiiFlag {
  column: string;
  kind: PiiKind;
  /** `name`: the column's name says so; `values`: most sampled values look like it. */
  by: 'name' | 'values';
}

/** Words for each kind, in the order they are tried (an "email address" is an email). */
const BY_NAME: [PiiKind, RegExp][] = [
  ['email', /e[-_ ]?mail/i],
  [
    'phone',
    /phone|mobile|cell(ular)?([-_ ]?(no|num|number))?$|^tel(ephone)?([-_ ]|$)|(^|[-_ ])fax/i,
  ],
  ['address', /address|street|^addr|(^|[-_ ])(zip|post(al)?)[-_ ]?code|postcode/i],
  [
    'name',
    /^((first|last|full|given|family|middle|sur|fore|customer|contact|client|person|user)[-_ ]?)?name$|surname|forename/i,
  ],
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
const STREET =
  /^\d+[a-z]?,?\s+(\S+\s+){0,4}(street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|square|sq|strasse|straße|rue)\b\.?/i;
const PERSON = /^[A-Z][a-zà-ÿ'’-]+( [A-Z]\.?)?( [A-Z][a-zà-ÿ'’-]+){1,2}$/;

/** Share of sampled values that must match a pattern. */
const MOST = 0.8;

function isPhone(v: string): boolean {
  if (!PHONE.test(v)) return false;
  const digits = v.replace(/\D/g, '').length;
  // Bare digit strings are more often ids or amounts than phone numbers.
  return digits >= 7 && digits <= 15 && /^\+|[\s().-]/.test(v);
}

/** The kind a column's name suggests, or null. */
export function piiByName(column: string): PiiKind | null {
  for (const [kind, re] of BY_NAME) if (re.test(column.trim())) return kind;
  return null;
}

/**
 * The kind most sampled values look like, or null. Person names need varied values too: a few
 * capitalised words repeated (countries, cities, plans) are not names.
 */
export function piiByValues(values: readonly (string | null)[]): PiiKind | null {
  const sample = values.map((v) => v?.trim() ?? '').filter((v) => v !== '');
  if (sample.length < 3) return null;
  const share = (test: (v: string) => boolean) => sample.filter(test).length / sample.length;
  if (share((v) => EMAIL.test(v)) >= MOST) return 'email';
  if (share(isPhone) >= MOST) return 'phone';
  if (share((v) => STREET.test(v)) >= MOST) return 'address';
  const distinct = new Set(sample).size / sample.length;
  if (sample.length >= 10 && distinct >= 0.9 && share((v) => PERSON.test(v)) >= MOST) return 'name';
  return null;
}

/**
 * Flags of one table's columns: by name first, then by sampled text values (`samples` holds
 * the first values of the text columns).
 */
export function detectPii(
  columns: readonly string[],
  samples: Readonly<Record<string, readonly (string | null)[]>>,
): PiiFlag[] {
  const flags: PiiFlag[] = [];
  for (const column of columns) {
    const named = piiByName(column);
    if (named) {
      flags.push({ column, kind: named, by: 'name' });
      continue;
    }
    const valued = samples[column] ? piiByValues(samples[column]) : null;
    if (valued) flags.push({ column, kind: valued, by: 'values' });
  }
  return flags;
}

/** How a kind is named in the UI. */
export const PII_LABELS: Record<PiiKind, string> = {
  email: 'email addresses',
  phone: 'phone numbers',
  name: 'person names',
  address: 'street addresses',
};
