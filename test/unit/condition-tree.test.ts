import { describe, expect, it } from 'vitest';
import {
  appendGroup,
  appendLeaf,
  asGroup,
  groupAt,
  leafLabels,
  leavesWithPaths,
  nodeAt,
  pathLabel,
  removeAt,
  replaceAt,
  setJoin,
  updateAt,
  type Group,
} from '../../src/lib/segment/condition-tree';
import type { Leaf } from '../../src/lib/segment/model';
import { compileCondition, type FeatureFrame } from '../../src/lib/segment/rules';

const north: Leaf = { feature: 'region_North', op: '=', value: 1 };
const south: Leaf = { feature: 'region_South', op: '=', value: 1 };
const rich: Leaf = { feature: 'monetary', op: '>', value: 1000 };
const loyal: Leaf = { feature: 'frequency', op: '>=', value: 5 };

/** `(region_North = 1 OR region_South = 1) AND monetary > 1000` */
const tree = (): Group => ({ all: [{ any: [north, south] }, rich] });

/** A deep copy, to check a helper left its input untouched. */
const snapshot = (g: Group): Group => structuredClone(g);

describe('asGroup', () => {
  it('wraps a bare leaf as an AND group and keeps groups as they are', () => {
    expect(asGroup(rich)).toEqual({ all: [rich] });
    const g = tree();
    expect(asGroup(g)).toBe(g);
    const empty = { any: [] };
    expect(asGroup(empty)).toBe(empty);
  });
});

describe('nodeAt and groupAt', () => {
  it('walks child indices from the root', () => {
    const g = tree();
    expect(nodeAt(g, [])).toBe(g);
    expect(nodeAt(g, [0])).toEqual({ any: [north, south] });
    expect(nodeAt(g, [0, 1])).toBe(south);
    expect(nodeAt(g, [1])).toBe(rich);
  });

  it('answers undefined for a path that leads nowhere', () => {
    const g = tree();
    expect(nodeAt(g, [2])).toBeUndefined();
    expect(nodeAt(g, [-1])).toBeUndefined();
    expect(nodeAt(g, [1, 0])).toBeUndefined(); // below a leaf
    expect(nodeAt(g, [0, 5])).toBeUndefined();
  });

  it('groupAt refuses leaves and missing paths', () => {
    const g = tree();
    expect(groupAt(g, [0])).toEqual({ any: [north, south] });
    expect(() => groupAt(g, [1])).toThrow(/not a group/);
    expect(() => groupAt(g, [3])).toThrow(/No condition at path \[3\]/);
  });
});

describe('replaceAt and updateAt', () => {
  it('replaces a nested leaf, copying only the groups on the path', () => {
    const g = tree();
    const before = snapshot(g);
    const east: Leaf = { feature: 'region_East', op: '=', value: 1 };
    const out = replaceAt(g, [0, 1], east);
    expect(out).toEqual({ all: [{ any: [north, east] }, rich] });
    expect(g).toEqual(before);
    expect(out).not.toBe(g);
    expect((out as { all: unknown[] }).all[1]).toBe(rich); // untouched branch is shared
  });

  it('updates a node from its current value', () => {
    const g = tree();
    const before = snapshot(g);
    const out = updateAt(g, [1], (c) => ({ ...(c as Leaf), value: 2000 }));
    expect(nodeAt(out, [1])).toEqual({ feature: 'monetary', op: '>', value: 2000 });
    expect(g).toEqual(before);
  });

  it('replacing the root with a leaf keeps a root group', () => {
    expect(replaceAt(tree(), [], rich)).toEqual({ all: [rich] });
  });

  it('throws for a path that leads nowhere', () => {
    expect(() => replaceAt(tree(), [4], rich)).toThrow(/No condition at path \[4\]/);
    expect(() => updateAt(tree(), [1, 0], (c) => c)).toThrow(/No condition/);
  });
});

describe('removeAt', () => {
  it('removes a leaf from a nested group', () => {
    const g = tree();
    const before = snapshot(g);
    expect(removeAt(g, [0, 0])).toEqual({ all: [{ any: [south] }, rich] });
    expect(g).toEqual(before);
  });

  it('removing the last child of a nested group removes the group', () => {
    const g: Group = { all: [rich, { any: [north] }] };
    expect(removeAt(g, [1, 0])).toEqual({ all: [rich] });
  });

  it('removes groups emptied on the way up, but never the root', () => {
    const g: Group = { any: [{ all: [{ any: [north] }] }] };
    expect(removeAt(g, [0, 0, 0])).toEqual({ any: [] });
    expect(removeAt({ all: [rich] }, [0])).toEqual({ all: [] });
  });

  it('removes a whole nested group', () => {
    expect(removeAt(tree(), [0])).toEqual({ all: [rich] });
  });

  it('refuses the root and missing paths', () => {
    expect(() => removeAt(tree(), [])).toThrow(/root group cannot be removed/);
    expect(() => removeAt(tree(), [0, 7])).toThrow(/No condition at path \[0, 7\]/);
    expect(() => removeAt(tree(), [1, 0])).toThrow(/not a group/);
  });
});

describe('appending', () => {
  it('appends a leaf to the root or a nested group', () => {
    const g = tree();
    const before = snapshot(g);
    expect(appendLeaf(g, [], loyal)).toEqual({ all: [{ any: [north, south] }, rich, loyal] });
    expect(appendLeaf(g, [0], loyal)).toEqual({ all: [{ any: [north, south, loyal] }, rich] });
    expect(g).toEqual(before);
  });

  it('a new group under AND is an OR group, and under OR an AND group', () => {
    const g = tree();
    const before = snapshot(g);
    expect(appendGroup(g, [], loyal)).toEqual({
      all: [{ any: [north, south] }, rich, { any: [loyal] }],
    });
    expect(appendGroup(g, [0], loyal)).toEqual({
      all: [{ any: [north, south, { all: [loyal] }] }, rich],
    });
    expect(g).toEqual(before);
  });

  it('refuses to append to a leaf', () => {
    expect(() => appendLeaf(tree(), [1], loyal)).toThrow(/not a group/);
  });
});

describe('setJoin', () => {
  it('switches a group between AND and OR, keeping its children', () => {
    const g = tree();
    const before = snapshot(g);
    expect(setJoin(g, [], 'any')).toEqual({ any: [{ any: [north, south] }, rich] });
    expect(setJoin(g, [0], 'all')).toEqual({ all: [{ all: [north, south] }, rich] });
    expect(setJoin(g, [0], 'any')).toBe(g); // already OR: nothing to copy
    expect(g).toEqual(before);
  });
});

describe('leavesWithPaths', () => {
  it('lists every leaf with its path in reading order', () => {
    const g: Group = { all: [{ any: [north, { all: [south, loyal] }] }, rich] };
    expect(leavesWithPaths(g)).toEqual([
      { leaf: north, path: [0, 0] },
      { leaf: south, path: [0, 1, 0] },
      { leaf: loyal, path: [0, 1, 1] },
      { leaf: rich, path: [1] },
    ]);
    expect(leavesWithPaths(rich)).toEqual([{ leaf: rich, path: [] }]);
    expect(leavesWithPaths({ any: [] })).toEqual([]);
  });

  it('labels leaves uniquely, the first on each feature without a suffix', () => {
    const g: Group = { all: [rich, { any: [north, { all: [rich, north] }] }, rich] };
    expect([...leafLabels(g, 'Rule 1')]).toEqual([
      ['0', 'Rule 1 monetary'],
      ['1.1.0', 'Rule 1 monetary #2'],
      ['2', 'Rule 1 monetary #3'],
    ]);
  });

  it('numbers only the leaves drawn with handles, so a lone histogram has no "#2"', () => {
    const inList: Leaf = { feature: 'frequency', op: 'in', value: [1, 2] };
    const g: Group = {
      all: [inList, loyal, { feature: 'frequency', op: 'between', value: [2, 9] }],
    };
    expect([...leafLabels(g, 'R')]).toEqual([
      ['1', 'R frequency'],
      ['2', 'R frequency #2'],
    ]);
  });

  it('names paths 1-based', () => {
    expect(pathLabel([0, 1])).toBe('1.2');
    expect(pathLabel([])).toBe('');
  });
});

describe('a tree built with the helpers compiles to the expected rows', () => {
  it('(North OR South) AND monetary > 1000, then with an inner AND', () => {
    // Rows:           0     1     2     3     4    5
    const frame: FeatureFrame = {
      columns: {
        region_North: Float64Array.of(1, 0, 0, 1, 0, NaN),
        region_South: Float64Array.of(0, 1, 0, 0, 1, 1),
        monetary: Float64Array.of(1500, 2000, 5000, 900, 1001, 3000),
        frequency: Float64Array.of(9, 2, 9, 9, 5, 5),
      },
    };
    const rule = { id: 'r', name: 'R', when: { all: [] } };
    const rows = (g: Group) => {
      const p = compileCondition(rule, g, frame);
      return [0, 1, 2, 3, 4, 5].filter((i) => p(i));
    };

    let g: Group = asGroup(rich);
    g = appendGroup(g, [], north);
    g = appendLeaf(g, [1], south);
    expect(g).toEqual({ all: [rich, { any: [north, south] }] });
    // Row 2 is in neither region, row 3 spends too little; row 5's missing North is not "= 1"
    // but its South is.
    expect(rows(g)).toEqual([0, 1, 4, 5]);

    g = appendGroup(g, [1], loyal); // ... OR (frequency >= 5)
    expect(rows(g)).toEqual([0, 1, 2, 4, 5]);
    g = setJoin(g, [], 'any'); // monetary > 1000 OR anything in the inner group
    expect(rows(g)).toEqual([0, 1, 2, 3, 4, 5]);
    g = removeAt(setJoin(g, [], 'all'), [1, 2, 0]); // the inner AND empties and goes
    expect(g).toEqual({ all: [rich, { any: [north, south] }] });
    expect(rows(g)).toEqual([0, 1, 4, 5]);
  });
});
