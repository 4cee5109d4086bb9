import { describe, expect, it } from 'vitest';
import {
  formatLeafValue,
  parseLeafValue,
  starterLeaf,
  withOp,
} from '../../src/lib/segment/leaf-value';
import { compileCondition, type FeatureFrame } from '../../src/lib/segment/rules';
import type { Leaf } from '../../src/lib/segment/model';

describe('parseLeafValue', () => {
  it('reads one number for comparisons', () => {
    expect(parseLeafValue('>', ' 1000 ')).toEqual({ value: 1000 });
    expect(parseLeafValue('>', '1,000')).toEqual({ value: 1000 });
    expect(parseLeafValue('<=', '-12,345.5')).toEqual({ value: -12345.5 });
    expect(parseLeafValue('>', '1,00')).toEqual({ error: '“1,00” is not a number.' });
    // In a list the comma separates values.
    expect(parseLeafValue('in', '1,000')).toEqual({ value: [1, 0] });
    expect(parseLeafValue('=', '-2.5e1')).toEqual({ value: -25 });
    expect(parseLeafValue('<', '')).toEqual({ error: 'Type a number.' });
    expect(parseLeafValue('<=', 'lots')).toEqual({ error: '“lots” is not a number.' });
  });

  it('reads low and high for between', () => {
    expect(parseLeafValue('between', '10, 20')).toEqual({ value: [10, 20] });
    expect(parseLeafValue('between', '10 and 20')).toEqual({ value: [10, 20] });
    expect(parseLeafValue('between', '10')).toEqual({ error: 'Type two numbers: low, high.' });
    expect(parseLeafValue('between', '20, 10')).toEqual({
      error: 'The low end is above the high end.',
    });
  });

  it('reads a comma-separated list for in and not in', () => {
    expect(parseLeafValue('in', '1, 2,3')).toEqual({ value: [1, 2, 3] });
    expect(parseLeafValue('not in', '0;1,')).toEqual({ value: [0, 1] });
    expect(parseLeafValue('in', '7')).toEqual({ value: [7] });
    expect(parseLeafValue('in', ' , ')).toEqual({
      error: 'Type one or more numbers, comma-separated.',
    });
    expect(parseLeafValue('not in', '1, North')).toEqual({ error: '“North” is not a number.' });
  });

  it('round-trips what formatLeafValue shows', () => {
    const leaves: Leaf[] = [
      { feature: 'x', op: '>', value: 1.5 },
      { feature: 'x', op: 'between', value: [1, 2] },
      { feature: 'x', op: 'in', value: [0, 1, 5] },
    ];
    for (const leaf of leaves) {
      expect(parseLeafValue(leaf.op, formatLeafValue(leaf))).toEqual({ value: leaf.value });
    }
    expect(formatLeafValue({ feature: 'x', op: 'is missing' })).toBe('');
  });
});

describe('withOp', () => {
  const leaf: Leaf = { feature: 'x', op: '>', value: 5 };

  it('reshapes the value to fit the new operator', () => {
    expect(withOp(leaf, 'between')).toEqual({ feature: 'x', op: 'between', value: [5, 5] });
    expect(withOp(leaf, 'in')).toEqual({ feature: 'x', op: 'in', value: [5] });
    expect(withOp(leaf, 'is missing')).toEqual({ feature: 'x', op: 'is missing' });
    expect(withOp({ feature: 'x', op: 'between', value: [1, 9] }, '<=')).toEqual({
      feature: 'x',
      op: '<=',
      value: 1,
    });
    expect(withOp({ feature: 'x', op: 'is missing' }, '=')).toEqual({
      feature: 'x',
      op: '=',
      value: 0,
    });
  });

  it('gives leaves that compile', () => {
    const frame: FeatureFrame = { columns: { x: Float64Array.of(4, 5, 6, NaN) } };
    const rule = { id: 'r', name: 'R', when: leaf };
    const rows = (l: Leaf) => {
      const p = compileCondition(rule, l, frame);
      return [0, 1, 2, 3].filter((i) => p(i));
    };
    expect(rows(withOp(leaf, 'between'))).toEqual([1]);
    expect(rows(withOp(leaf, 'in'))).toEqual([1]);
    expect(rows(withOp(leaf, 'not in'))).toEqual([0, 2]);
    expect(rows(withOp(leaf, 'is missing'))).toEqual([3]);
  });
});

describe('starterLeaf', () => {
  it('splits at the median of the finite values, to 4 significant digits', () => {
    const values = Float64Array.of(NaN, 3, 1234567, 2, 10, NaN);
    expect(starterLeaf('m', values)).toEqual({ feature: 'm', op: '>', value: 10 });
    expect(starterLeaf('m', Float64Array.of(1.234567))).toEqual({
      feature: 'm',
      op: '>',
      value: 1.235,
    });
    expect(starterLeaf('m', undefined)).toEqual({ feature: 'm', op: '>', value: 0 });
  });
  it('keeps the cents of a money feature, as its histogram shows them', () => {
    expect(starterLeaf('monetary', Float64Array.of(5003.684, 1, 9000))).toEqual({
      feature: 'monetary',
      op: '>',
      value: 5003.68,
    });
  });
});
