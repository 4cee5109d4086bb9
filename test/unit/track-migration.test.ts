/**
 * Migration between two as-of dates of the planted-movers transactions: the frozen model and
 * rules re-applied at the later date (nothing refitted) move exactly the customers planted to
 * move. Also the overlap of two segmentations and the check of a second snapshot's columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSession, loadFiles, type Loaded, type Session } from './studio-path';
import { fixture, MOVERS_RULES, PLANTED } from './track-fixture';
import { defaultSpec, sourceFromTables } from '../../src/lib/features/from-tables';
import type { SegmentsConfig } from '../../src/lib/segment/config';
import { assignSegments } from '../../src/lib/segment/pipeline';
import { clusterSpace } from '../../src/lib/segment/inputs';
import { labelMap, segmentFrozen, bucketLabels } from '../../src/lib/track/reapply';
import {
  GONE_SINCE_A,
  NEW_AT_B,
  sankeyData,
  transitionMatrix,
} from '../../src/lib/track/migration';
import { overlapMatrix } from '../../src/lib/track/overlap';
import { checkSnapshot, snapshotProblems } from '../../src/lib/track/snapshot';
import type { FeatureSource } from '../../src/lib/features/source';

let loaded: Loaded;
let session: Session;
let source: FeatureSource;

beforeAll(async () => {
  loaded = await loadFiles([{ path: fixture('track-movers.csv') }]);
  const s = sourceFromTables(loaded.sources, null, null);
  if (typeof s === 'string') throw new Error(s);
  source = s;
  session = await computeSession(loaded, { ...defaultSpec(), asOf: '2024-07-01' });
});
afterAll(() => loaded?.db.close());

describe('migration between two dates', () => {
  it('re-applied at its own date, the frozen segmentation is the one it was made with', async () => {
    const a = assignSegments(MOVERS_RULES, session.inputs);
    const again = await segmentFrozen(loaded.db, session.model!, MOVERS_RULES, source, 'track_b');
    expect(again.ids).toEqual(session.ids);
    expect([...again.assignment]).toEqual([...a.assignment]);
    expect(again.labels).toEqual(['Recent', 'Regular', 'Everyone else']);
  });

  it('moves exactly the planted customers between 2024-07-01 and 2025-01-01', async () => {
    const a = assignSegments(MOVERS_RULES, session.inputs);
    const labels = bucketLabels(MOVERS_RULES, a.restLabel);
    const atA = labelMap({ ids: session.ids, assignment: a.assignment, labels });
    const b = await segmentFrozen(
      loaded.db,
      session.model!,
      MOVERS_RULES,
      source,
      'track_b',
      '2025-01-01',
    );
    expect(b.asOf).toBe('2025-01-01');
    const m = transitionMatrix(atA, labelMap(b), labels, b.labels);
    expect(m.rows).toEqual([...labels, NEW_AT_B]);
    expect(m.cols).toEqual([...labels, GONE_SINCE_A]);
    m.rows.forEach((r, i) =>
      m.cols.forEach((c, j) => expect([r, c, m.counts[i][j]]).toEqual([r, c, PLANTED[r][c] ?? 0])),
    );
    expect(m).toMatchObject({ total: 33, stayed: 15, moved: 11 });
    expect(m.rowShares[0]).toEqual([0.6, 0, 0.4, 0]);
    // The model was not refitted: its quintiles and as-of date are those of A.
    expect(session.model!.spec.asOf).toBe('2024-07-01');
    const tables = (
      await loaded.db.query(
        "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'track_b%'",
      )
    )
      .get(0)
      ?.toJSON();
    expect(Number(tables?.n)).toBe(0);
  });

  it('counts customers gone since A and builds the Sankey from the matrix', () => {
    const a = new Map([
      ['1', 'X'],
      ['2', 'X'],
      ['3', 'Y'],
    ]);
    const b = new Map([
      ['1', 'Y'],
      ['3', 'Y'],
      ['4', 'X'],
    ]);
    const m = transitionMatrix(a, b, ['X', 'Y', 'Z'], ['X', 'Y', 'Z']);
    expect(m.counts).toEqual([
      [0, 1, 0, 1],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    const s = sankeyData(m);
    expect(s.nodes.map((n) => `${n.side}:${n.label}=${n.value}`)).toEqual([
      'A:X=2',
      'A:Y=1',
      `A:${NEW_AT_B}=1`,
      'B:X=1',
      'B:Y=2',
      `B:${GONE_SINCE_A}=1`,
    ]);
    expect(s.links).toEqual([
      { source: 0, target: 4, value: 1 },
      { source: 0, target: 5, value: 1 },
      { source: 1, target: 4, value: 1 },
      { source: 2, target: 3, value: 1 },
    ]);
  });

  it('refuses a second snapshot whose columns have other types, naming them', async () => {
    const other = await loadFiles([{ path: fixture('track-movers-text-amount.csv') }]);
    try {
      const describeView = async (db: Loaded['db'], view: string) =>
        (await db.query(`DESCRIBE "${view.replaceAll('"', '""')}"`)).toArray().map((r) => ({
          name: String(r.column_name),
          type: String(r.column_type),
        }));
      const first = await describeView(loaded.db, loaded.sources[0].view);
      const second = await describeView(other.db, other.sources[0].view);
      const needed = ['customer_id', 'order_date', 'amount'];
      expect(snapshotProblems(first, second, needed)).toEqual([
        '“amount” holds text instead of numbers',
      ]);
      expect(
        snapshotProblems(
          first,
          second.filter((c) => c.name !== 'order_date'),
          needed,
        ),
      ).toContain('“order_date” is missing');
      expect(() => checkSnapshot('next.csv', first, second, needed)).toThrow(
        /“next\.csv” cannot be segmented like the first file: “amount” holds text instead of numbers/,
      );
    } finally {
      other.db.close();
    }
  });
});

describe('overlap of two segmentations', () => {
  it('counts customers in each pair of segments, as a plain loop over ids does', () => {
    const rules = assignSegments(MOVERS_RULES, session.inputs);
    const rfmCfg: SegmentsConfig = { ...MOVERS_RULES, method: 'rfm' };
    const rfm = assignSegments(rfmCfg, {
      ...session.inputs,
      cluster: clusterSpace(session.inputs, []),
    });
    const la = bucketLabels(MOVERS_RULES, rules.restLabel);
    const lb = bucketLabels(rfmCfg, rfm.restLabel);
    const m = overlapMatrix(rules.assignment, la, rfm.assignment, lb);
    const pairs = new Map<string, number>();
    session.ids.forEach((_, i) => {
      const key = `${la[rules.assignment[i]]}|${lb[rfm.assignment[i]]}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    });
    la.forEach((r, i) =>
      lb.forEach((c, j) => expect(m.counts[i][j]).toBe(pairs.get(`${r}|${c}`) ?? 0)),
    );
    expect(m.total).toBe(session.ids.length);
    m.rowShares.forEach((row, i) => {
      const t = m.counts[i].reduce((s, v) => s + v, 0);
      if (t > 0) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    });
    expect(() => overlapMatrix(new Int32Array(2), la, new Int32Array(3), lb)).toThrow(
      /2 customers against 3/,
    );
  });
});
