import { describe, expect, it } from 'vitest';
import { combineDefinitions } from '../../src/lib/segment/edits';
import { followGeneratedNames } from '../../src/lib/segment/cluster-edits';
import { History } from '../../src/lib/segment/history';
import type { RfmBox, SegmentDef } from '../../src/lib/segment/model';

const rule = (id: string, feature: string): SegmentDef => ({
  id,
  name: id.toUpperCase(),
  color: '#000',
  definition: { kind: 'rule', when: { feature, op: '>', value: 1 } },
});

describe('combineDefinitions', () => {
  it('joins two rules with any', () => {
    expect(combineDefinitions(rule('a', 'x').definition, rule('c', 'z').definition)).toEqual({
      kind: 'rule',
      when: {
        any: [
          { feature: 'x', op: '>', value: 1 },
          { feature: 'z', op: '>', value: 1 },
        ],
      },
    });
  });

  it('unions RFM boxes and cluster centroids', () => {
    const box: RfmBox = { r: [5, 5], f: [5, 5], m: [5, 5] };
    const other: RfmBox = { r: [1, 2], f: [1, 5], m: [1, 5] };
    expect(
      combineDefinitions({ kind: 'rfm', boxes: [box] }, { kind: 'rfm', boxes: [other] }),
    ).toEqual({ kind: 'rfm', boxes: [box, other] });
    expect(
      combineDefinitions(
        { kind: 'cluster', features: ['x'], centroids: [[0]] },
        { kind: 'cluster', features: ['x'], centroids: [[9]] },
      ),
    ).toEqual({ kind: 'cluster', features: ['x'], centroids: [[0], [9]] });
  });

  it('refuses clusters on different features and definitions of different kinds', () => {
    expect(() =>
      combineDefinitions(
        { kind: 'cluster', features: ['x'], centroids: [[0]] },
        { kind: 'cluster', features: ['y'], centroids: [[9]] },
      ),
    ).toThrow(/different features/);
    expect(() =>
      combineDefinitions(rule('a', 'x').definition, {
        kind: 'cluster',
        features: ['x'],
        centroids: [[0]],
      }),
    ).toThrow(/rule segment with a cluster segment/);
  });
});

describe('History', () => {
  it('undoes and redoes snapshots, clears redo on push, caps length', () => {
    const h = new History({ k: 1 }, 3);
    expect(h.canUndo).toBe(false);
    h.push({ k: 2 });
    h.push({ k: 3 });
    expect(h.undo()).toEqual({ k: 2 });
    expect(h.canRedo).toBe(true);
    expect(h.redo()).toEqual({ k: 3 });
    expect(h.redo()).toBeUndefined();
    h.undo();
    h.push({ k: 4 });
    expect(h.canRedo).toBe(false);
    h.push({ k: 5 });
    h.push({ k: 6 });
    const seen: number[] = [];
    while (h.canUndo) seen.push(h.undo()!.k);
    expect(seen).toEqual([5, 4, 2]);
    expect(h.current).toEqual({ k: 2 });
  });

  it('copies Proxy-wrapped snapshots (as Svelte $state makes them)', () => {
    const h = new History({ a: [1] });
    const proxied = new Proxy({ a: [2] }, {});
    expect(() => structuredClone(proxied)).toThrow();
    h.push(proxied);
    proxied.a.push(3);
    expect(h.current).toEqual({ a: [2] });
    expect(h.undo()).toEqual({ a: [1] });
  });

  it('keeps typed arrays and is immune to later mutation', () => {
    const s = { segments: [rule('a', 'x'), rule('b', 'y')], assignment: Int32Array.of(0, 1, -1) };
    const h = new History(s);
    const next = { segments: s.segments.slice(0, 1), assignment: Int32Array.of(0, 0, -1) };
    h.push(next);
    next.segments[0].name = 'mutated';
    next.assignment[2] = 7;
    expect(h.current.segments[0].name).toBe('A');
    expect(h.undo()!.segments.length).toBe(2);
    const redone = h.redo()!;
    expect(redone.assignment).toBeInstanceOf(Int32Array);
    expect([...redone.assignment]).toEqual([0, 0, -1]);
  });
});

describe('History.rebase', () => {
  it('applies a background change to every snapshot, so undo and redo keep it', () => {
    const h = new History<{ a: number; b: number }>({ a: 0, b: 0 });
    h.push({ a: 1, b: 0 });
    h.push({ a: 2, b: 0 });
    h.undo();
    expect(h.rebase((s) => ({ ...s, b: 9 }))).toEqual({ a: 1, b: 9 });
    expect(h.undo()).toEqual({ a: 0, b: 9 });
    expect(h.redo()).toEqual({ a: 1, b: 9 });
    expect(h.redo()).toEqual({ a: 2, b: 9 });
  });
});

describe('followGeneratedNames', () => {
  const seg = (id: string, name: string): SegmentDef => ({
    id,
    name,
    color: '#000000',
    definition: { kind: 'cluster', features: ['a'], centroids: [[0]] },
  });
  it('moves generated names along with the members, keeps names the user gave', () => {
    const segs = [seg('c1', 'High a'), seg('c2', 'My VIPs'), seg('c3', 'Low a')];
    const out = followGeneratedNames(
      segs,
      ['High a', 'Typical', 'Low a'],
      ['Typical', 'High a', 'Low a'],
    );
    expect(out.map((s) => s.name)).toEqual(['Typical', 'My VIPs', 'Low a']);
  });
  it('changes nothing when the generated names are the same, or a new name is taken', () => {
    const segs = [seg('c1', 'High a'), seg('c2', 'Low a')];
    expect(followGeneratedNames(segs, ['High a', 'Low a'], ['High a', 'Low a'])).toEqual(segs);
    const clash = [seg('c1', 'High a'), seg('c2', 'Typical')];
    expect(
      followGeneratedNames(clash, ['High a', 'Low a'], ['Typical', 'High a']).map((s) => s.name),
    ).toEqual(['High a', 'Typical']);
  });
});
