/**
 * The columns a segment profile compares. Numbers are compared by their means; a category kept as
 * levels has no meaningful mean, so its most common levels become 0/1 columns named
 * `<feature> = <level>`, whose means are shares (62 % two-year contracts vs 24 % overall).
 */
import type { NumericColumn } from './model';
import type { SegmentInputs } from './pipeline';

/** How many levels of a category the profile shows (the most common ones). */
export const PROFILE_LEVELS = 3;

/** Profile columns by name, and which of them are shares of a category's level. */
export interface ProfileColumns {
  columns: Record<string, NumericColumn>;
  shares: ReadonlySet<string>;
}

const cache = new WeakMap<object, ProfileColumns>();

/** The profile's columns of these inputs (cached per inputs' columns). */
export function profileColumns(
  inputs: Pick<SegmentInputs, 'columns' | 'categories'>,
): ProfileColumns {
  const hit = cache.get(inputs.columns);
  if (hit) return hit;
  const levels = inputs.categories?.levels ?? {};
  const codes = inputs.categories?.codes ?? {};
  const columns: Record<string, NumericColumn> = {};
  const shares = new Set<string>();
  for (const [name, values] of Object.entries(inputs.columns)) {
    const labels = levels[name];
    if (!labels) {
      columns[name] = values;
      continue;
    }
    const code = codes[name];
    const counts = new Float64Array(labels.length);
    for (let i = 0; i < code.length; i++) if (code[i] >= 0) counts[code[i]]++;
    const top = [...labels.keys()]
      .filter((l) => counts[l] > 0)
      .sort((a, b) => counts[b] - counts[a] || a - b)
      .slice(0, PROFILE_LEVELS);
    for (const l of top) {
      const share = new Float64Array(code.length);
      for (let i = 0; i < code.length; i++) share[i] = code[i] < 0 ? NaN : code[i] === l ? 1 : 0;
      const key = `${name} = ${labels[l]}`;
      columns[key] = share;
      shares.add(key);
    }
  }
  const out = { columns, shares };
  cache.set(inputs.columns, out);
  return out;
}
