/**
 * Warnings for rules that match nobody. Structural (RFM only): the rule's box lies entirely in
 * the union of earlier boxes in the 5x5x5 grid, so it can never fire on any data. On data: the
 * rule matches some customers on its own but none after precedence, because earlier rules took
 * them all. `empty`: the rule matches nobody even on its own (or its box is empty).
 */
import type { RfmBox } from './model';
import { cellIndex, inBox, type RfmRule, type RfmScores } from './rfm';
import { compileRules, frameLength, type FeatureFrame, type Predicate, type Rule } from './rules';

/** One warning. `byRuleIds`: the earlier rules that take this rule's customers (or cells). */
export interface ShadowWarning {
  ruleId: string;
  kind: 'never-fires' | 'shadowed-on-data' | 'empty';
  byRuleIds: string[];
}

function boxCells(b: RfmBox): number[] {
  const cells: number[] = [];
  for (let r = Math.max(1, b.r[0]); r <= Math.min(5, b.r[1]); r++)
    for (let f = Math.max(1, b.f[0]); f <= Math.min(5, b.f[1]); f++)
      for (let m = Math.max(1, b.m[0]); m <= Math.min(5, b.m[1]); m++)
        cells.push(cellIndex(r, f, m));
  return cells;
}

/** RFM rules whose box can never fire (covered by earlier boxes) or is empty. */
export function rfmStructuralShadows(rules: readonly RfmRule[]): ShadowWarning[] {
  const owner = new Int32Array(125).fill(-1);
  const out: ShadowWarning[] = [];
  rules.forEach((rule, j) => {
    const cells = boxCells(rule);
    if (cells.length === 0) out.push({ ruleId: rule.id, kind: 'empty', byRuleIds: [] });
    else if (cells.every((c) => owner[c] >= 0)) {
      const by = [...new Set(cells.map((c) => owner[c]))].sort((a, b) => a - b);
      out.push({ ruleId: rule.id, kind: 'never-fires', byRuleIds: by.map((i) => rules[i].id) });
    }
    for (const c of cells) if (owner[c] < 0) owner[c] = j;
  });
  return out;
}

/**
 * Data shadows for any rule list given one predicate per rule and the first-match assignment
 * (`assignment[i]` = winning rule index, anything else = no rule). One pass per zero-count rule.
 */
export function dataShadows(
  ids: readonly string[],
  preds: readonly Predicate[],
  assignment: Int32Array,
): ShadowWarning[] {
  const k = ids.length;
  const counts = new Int32Array(k);
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i];
    if (a >= 0 && a < k) counts[a]++;
  }
  const out: ShadowWarning[] = [];
  for (let j = 0; j < k; j++) {
    if (counts[j] > 0) continue;
    const takers = new Set<number>();
    const p = preds[j];
    for (let i = 0; i < assignment.length; i++) if (p(i)) takers.add(assignment[i]);
    const by = [...takers].filter((a) => a >= 0 && a < j).sort((a, b) => a - b);
    out.push({
      ruleId: ids[j],
      kind: takers.size === 0 ? 'empty' : 'shadowed-on-data',
      byRuleIds: by.map((a) => ids[a]),
    });
  }
  return out;
}

/** All warnings for general rules over a frame, given their first-match assignment. */
export function ruleShadows(
  rules: readonly Rule[],
  frame: FeatureFrame,
  assignment: Int32Array,
): ShadowWarning[] {
  if (assignment.length !== frameLength(frame)) throw new Error('ruleShadows: length mismatch');
  return dataShadows(
    rules.map((r) => r.id),
    compileRules(rules, frame),
    assignment,
  );
}

/**
 * All warnings for RFM rules: structural ones first; data ones for the remaining rules. Customers
 * with a missing score (0) match no box.
 */
export function rfmShadows(
  rules: readonly RfmRule[],
  scores: Pick<RfmScores, 'r' | 'f' | 'm'>,
  assignment: Int32Array,
): ShadowWarning[] {
  const structural = rfmStructuralShadows(rules);
  const known = new Set(structural.map((w) => w.ruleId));
  const { r, f, m } = scores;
  const preds = rules.map(
    (b): Predicate =>
      (i) =>
        inBox(b, r[i], f[i], m[i]),
  );
  const onData = dataShadows(
    rules.map((b) => b.id),
    preds,
    assignment,
  ).filter((w) => !known.has(w.ruleId));
  return [...structural, ...onData];
}
