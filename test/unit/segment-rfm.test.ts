import { describe, expect, it } from 'vitest';
import { quantile } from 'd3';
import {
  DEFAULT_RFM_RULES,
  assignRfm,
  quintileCuts,
  rfmScores,
  updateRfmRule,
  type RfmRule,
} from '../../src/lib/segment/rfm';
import { createRng } from '../../src/lib/random';

const f64 = (xs: number[]) => Float64Array.from(xs);
const one = (r: number, f: number, m: number) => ({
  r: Uint8Array.of(r),
  f: Uint8Array.of(f),
  m: Uint8Array.of(m),
});
const nameOf = (r: number, f: number, m: number, rules: readonly RfmRule[] = DEFAULT_RFM_RULES) => {
  const a = assignRfm(one(r, f, m), rules).assignment[0];
  return a < rules.length ? rules[a].name : 'Others';
};

describe('RFM scoring', () => {
  it('uses type-7 quintiles (hand-computed on 1..10)', () => {
    // h = 9p: 1.8 -> 2 + 0.8*(3-2) = 2.8, 3.6 -> 4.6, 5.4 -> 6.4, 7.2 -> 8.2
    const cuts = quintileCuts(f64([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]));
    [2.8, 4.6, 6.4, 8.2].forEach((c, i) => expect(cuts[i]).toBeCloseTo(c, 12));
  });

  it('agrees with d3.quantile on random data and skips NaN', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 501 }, () => (rng.next() < 0.1 ? NaN : rng.normal() * 10));
    const cuts = quintileCuts(f64(xs));
    const finite = xs.filter((x) => !Number.isNaN(x));
    [0.2, 0.4, 0.6, 0.8].forEach((p, i) => expect(cuts[i]).toBeCloseTo(quantile(finite, p)!, 10));
  });

  it('scores 1 + cut-points strictly below; recency reversed; ties fall to the lower-value bin', () => {
    const v = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const s = rfmScores(v, v, v);
    expect([...s.f]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([...s.m]).toEqual([...s.f]);
    expect([...s.r]).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // cuts [1, 1, 2, 2]: 1 has none below -> F1 (R5); 2 has two below -> F3 (R3)
    const t = f64([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    const st = rfmScores(t, t, t);
    expect(st.cuts.f).toEqual([1, 1, 2, 2]);
    expect([...st.f]).toEqual([1, 1, 1, 1, 1, 3, 3, 3, 3, 3]);
    expect([...st.r]).toEqual([5, 5, 5, 5, 5, 3, 3, 3, 3, 3]);
  });

  it('honours user cut-points, rejects bad ones, and scores NaN as 0 (unassigned)', () => {
    const v = f64([0, 10, 20, NaN]);
    const s = rfmScores(v, v, v, { f: [5, 10, 15, 100] });
    expect([...s.f]).toEqual([1, 2, 4, 0]);
    expect(s.cuts.f).toEqual([5, 10, 15, 100]);
    expect(() => rfmScores(v, v, v, { m: [3, 2, 1, 0] })).toThrow(/ascend/);
    expect(() => rfmScores(v, v, v, { m: [1, 2] })).toThrow(/expected 4/);
    const a = assignRfm(s, DEFAULT_RFM_RULES);
    expect(a.assignment[3]).toBe(-1);
    expect(a.missing).toBe(1);
  });
});

describe('RFM segments', () => {
  it('has the issue defaults in order', () => {
    expect(DEFAULT_RFM_RULES.map((r) => r.name)).toEqual([
      'Champions',
      'Potential Loyalist',
      'Loyal Customers',
      'Promising',
      'New Customers',
      "Can't Lose Them",
      'At Risk',
      'Need Attention',
      'About To Sleep',
      'Lost',
    ]);
    expect(DEFAULT_RFM_RULES[1]).toMatchObject({ r: [3, 5], f: [3, 5], m: [2, 5] });
  });

  it('first match wins', () => {
    expect(nameOf(5, 5, 5)).toBe('Champions'); // also inside Potential Loyalist
    expect(nameOf(5, 5, 4)).toBe('Potential Loyalist');
    expect(nameOf(4, 2, 2)).toBe('Loyal Customers');
    expect(nameOf(3, 1, 5)).toBe('Promising');
    expect(nameOf(5, 1, 1)).toBe('New Customers');
    expect(nameOf(1, 3, 5)).toBe("Can't Lose Them"); // also At Risk and Need Attention
    expect(nameOf(1, 5, 4)).toBe('At Risk');
    expect(nameOf(1, 1, 1)).toBe('Lost');
    expect(nameOf(2, 5, 1)).toBe('Others');
  });

  it('counts every segment and Others', () => {
    const scores = {
      r: Uint8Array.of(5, 5, 1, 2, 5),
      f: Uint8Array.of(5, 5, 1, 5, 5),
      m: Uint8Array.of(5, 5, 1, 1, 4),
    };
    const a = assignRfm(scores, DEFAULT_RFM_RULES);
    expect([...a.assignment]).toEqual([0, 0, 9, 10, 1]);
    expect(a.counts[0]).toBe(2);
    expect(a.counts[1]).toBe(1);
    expect(a.counts[9]).toBe(1);
    expect(a.others).toBe(1);
    expect(a.counts.reduce((s, c) => s + c, 0)).toBe(5);
  });

  it('edits a rule as a pure function', () => {
    const rules = DEFAULT_RFM_RULES;
    const widened = updateRfmRule(rules, 'champions', { r: [4, 5], f: [4, 5], m: [4, 5] });
    expect(nameOf(4, 4, 4, widened)).toBe('Champions');
    expect(rules[0].r).toEqual([5, 5]);
  });
});
