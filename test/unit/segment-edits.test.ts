import { describe, expect, it } from 'vitest';
import {
  mergeSegments,
  moveCentroid,
  nearestCentroid,
  recolorSegment,
  renameSegment,
  setLocked,
  splitSegment,
} from '../../src/lib/segment/edits';
import { History } from '../../src/lib/segment/history';
import type { SegmentDef, Segmentation } from '../../src/lib/segment/model';

const rule = (id: string, feature: string): SegmentDef => ({
  id,
  name: id.toUpperCase(),
  color: '#000',
  definition: { kind: 'rule', when: { feature, op: '>', value: 1 } },
});
const base = (): Segmentation => ({
  method: 'rules',
  segments: [rule('a', 'x'), rule('b', 'y'), rule('c', 'z')],
  assignment: Int32Array.of(0, 1, 2, 1, 2, -1),
});

describe('rename, recolour, lock', () => {
  it('returns new segmentations and leaves the input alone', () => {
    const s = base();
    const t = recolorSegment(renameSegment(s, 'b', 'Big'), 'b', '#f00');
    expect(t.segments[1]).toMatchObject({ name: 'Big', color: '#f00' });
    expect(s.segments[1].name).toBe('B');
    expect(setLocked(s, 'a', true).segments[0].locked).toBe(true);
    expect(() => renameSegment(s, 'nope', 'x')).toThrow(/nope/);
  });
});

describe('merge', () => {
  it('remaps the assignment, combines definitions and shifts later indices', () => {
    const s = base();
    const m = mergeSegments(s, 'a', 'c');
    expect(m.segments.map((x) => x.id)).toEqual(['a', 'b']);
    expect([...m.assignment]).toEqual([0, 1, 0, 1, 0, -1]);
    expect(m.segments[0].definition).toEqual({
      kind: 'rule',
      when: {
        any: [
          { feature: 'x', op: '>', value: 1 },
          { feature: 'z', op: '>', value: 1 },
        ],
      },
    });
    const m2 = mergeSegments(s, 'c', 'a');
    expect(m2.segments.map((x) => x.id)).toEqual(['b', 'c']);
    expect([...m2.assignment]).toEqual([1, 0, 1, 0, 1, -1]);
    expect([...s.assignment]).toEqual([0, 1, 2, 1, 2, -1]);
  });

  it('unions cluster centroids and refuses locked segments', () => {
    const cl = (id: string, c: number[]): SegmentDef => ({
      id,
      name: id,
      color: '#000',
      definition: { kind: 'cluster', features: ['x'], centroids: [c] },
    });
    const s: Segmentation = {
      method: 'clusters',
      segments: [cl('p', [0]), cl('q', [9])],
      assignment: Int32Array.of(0, 1),
    };
    expect(mergeSegments(s, 'p', 'q').segments[0].definition).toEqual({
      kind: 'cluster',
      features: ['x'],
      centroids: [[0], [9]],
    });
    expect(() => mergeSegments(setLocked(s, 'q', true), 'p', 'q')).toThrow(/locked/);
  });
});

describe('split', () => {
  it('renumbers a sub-assignment given per member', () => {
    const s = base();
    const t = splitSegment(s, 'b', Int32Array.of(1, 0), [{ name: 'B low' }, { name: 'B high' }]);
    expect(t.segments.map((x) => x.id)).toEqual(['a', 'b', 'c', 'b-2']);
    expect(t.segments.map((x) => x.name)).toEqual(['A', 'B low', 'C', 'B high']);
    expect([...t.assignment]).toEqual([0, 3, 2, 1, 2, -1]);
    expect(t.segments[3].color).not.toBe('#000');
  });

  it('accepts a per-row sub-assignment and refuses bad lengths and locked segments', () => {
    const s = base();
    const t = splitSegment(s, 'c', Int32Array.of(9, 9, 2, 9, 1, 9), [{}, {}, {}]);
    expect([...t.assignment]).toEqual([0, 1, 4, 1, 3, -1]);
    expect(t.segments.map((x) => x.name)).toEqual(['A', 'B', 'C 1', 'C 2', 'C 3']);
    expect(() => splitSegment(s, 'c', Int32Array.of(0, 1, 0), [{}, {}])).toThrow(/expected 2 or 6/);
    expect(() => splitSegment(setLocked(s, 'c', true), 'c', Int32Array.of(0, 1), [{}, {}])).toThrow(
      /locked/,
    );
  });
});

describe('nearestCentroid', () => {
  const xs = Float32Array.of(0, 1, 4, 5, 9, 10);
  const cents = Float64Array.of(0, 5, 10);

  it('assigns by squared distance, ties to the lower index', () => {
    expect([...nearestCentroid(xs, 6, 1, cents, 3)]).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...nearestCentroid(Float32Array.of(2.5), 1, 1, cents, 3)]).toEqual([0]);
  });

  it('keeps locked customers and lets nobody join a locked centroid', () => {
    const current = Int32Array.of(0, 1, 0, 1, 2, 1);
    const out = nearestCentroid(xs, 6, 1, cents, 3, Uint8Array.of(0, 1, 0), current);
    // rows 1, 3, 5 were in locked centroid 1 and stay; row 2 (x=4) cannot join 1 and goes to 0
    expect([...out]).toEqual([0, 1, 0, 1, 2, 1]);
    expect(() => nearestCentroid(xs, 6, 1, cents, 3, Uint8Array.of(0, 1, 0))).toThrow(/current/);
  });

  it('moveCentroid reassigns unlocked customers in 2-D', () => {
    const cl = (id: string, c: number[], locked = false): SegmentDef => ({
      id,
      name: id,
      color: '#000',
      locked,
      definition: { kind: 'cluster', features: ['x', 'y'], centroids: [c] },
    });
    const m = Float32Array.of(0, 0, 1, 1, 9, 9, 10, 10, 5, 5);
    const s: Segmentation = {
      method: 'clusters',
      segments: [cl('lo', [0, 0]), cl('hi', [10, 10]), cl('mid', [5, 5], true)],
      assignment: Int32Array.of(0, 0, 1, 1, 2),
    };
    const t = moveCentroid(s, 'hi', [1, 1], m, 2);
    expect(t.segments[1].definition).toMatchObject({ centroids: [[1, 1]] });
    expect([...t.assignment]).toEqual([0, 1, 1, 1, 2]);
    expect(() => moveCentroid(s, 'mid', [0, 0], m, 2)).toThrow(/locked/);
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

  it('works over segmentation edits and is immune to later mutation', () => {
    const s = base();
    const h = new History(s);
    const merged = mergeSegments(s, 'a', 'b');
    h.push(merged);
    merged.segments[0].name = 'mutated';
    expect(h.current.segments[0].name).toBe('A');
    expect(h.undo()!.segments.length).toBe(3);
    expect([...h.redo()!.assignment]).toEqual([0, 0, 1, 0, 1, -1]);
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
