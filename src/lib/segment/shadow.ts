/**
 * Warnings for rules that match nobody. Shadowed on data: the rule matches some customers on its
 * own but none after precedence, because earlier rules took them all. `empty`: the rule matches
 * nobody even on its own. (RFM segments get their warnings from rfm-warnings.ts.)
 */
import { compileRules, frameLength, type FeatureFrame, type Predicate, type Rule } from './rules';

/** One warning. `byRuleIds`: the earlier rules that take this rule's customers. */
export interface ShadowWarning {
  ruleId: string;
  kind: 'shadowed-on-data' | 'empty';
  byRuleIds: string[];
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
