/**
 * A rule from a brushed region of a two-feature scatter: the selected customers' range on each
 * axis becomes a `between` condition on that feature's raw values, so the region is a segment
 * everyone can be tested against (and exported as SQL like any rule).
 */
import type { Leaf, NumericColumn } from './model';

/**
 * The `between` leaves (x first) spanning `rows` on the two features, bounds rounded outwards to
 * 4 significant digits so the rule reads well and still holds every selected customer. Null when
 * a feature has no raw column or no selected value.
 */
export function brushLeaves(
  rows: ArrayLike<number>,
  features: readonly [string, string],
  columns: Readonly<Record<string, NumericColumn>>,
): Leaf[] | null {
  const leaves: Leaf[] = [];
  for (const f of features) {
    const col = columns[f];
    if (!col) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      const v = col[rows[i]];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(lo <= hi)) return null;
    leaves.push({ feature: f, op: 'between', value: [roundDown(lo), roundUp(hi)] });
  }
  return leaves;
}

const step = (v: number) => (v === 0 ? 1 : 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3));
/** `v` rounded down (up) to 4 significant digits, exact when it already has fewer. */
function roundDown(v: number): number {
  const s = step(v);
  return +(Math.floor(v / s) * s).toPrecision(4);
}
function roundUp(v: number): number {
  const s = step(v);
  return +(Math.ceil(v / s) * s).toPrecision(4);
}
