import { describe, expect, it } from 'vitest';
import { RfmRecount, RuleRecount, thresholdSpans } from '../../src/lib/live/recount';
import { binBySegment, binFeature, patchBySegment } from '../../src/lib/live/histogram';
import { rowsBetween, sortedIndex } from '../../src/lib/live/sorted';
import { assignRules, type FeatureFrame, type Rule } from '../../src/lib/segment/rules';
import { DEFAULT_RFM_RULES, assignRfm, rfmScores, updateRfmRule } from '../../src/lib/segment/rfm';
import { countAssignment } from '../../src/lib/segment/model';
import { createRng } from '../../src/lib/random';

const n = 5000;
const rng = createRng(11);
const x = Float64Array.from({ length: n }, () => (rng.next() < 0.05 ? NaN : rng.int(100)));
const y = Float64Array.from({ length: n }, () => rng.normal());
const frame: FeatureFrame = { columns: { x, y } };

const threshold = (id: string, feature: string, op: '>' | '<', value: number): Rule => ({
  id,
  name: id,
  when: { feature, op, value },
});

describe('RuleRecount', () => {
  it('matches a full reassignment after every threshold move', () => {
    const rules = [
      threshold('a', 'x', '>', 80),
      threshold('b', 'y', '>', 0.5),
      threshold('c', 'x', '<', 30),
      {
        id: 'd',
        name: 'd',
        when: { all: [threshold('', 'x', '>', 40).when, threshold('', 'y', '<', 0).when] },
      },
    ];
    const live = new RuleRecount(rules, frame);
    expect([...live.assignment]).toEqual([...assignRules(rules, frame)]);
    const moves = createRng(5);
    for (let step = 0; step < 40; step++) {
      const j = moves.int(3);
      const feature = j === 1 ? 'y' : 'x';
      const value = feature === 'y' ? moves.normal() : moves.int(100);
      rules[j] = threshold(rules[j].id, feature, j === 2 ? '<' : '>', value);
      const counts = live.replaceRule(j, rules[j]);
      const fresh = assignRules(rules, frame);
      expect(live.assignment).toEqual(fresh);
      expect([...counts]).toEqual([...countAssignment(fresh, rules.length + 1)]);
    }
    // not a pure threshold move (operator changes): the full-pass fallback
    rules[2] = threshold('c', 'x', '>', 95);
    live.replaceRule(2, rules[2]);
    expect(live.assignment).toEqual(assignRules(rules, frame));
  });
});

describe('RfmRecount', () => {
  it('matches fresh scoring after cut and rule moves', () => {
    const f = Float64Array.from({ length: n }, () => rng.int(20));
    const m = Float64Array.from({ length: n }, () => rng.normal() * 100 + 500);
    const values = { r: x, f, m };
    const live = new RfmRecount(values, rfmScores(x, f, m), DEFAULT_RFM_RULES);
    live.setCuts('r', [5, 30, 60, 95]);
    const cuts = [10, 20, 50, 90];
    live.setCuts('r', cuts);
    expect(() => live.setCuts('f', [3, 2, 1, 0])).toThrow(/ascend/);
    const fresh = rfmScores(x, f, m, { r: cuts });
    const expected = assignRfm(fresh, DEFAULT_RFM_RULES);
    expect(live.assignment).toEqual(expected.assignment);
    expect([...live.counts]).toEqual([...expected.counts]);
    const rules = updateRfmRule(DEFAULT_RFM_RULES, 'champions', { r: [4, 5] });
    live.setRules(rules);
    expect(live.assignment).toEqual(assignRfm(fresh, rules).assignment);
    expect(live.scores.cuts.r).toEqual(cuts);
  });
});

describe('sorted index and spans', () => {
  it('sorts rows by value exactly, negative values and -0 included, NaN left out', () => {
    const v = Float64Array.of(3, -1.5, NaN, 0, -0, 2e9, -7e-300, 3, 1e-300);
    const ix = sortedIndex(v);
    expect([...ix.values]).toEqual([-1.5, -7e-300, 0, 0, 1e-300, 3, 3, 2e9]);
    expect([...ix.rows]).toEqual([1, 6, 3, 4, 8, 0, 7, 5]);
    expect([...rowsBetween(ix, 0, 3)].sort()).toEqual([0, 3, 4, 7, 8]);
    const big = Float32Array.from({ length: 3000 }, () => rng.normal() * 1e3);
    const s = sortedIndex(big);
    for (let k = 1; k < s.values.length; k++) expect(s.values[k] >= s.values[k - 1]).toBe(true);
    expect(s.values[7]).toBe(big[s.rows[7]]);
  });

  it('detects pure threshold moves', () => {
    const spans: { feature: string; lo: number; hi: number }[] = [];
    const a = {
      all: [
        { feature: 'x', op: 'between' as const, value: [1, 5] },
        { feature: 'c', op: 'in' as const, value: ['A'] },
      ],
    };
    const b = {
      all: [
        { feature: 'x', op: 'between' as const, value: [2, 5] },
        { feature: 'c', op: 'in' as const, value: ['A'] },
      ],
    };
    expect(thresholdSpans(a, b, spans)).toBe(true);
    expect(spans).toEqual([{ feature: 'x', lo: 1, hi: 2 }]);
    const c = { all: [b.all[0], { feature: 'c', op: 'in' as const, value: ['B'] }] };
    expect(thresholdSpans(b, c, [])).toBe(false);
    expect(
      thresholdSpans({ feature: 'x', op: '<', value: 1 }, { feature: 'x', op: '<=', value: 1 }, []),
    ).toBe(false);
  });
});

describe('change log', () => {
  it('patches a stacked histogram to equal a fresh one', () => {
    const rules = [threshold('a', 'y', '>', 1), threshold('b', 'x', '<', 50)];
    const live = new RuleRecount(rules, frame);
    const { edges } = binFeature(y, 20);
    const stacked = binBySegment(y, live.assignment, 3, edges);
    for (const v of [0.2, -0.5, 1.7, 0.9]) {
      live.replaceRule(0, threshold('a', 'y', '>', v));
      expect(live.changedCount).toBeGreaterThan(0);
      patchBySegment(stacked, y, live.assignment, 3, edges, live);
      expect(stacked).toEqual(binBySegment(y, live.assignment, 3, edges));
    }
  });
});
