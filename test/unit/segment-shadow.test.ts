import { describe, expect, it } from 'vitest';
import { DEFAULT_RFM_RULES, assignRfm, type RfmRule } from '../../src/lib/segment/rfm';
import { rfmShadows, rfmStructuralShadows, ruleShadows } from '../../src/lib/segment/shadow';
import { assignRules, type Rule } from '../../src/lib/segment/rules';

const box = (
  id: string,
  r: [number, number],
  f: [number, number],
  m: [number, number],
): RfmRule => ({
  id,
  name: id,
  r,
  f,
  m,
});

describe('structural RFM shadows', () => {
  it('flags a box inside the union of earlier boxes', () => {
    const rules = [
      box('recent', [4, 5], [1, 5], [1, 5]),
      box('old', [1, 3], [1, 5], [1, 5]),
      box('champ', [5, 5], [5, 5], [5, 5]),
      box('span', [3, 4], [2, 2], [2, 2]),
      box('inverted', [3, 2], [1, 5], [1, 5]),
    ];
    expect(rfmStructuralShadows(rules)).toEqual([
      { ruleId: 'champ', kind: 'never-fires', byRuleIds: ['recent'] },
      { ruleId: 'span', kind: 'never-fires', byRuleIds: ['recent', 'old'] },
      { ruleId: 'inverted', kind: 'empty', byRuleIds: [] },
    ]);
  });

  it('does not flag a partly covered box', () => {
    expect(
      rfmStructuralShadows([box('a', [5, 5], [5, 5], [5, 5]), box('b', [4, 5], [5, 5], [5, 5])]),
    ).toEqual([]);
  });

  it('the default rules: every rule keeps at least one grid cell of its own', () => {
    // Checked by hand, e.g. Lost keeps (1,1,1); About To Sleep keeps (2,1,1); At Risk keeps (1,5,4).
    expect(rfmStructuralShadows(DEFAULT_RFM_RULES)).toEqual([]);
  });
});

describe('shadows on data', () => {
  it('RFM: a structurally live rule that earlier rules empty on this data', () => {
    const rules = [
      box('r5', [5, 5], [1, 5], [1, 5]),
      box('f5', [1, 5], [5, 5], [1, 5]),
      box('m1', [1, 2], [1, 1], [1, 1]),
    ];
    // every F5 customer is also R5, and nobody is R1-2 F1 M1
    const scores = {
      r: Uint8Array.of(5, 5, 3),
      f: Uint8Array.of(5, 1, 2),
      m: Uint8Array.of(1, 2, 3),
    };
    const { assignment } = assignRfm(scores, rules);
    expect(rfmShadows(rules, scores, assignment)).toEqual([
      { ruleId: 'f5', kind: 'shadowed-on-data', byRuleIds: ['r5'] },
      { ruleId: 'm1', kind: 'empty', byRuleIds: [] },
    ]);
  });

  it('general rules: shadowed by earlier rules, and empty', () => {
    const rules: Rule[] = [
      { id: 'big', name: 'Big', when: { feature: 'x', op: '>', value: 5 } },
      { id: 'odd', name: 'Odd', when: { feature: 'x', op: 'in', value: [1, 3] } },
      { id: 'bigger', name: 'Bigger', when: { feature: 'x', op: '>', value: 7 } },
      {
        id: 'either',
        name: 'Either',
        when: {
          any: [
            { feature: 'x', op: '>=', value: 9 },
            { feature: 'x', op: '=', value: 3 },
          ],
        },
      },
      { id: 'huge', name: 'Huge', when: { feature: 'x', op: '>', value: 1000 } },
    ];
    const frame = { columns: { x: Float64Array.of(1, 3, 6, 8, 9, NaN) } };
    const assignment = assignRules(rules, frame);
    expect([...assignment]).toEqual([1, 1, 0, 0, 0, 5]);
    expect(ruleShadows(rules, frame, assignment)).toEqual([
      { ruleId: 'bigger', kind: 'shadowed-on-data', byRuleIds: ['big'] },
      { ruleId: 'either', kind: 'shadowed-on-data', byRuleIds: ['big', 'odd'] },
      { ruleId: 'huge', kind: 'empty', byRuleIds: [] },
    ]);
  });
});
