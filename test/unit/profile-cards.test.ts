/**
 * Personas, over-segmentation warnings, one customer's card and personas.md, on small profiles
 * whose answers are known by construction.
 */
import { describe, expect, it } from 'vitest';
import { describeSegments } from '../../src/lib/profile/describe';
import { autoPersona } from '../../src/lib/profile/persona';
import { overSegmentation, profileDistance } from '../../src/lib/profile/warnings';
import {
  clusterDistances,
  findCustomer,
  leafText,
  rfmMatches,
  ruleChecks,
} from '../../src/lib/profile/customer';
import { personasMarkdown } from '../../src/lib/profile/markdown';
import type { SegmentDef } from '../../src/lib/segment/model';

/** 100 customers: segment 0 recent, frequent big spenders; 1 and 2 alike; 3 holds one customer. */
function planted() {
  const n = 100;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const seg = i < 20 ? 0 : i < 60 ? 1 : i < 99 ? 2 : 3;
    assignment[i] = seg;
    recency[i] = seg === 0 ? 5 + (i % 3) : 100 + (i % 7);
    frequency[i] = seg === 0 ? 20 + (i % 2) : 2 + (i % 2);
    monetary[i] = seg === 0 ? 2000 + i : 100 + (i % 5);
  }
  return describeSegments({
    numeric: { recency, frequency, monetary },
    assignment,
    buckets: 4,
    value: 'monetary',
  });
}

const KINDS = { recency: 'recency', frequency: 'frequency', monetary: 'monetary' } as const;
const kindOf = (f: string) => KINDS[f as keyof typeof KINDS];

describe('personas', () => {
  it('name a segment from what sets it apart, with its numbers', () => {
    const p = planted();
    const persona = autoPersona(p.distinguishing[0], kindOf);
    expect(persona.traits.map((t) => t.word).sort()).toEqual(
      ['Frequent', 'High-spending', 'Recent'].sort(),
    );
    expect(persona.name.split(', ')).toHaveLength(3);
    const mean = (i: number) => p.numeric.find((f) => f.feature === 'recency')!.segments[i].mean;
    expect(persona.description).toContain(`last bought ${mean(0)} days ago`);
    expect(persona.description).toMatch(/spend \d+(\.\d+)?x the average/);
  });

  it('say a segment close to the average on every feature is average', () => {
    const flat = describeSegments({
      numeric: { x: Float64Array.from([1, 2, 1, 2]) },
      assignment: Int32Array.from([0, 0, 1, 1]),
      buckets: 2,
    });
    expect(autoPersona(flat.distinguishing[0]).name).toBe('Average customers');
  });

  it('use a category level the segment has more of, never one it lacks', () => {
    const p = describeSegments({
      numeric: {},
      categories: {
        levels: { plan: ['basic', 'premium'] },
        codes: { plan: Int32Array.from([1, 1, 1, 0, 0, 0]) },
      },
      assignment: Int32Array.from([0, 0, 0, 1, 1, 1]),
      buckets: 2,
    });
    const persona = autoPersona(p.distinguishing[0]);
    expect(persona.traits).toHaveLength(1);
    expect(persona.traits[0]).toMatchObject({ feature: 'plan', level: 'premium' });
    expect(persona.description).toContain('100% plan premium (everyone: 50%)');
  });
});

describe('over-segmentation warnings', () => {
  const names = ['Champions', 'Alike A', 'Alike B', 'Tiny'];
  it('flag the tiny segment and the two alike, suggesting merges', () => {
    const p = planted();
    const w = overSegmentation(p, { names, mergeable: [true, true, true, true] });
    const small = w.find((x) => x.kind === 'small')!;
    expect(small.buckets).toEqual([3]);
    // Tiny's profile is that of the alike segments, not of Champions.
    expect(small.action).toMatchObject({ kind: 'merge', other: 3 });
    expect([1, 2]).toContain((small.action as { keep: number }).keep);
    const similar = w.filter((x) => x.kind === 'similar').map((x) => x.buckets);
    expect(similar).toContainEqual([1, 2]);
    expect(similar).not.toContainEqual([0, 1]);
    expect(profileDistance(p, 0, 1)).toBeGreaterThan(1);
  });

  it('flag a cluster with a negative mean silhouette, suggesting one cluster fewer', () => {
    const p = planted();
    const w = overSegmentation(p, {
      names,
      mergeable: [true, true, true, true],
      silhouette: { perCluster: [0.6, -0.1, 0.2, NaN], k: 4 },
    });
    const s = w.filter((x) => x.kind === 'silhouette');
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ buckets: [1], action: { kind: 'lower-k', k: 3 } });
  });

  it('offer no merge for the rest bucket', () => {
    const p = planted();
    const w = overSegmentation(p, { names, mergeable: [true, true, true, false] });
    expect(w.find((x) => x.kind === 'small')!.action).toBeNull();
  });
});

describe("one customer's card", () => {
  it('finds an id exactly, and says when there is none', () => {
    expect(findCustomer(['A1', 'A2'], ' A2 ')).toBe(1);
    expect(findCustomer(['A1', 'A2'], 'a2')).toBeNull();
    expect(findCustomer(['A1'], '')).toBeNull();
  });

  it('gives the distance to each cluster, the nearest being its own, mismatches counted', () => {
    const seg = (centroids: number[][], modes: string[][]): SegmentDef => ({
      id: 's',
      name: 's',
      color: '#000000',
      definition: {
        kind: 'cluster',
        features: ['a', 'b'],
        centroids,
        categorical: { features: ['plan'], modes, gamma: 0.5 },
      },
    });
    const d = clusterDistances(
      [1, 2],
      ['basic'],
      [
        seg([[0, 0]], [['basic']]),
        seg(
          [
            [1, 2],
            [5, 5],
          ],
          [['premium'], ['basic']],
        ),
      ],
    );
    expect(d[0]).toEqual({ segment: 0, distance: 5, mismatches: 0 });
    expect(d[1]).toEqual({ segment: 1, distance: 0.5, mismatches: 1 });
  });

  it('says which rules and conditions a customer meets', () => {
    const rule = (id: string, when: SegmentDef['definition']): SegmentDef => ({
      id,
      name: id,
      color: '#000000',
      definition: when,
    });
    const segs = [
      rule('big', {
        kind: 'rule',
        when: {
          all: [
            { feature: 'spend', op: '>=', value: 100 },
            { feature: 'plan', op: 'in', value: ['premium'] },
          ],
        },
      }),
      rule('mid', {
        kind: 'rule',
        when: { all: [{ feature: 'spend', op: 'between', value: [10, 200] }] },
      }),
    ];
    const frame = {
      columns: { spend: Float64Array.from([150]), plan: Int32Array.from([0]) },
      categories: { plan: ['basic', 'premium'] },
    };
    const checks = ruleChecks(segs, frame, 0);
    expect(checks[0].matched).toBe(false);
    expect(checks[0].conditions).toEqual([
      { text: 'spend >= 100', met: true },
      { text: 'plan in (premium)', met: false },
    ]);
    expect(checks[1]).toMatchObject({
      matched: true,
      conditions: [{ text: 'spend between 10 and 200', met: true }],
    });
    expect(leafText({ feature: 'x', op: 'is missing' })).toBe('x is missing');
  });

  it('says which RFM segments hold a customer’s scores', () => {
    const box = (r: [number, number]) => ({
      r,
      f: [1, 5] as [number, number],
      m: [1, 5] as [number, number],
    });
    const segs: SegmentDef[] = [
      { id: 'a', name: 'a', color: '#000000', definition: { kind: 'rfm', boxes: [box([4, 5])] } },
      { id: 'b', name: 'b', color: '#000000', definition: { kind: 'rfm', boxes: [box([1, 5])] } },
    ];
    expect(rfmMatches(segs, 3, 2, 2).map((x) => x.matched)).toEqual([false, true]);
  });
});

describe('personas.md', () => {
  it('writes one section per card with its numbers, escaping Markdown in names', () => {
    const md = personasMarkdown(
      [
        {
          name: 'Champions [VIP]',
          description: 'Recent, frequent: spend 4x the average.',
          customers: 1200,
          share: 0.12,
          valueShare: 0.4,
          valuePerCustomer: 321.5,
          numbers: [{ label: 'recency', value: '12 days' }],
        },
      ],
      { title: 'Retail', date: '2026-12-03' },
    );
    expect(md).toContain('## Champions \\[VIP\\]');
    expect(md).toContain('- Customers: 1,200 (12.0% of all)');
    expect(md).toContain('- Share of value: 40.0%');
    expect(md).toContain('- Value per customer: 321.50');
    expect(md).toContain('- recency: 12 days');
    const euros = personasMarkdown(
      [
        {
          name: 'A',
          description: 'd',
          customers: 1,
          share: 1,
          valueShare: 1,
          valuePerCustomer: 321.5,
          numbers: [],
        },
      ],
      { title: 'Retail', date: '2026-12-03', currency: 'EUR' },
    );
    expect(euros).toContain('- Value per customer: €321.50');
  });

  it('writes money in the chosen currency in a persona', () => {
    const p = planted();
    const persona = autoPersona(
      p.distinguishing[0].filter((d) => d.feature === 'monetary'),
      () => undefined,
      'GBP',
    );
    expect(persona.description).toMatch(/monetary £[\d,]+\.\d\d/);
  });
});
