/**
 * Yes/no columns: which spellings count as yes and no, and whether a column's values are one of
 * those pairs. A flag's normal form is 1 (yes), 0 (no) or NULL (anything else, or missing).
 */

/** Spellings of yes, compared after trimming and lower-casing. */
export const FLAG_YES = ['yes', 'y', 'true', 't', '1'] as const;
/** Spellings of no, in the same order as FLAG_YES (pairs: yes/no, y/n, true/false, t/f, 1/0). */
export const FLAG_NO = ['no', 'n', 'false', 'f', '0'] as const;

/**
 * True when `values` (distinct, as text) are exactly the two sides of one pair: `Yes`/`No`,
 * `TRUE`/`FALSE`, `y`/`n`, `t`/`f` or `1`/`0`, in any case. One value alone is a constant, not a flag.
 */
export function isFlagValues(values: readonly string[]): boolean {
  const seen = new Set(values.map((v) => v.trim().toLowerCase()));
  if (seen.size !== 2) return false;
  return FLAG_YES.some((yes, i) => seen.has(yes) && seen.has(FLAG_NO[i]));
}
