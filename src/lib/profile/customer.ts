/**
 * One customer's card: their feature values against everyone's, their segment, and why: for
 * clusters the distance to each segment's centroid, for rules which rules (and which conditions)
 * they meet, for RFM their scores and the segments whose score ranges they fall in.
 */
import type { Condition, Leaf, SegmentDef } from '../segment/model';
import { compileCondition, type FeatureFrame } from '../segment/rules';
import { leavesWithPaths } from '../segment/condition-tree';
import { formatLeafValue } from '../segment/leaf-value';
import { inBox } from '../segment/rfm';

/** The row of a customer id, or null; ids are looked up exactly as loaded (text). */
export function findCustomer(ids: readonly string[], id: string): number | null {
  const wanted = id.trim();
  if (!wanted) return null;
  const at = ids.indexOf(wanted);
  return at < 0 ? null : at;
}

/** How far a customer is from each cluster segment (squared distance in the clustering space). */
export interface ClusterDistance {
  segment: number;
  /** The smallest over the segment's centroids (a merged segment has several). */
  distance: number;
  /** Category mismatches with the segment's modes (k-prototypes), counted in `distance`. */
  mismatches: number;
}

/**
 * Distances from a customer's row of the clustering matrix (and category labels, for
 * k-prototypes) to each segment: squared Euclidean over non-missing coordinates plus gamma per
 * category that differs from the mode, as the assignment computes it.
 */
export function clusterDistances(
  row: ArrayLike<number>,
  labels: readonly (string | null)[],
  segments: readonly SegmentDef[],
): ClusterDistance[] {
  return segments.map((s, segment) => {
    const def = s.definition;
    if (def.kind !== 'cluster') return { segment, distance: Number.NaN, mismatches: 0 };
    let best = Infinity;
    let bestMismatches = 0;
    def.centroids.forEach((c, ci) => {
      let d = 0;
      for (let j = 0; j < c.length; j++) {
        const diff = row[j] - c[j];
        if (diff === diff) d += diff * diff;
      }
      let mismatches = 0;
      const cat = def.categorical;
      if (cat) {
        cat.modes[ci].forEach((mode, t) => {
          if (labels[t] !== mode) mismatches++;
        });
        d += cat.gamma * mismatches;
      }
      if (d < best) {
        best = d;
        bestMismatches = mismatches;
      }
    });
    return { segment, distance: best, mismatches: bestMismatches };
  });
}

/** A rule segment as one customer meets it. */
export interface RuleCheck {
  segment: number;
  matched: boolean;
  conditions: { text: string; met: boolean }[];
}

/** Each rule's verdict for row `i`, with every condition, in rule order (first match wins). */
export function ruleChecks(
  segments: readonly SegmentDef[],
  frame: FeatureFrame,
  i: number,
): RuleCheck[] {
  return segments.map((s, segment) => {
    const def = s.definition;
    if (def.kind !== 'rule') return { segment, matched: false, conditions: [] };
    const rule = { id: s.id, name: s.name, when: def.when };
    const test = (c: Condition) => compileCondition(rule, c, frame)(i);
    return {
      segment,
      matched: test(def.when),
      conditions: leavesWithPaths(def.when).map(({ leaf }) => ({
        text: leafText(leaf),
        met: test(leaf),
      })),
    };
  });
}

/** A condition as the rule editor writes it: `spend >= 100`, `plan in (basic, plus)`. */
export function leafText(leaf: Leaf): string {
  if (leaf.op === 'is missing') return `${leaf.feature} is missing`;
  if (leaf.op === 'between' && Array.isArray(leaf.value))
    return `${leaf.feature} between ${leaf.value[0]} and ${leaf.value[1]}`;
  const v = formatLeafValue(leaf);
  return leaf.op === 'in' || leaf.op === 'not in'
    ? `${leaf.feature} ${leaf.op} (${v})`
    : `${leaf.feature} ${leaf.op} ${v}`;
}

/** The RFM segments whose score ranges hold scores (r, f, m). */
export function rfmMatches(
  segments: readonly SegmentDef[],
  r: number,
  f: number,
  m: number,
): { segment: number; matched: boolean }[] {
  return segments.map((s, segment) => ({
    segment,
    matched: s.definition.kind === 'rfm' && s.definition.boxes.some((b) => inBox(b, r, f, m)),
  }));
}
