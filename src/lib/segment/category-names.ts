/**
 * The category word of a k-prototypes cluster's name: its mode of the category where that mode is
 * most over-represented against everyone (e.g. "France · High monetary"), only when it is.
 */
import { featureLabel } from './feature-label';
import type { CategorySpace } from './prototypes';

/** A mode this much more common among members than overall (share points) is worth a word. */
const MIN_LIFT = 0.2;

/** A label that means nothing on its own ("1", "yes", "false") is read with its column's name. */
const bare = (label: string) => /^(-?\d+(\.\d+)?|y(es)?|no?|true|false)$/i.test(label.trim());

function shares(space: CategorySpace, l: number, assignment: Int32Array, k: number) {
  const levels = space.levels[l].length;
  const byCluster = new Float64Array(k * levels);
  const size = new Float64Array(k);
  const all = new Float64Array(levels);
  for (let i = 0; i < assignment.length; i++) {
    const code = space.cat[i * space.dc + l];
    const c = assignment[i];
    if (c < 0 || c >= k) continue;
    size[c]++;
    if (code < 0) continue;
    byCluster[c * levels + code]++;
    all[code]++;
  }
  return { byCluster, size, all, levels, n: assignment.length };
}

/**
 * `names` with each cluster's most over-represented mode in front, when its share among the
 * members beats its share overall by MIN_LIFT; `cat` holds each cluster's modes (k x dc codes).
 */
export function categoryWords(
  cat: Int32Array,
  space: CategorySpace,
  k: number,
  assignment: Int32Array,
  names: readonly string[],
): string[] {
  const best = Array.from({ length: k }, () => ({ lift: MIN_LIFT, word: '' }));
  for (let l = 0; l < space.dc; l++) {
    const s = shares(space, l, assignment, k);
    for (let c = 0; c < k; c++) {
      const code = cat[c * space.dc + l];
      if (s.size[c] === 0) continue;
      const lift = s.byCluster[c * s.levels + code] / s.size[c] - s.all[code] / s.n;
      if (lift < best[c].lift) continue;
      const label = space.levels[l][code];
      best[c] = {
        lift,
        word: bare(label) ? `${featureLabel(space.columns[l])} ${label}` : label,
      };
    }
  }
  const out = names.map((name, c) => {
    const word = best[c].word;
    if (!word) return name;
    return name === 'Typical' ? word : `${word} · ${name}`;
  });
  const seen = new Map<string, number>();
  return out.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} ${count}`;
  });
}
