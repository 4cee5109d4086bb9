import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/random';
import { conditionMask } from '../../src/lib/live/mask';
import {
  RuleError,
  assignRules,
  compileRules,
  type FeatureFrame,
  type Rule,
} from '../../src/lib/segment/rules';

const PRICE = 'Price (£)';
const QUOTE = 'a"b';
const COUNTRIES = ['UK', "Côte d'Ivoire", 'FR'];

function fixture(n: number): FeatureFrame {
  const rng = createRng(42);
  const price = new Float64Array(n);
  const q = new Float64Array(n);
  const country = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    price[i] = rng.next() < 0.1 ? NaN : rng.int(20); // integers so thresholds are hit exactly
    q[i] = rng.next() < 0.05 ? NaN : Math.round(rng.normal() * 100) / 10;
    country[i] = rng.next() < 0.1 ? -1 : rng.int(COUNTRIES.length);
  }
  return { columns: { [PRICE]: price, [QUOTE]: q, country }, categories: { country: COUNTRIES } };
}

const RULES: Rule[] = [
  {
    id: 'r1',
    name: "O'Brien's best",
    when: {
      all: [
        { feature: PRICE, op: '>=', value: 15 },
        { feature: 'country', op: '=', value: 'UK' },
      ],
    },
  },
  {
    id: 'r2',
    name: 'Ivory',
    when: { feature: 'country', op: 'in', value: ["Côte d'Ivoire", 'nowhere'] },
  },
  {
    id: 'r3',
    name: 'Band',
    when: {
      any: [
        { feature: QUOTE, op: 'between', value: [-1, 1] },
        { feature: PRICE, op: '=', value: 3 },
      ],
    },
  },
  { id: 'r4', name: 'No price', when: { feature: PRICE, op: 'is missing' } },
  {
    id: 'r5',
    name: 'Not FR',
    when: {
      all: [
        { feature: 'country', op: 'not in', value: ['FR'] },
        { feature: QUOTE, op: '<', value: 0 },
      ],
    },
  },
  {
    id: 'r6',
    name: 'Neq',
    when: {
      all: [
        { feature: PRICE, op: '!=', value: 7 },
        { feature: QUOTE, op: '>', value: 5 },
        { feature: 'country', op: '!=', value: 'UK' },
      ],
    },
  },
  { id: 'r7', name: 'Cheap', when: { feature: PRICE, op: '<=', value: 4 } },
  { id: 'r8', name: 'Not in nums', when: { feature: PRICE, op: 'not in', value: [8, 9, 10] } },
  { id: 'r9', name: 'Empty any', when: { any: [] } },
];

describe('rule predicates', () => {
  it('first match wins, with the final bucket at index rules.length', () => {
    const frame: FeatureFrame = { columns: { x: Float64Array.of(10, 5, 1, NaN) } };
    const rules: Rule[] = [
      { id: 'a', name: 'A', when: { feature: 'x', op: '>', value: 4 } },
      { id: 'b', name: 'B', when: { feature: 'x', op: '>', value: 8 } },
      { id: 'c', name: 'C', when: { all: [] } },
    ];
    expect([...assignRules(rules, frame)]).toEqual([0, 0, 2, 2]);
    expect([...assignRules([rules[1], rules[0]], frame)]).toEqual([0, 1, 2, 2]);
    expect([...assignRules(rules.slice(0, 2), frame)]).toEqual([0, 0, 2, 2]);
  });

  it('bulk masks agree with the per-row predicates on every rule', () => {
    const frame = fixture(500);
    const extra: Rule[] = [
      { id: 'x1', name: 'x1', when: { feature: 'country', op: 'not in', value: ['UK', 'zz'] } },
      { id: 'x2', name: 'x2', when: { feature: 'country', op: '!=', value: 'zz' } },
      { id: 'x3', name: 'x3', when: { feature: 'country', op: 'is missing' } },
      {
        id: 'x4',
        name: 'x4',
        when: {
          any: [
            { feature: PRICE, op: 'in', value: [1, 2] },
            { feature: QUOTE, op: '>=', value: 1 },
            { feature: QUOTE, op: '<=', value: -1 },
          ],
        },
      },
      { id: 'x5', name: 'x5', when: { all: [] } },
    ];
    const all = [...RULES, ...extra];
    const preds = compileRules(all, frame);
    all.forEach((r, j) => {
      const mask = conditionMask(r, r.when, frame);
      const expected = Uint8Array.from({ length: 500 }, (_, i) => (preds[j](i) ? 1 : 0));
      expect(mask, r.name).toEqual(expected);
    });
  });

  it('missing values match only "is missing"', () => {
    const frame: FeatureFrame = { columns: { x: Float64Array.of(NaN) } };
    const ops = ['<', '<=', '>', '>=', '=', '!='] as const;
    for (const op of ops) {
      const [p] = compileRules([{ id: op, name: op, when: { feature: 'x', op, value: 1 } }], frame);
      expect(p(0)).toBe(false);
    }
    const [miss] = compileRules(
      [{ id: 'm', name: 'm', when: { feature: 'x', op: 'is missing' } }],
      frame,
    );
    expect(miss(0)).toBe(true);
  });

  it('names the rule and feature when a feature no longer exists or a value does not fit', () => {
    const frame = fixture(5);
    const ok: Rule = { id: 'ok', name: 'OK', when: { feature: PRICE, op: '>', value: 1 } };
    const gone: Rule = {
      id: 'gone',
      name: 'Gone',
      when: { all: [{ feature: 'tenure', op: '>', value: 1 }] },
    };
    const bad: Rule = {
      id: 'bad',
      name: 'Bad',
      when: { feature: 'country', op: '<', value: 'UK' },
    };
    const errorOf = (r: Rule): unknown => {
      try {
        compileRules([r], frame);
        return null;
      } catch (e) {
        return e;
      }
    };
    expect(errorOf(ok)).toBeNull();
    const e = errorOf(gone);
    expect(e).toBeInstanceOf(RuleError);
    expect([(e as RuleError).ruleId, (e as RuleError).feature]).toEqual(['gone', 'tenure']);
    expect((e as RuleError).message).toBe('Rule "Gone": feature "tenure" no longer exists');
    const b = errorOf(bad) as RuleError;
    expect([b.ruleId, b.feature]).toEqual(['bad', 'country']);
    expect(() => assignRules([ok, gone, bad], frame)).toThrow(RuleError);
  });
});
