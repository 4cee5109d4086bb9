/**
 * The studio config: every problem of a bad config with its path, migrations, the refusal of a
 * future version, content hashes, and which loaded tables a config applies to.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { checkConfig, parseConfig } from '../../src/lib/config/validate';
import { migrate } from '../../src/lib/config/migrate';
import { contentHash, hashBytes, HASH_CHUNK } from '../../src/lib/config/fingerprint';
import { sha256 } from '../../src/lib/config/sha256';
import { matchTables } from '../../src/lib/config/match';
import { buildConfig } from '../../src/lib/config/build';
import { CONFIG_KIND, type StudioConfig } from '../../src/lib/config/schema';
import { defaultSegmentsConfig } from '../../src/lib/segment/config';
import { defaultSpec } from '../../src/lib/features/from-tables';
import { assignmentDigest, byteOrder } from '../../src/lib/segment/digest';
import { RANK_LEVELS } from '../../src/lib/features/transforms';

/** A small valid config: a transactions CSV, RFM features, a fitted model. */
function valid(): StudioConfig {
  const spec = defaultSpec();
  return buildConfig({
    tables: [
      {
        id: 'tx',
        file: 'tx.csv',
        format: 'csv',
        reader: { delimiter: ',', header: true, quote: '"', escape: '"', encoding: 'utf-8' },
        rows: 10,
        columns: [
          { name: 'customer', type: 'VARCHAR', role: 'customer_id' },
          { name: 'when', type: 'TIMESTAMP', role: 'datetime' },
          { name: 'amount', type: 'DOUBLE', role: 'amount' },
        ],
        cleaning: [{ kind: 'drop_negative', column: 'amount' }],
      },
    ],
    transactions: null,
    customers: null,
    features: spec,
    segmentation: defaultSegmentsConfig(),
    model: {
      spec: { ...spec, asOf: '2024-01-01' },
      transforms: {
        version: 1,
        rows: 5,
        columns: [
          {
            name: 'recency',
            feature: 'recency',
            missing: 'indicator',
            transform: 'rank',
            impute: 3,
            cuts: RANK_LEVELS.map((l) => l * 10),
          },
          {
            name: 'frequency',
            feature: 'frequency',
            missing: 'median',
            transform: 'rank',
            impute: 1,
            cuts: RANK_LEVELS.map((l) => 1 + l),
          },
          {
            name: 'monetary',
            feature: 'monetary',
            missing: 'median',
            transform: 'rank',
            impute: 9,
            cuts: RANK_LEVELS.map((l) => l * 100),
          },
        ],
      },
      quintiles: { recency: [1, 2, 3, 4], frequency: [1, 1, 2, 3], monetary: [10, 20, 30, 40] },
      customers: 5,
    },
  });
}

/** The parts `buildConfig` would make `c` from (tables left out). */
const partsOf = (c: StudioConfig) => ({
  tables: null,
  transactions: null,
  customers: null,
  features: c.features,
  segmentation: c.segmentation,
  model: c.model,
});

const problemsOf = (v: unknown): string[] => {
  const r = checkConfig(v);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('checkConfig', () => {
  it('accepts what the studio writes, and a round trip through JSON', () => {
    expect(problemsOf(JSON.parse(JSON.stringify(valid())))).toEqual([]);
  });

  it('takes a known currency code or null, and refuses anything else at "currency"', () => {
    for (const currency of ['EUR', 'GBP', null])
      expect(problemsOf({ ...valid(), currency }), String(currency)).toEqual([]);
    for (const currency of ['eur', 'XYZ', '€', 12, {}]) {
      const got = problemsOf({ ...valid(), currency });
      expect(got).toHaveLength(1);
      expect(got[0]).toMatch(/^currency: expected null or a currency code such as "EUR"/);
    }
    expect(buildConfig({ ...partsOf(valid()), currency: 'JPY' }).currency).toBe('JPY');
    expect('currency' in buildConfig(partsOf(valid()))).toBe(false);
  });

  it('takes "(none)" as the customer table (the buyers only), and no other unknown id', () => {
    const withCustomers = (customers: unknown) => {
      const c = valid();
      return { ...c, dataset: { ...c.dataset, customers } };
    };
    expect(problemsOf(withCustomers('(none)'))).toEqual([]);
    expect(problemsOf(withCustomers('nowhere'))).toEqual([
      'dataset.customers: no table has the id "nowhere"',
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const c = valid() as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    c.segmentation.method = 'magic';
    c.segmentation.clusters.k = 'five';
    c.segmentation.rfm.cuts = { m: [1, 'x', 3, 4] };
    c.segmentation.rfm.segments[1].name = '<script>alert(1)</script>';
    c.segmentation.rfm.segments[2].color = 'red';
    c.segmentation.rules.segments = [
      {
        id: 'r1',
        name: 'Rule',
        color: '#000000',
        definition: {
          kind: 'rule',
          when: {
            all: [
              { feature: 'monetary', op: '>', value: 'big' },
              { feature: 'nope', op: '<', value: 1 },
            ],
          },
        },
      },
    ];
    c.dataset.tables[0].columns[2].type = 'DOUBLE); DROP TABLE t; --';
    c.dataset.tables[0].cleaning.push({ kind: 'drop_missing', column: 'ghost' });
    c.features.features[0].transform = { kind: 'sqrt' };
    expect(problemsOf(c)).toEqual([
      'dataset.tables[0].columns[2].type: "DOUBLE); DROP TABLE t; --" is not a column type the studio reads',
      'dataset.tables[0].cleaning[1].column: the table has no column "ghost"',
      'features.features[0].transform.kind: must be one of none, log1p, zscore, minmax, winsorize, rank',
      'segmentation.method: "magic" is not allowed here: one of rfm, rules, clusters',
      'segmentation.rfm.cuts.m[1]: expected a number, got "x"',
      'segmentation.rfm.segments[1].name: looks like HTML markup: segment names are plain text',
      'segmentation.rfm.segments[2].color: expected a colour like "#1f77b4"',
      'segmentation.rules.segments[0].definition.when.all[0].value: expected a number, got "big"',
      'segmentation.rules.segments[0].definition.when.all[1].feature: "nope" is not a feature of this segmentation',
      'segmentation.clusters.k: expected a whole number from 2 to 50, got "five"',
    ]);
  });

  it('refuses centroids of the wrong length and features the model does not have', () => {
    const c = valid();
    c.segmentation.method = 'clusters';
    c.segmentation.clusters.features = ['recency', 'frequency'];
    c.segmentation.clusters.segments = [
      {
        id: 'c1',
        name: 'A',
        color: '#000000',
        definition: { kind: 'cluster', features: ['recency', 'frequency'], centroids: [[0.1]] },
      },
      {
        id: 'c2',
        name: 'B',
        color: '#000000',
        definition: { kind: 'cluster', features: ['recency', 'tenure'], centroids: [[0.1, 0.2]] },
      },
    ];
    expect(problemsOf(c)).toEqual([
      'segmentation.clusters.segments[0].definition.centroids[0]: has 1 coordinates for 2 features',
      'segmentation.clusters.segments[1].definition.features[1]: "tenure" is not a feature of this segmentation',
    ]);
  });

  it('accepts names with SQL in them (they reach SQL only as literals) and "<" used as text', () => {
    const c = valid();
    c.segmentation.rfm.segments[0].name = "x'); DROP TABLE t; --";
    c.segmentation.rfm.segments[1].name = 'spend < 100 & > 10';
    expect(problemsOf(c)).toEqual([]);
  });

  it('refuses a model fitted for other features, and one without its parameters', () => {
    const c = valid();
    c.features!.features.pop();
    c.model!.transforms.columns[0].cuts = [1, 2];
    expect(problemsOf(c)).toEqual([
      'model.spec: was fitted for other features than `features` lists: compute the features again',
      'model.transforms.columns[0].cuts: expected 101 cut-points',
    ]);
  });
});

describe('parseConfig and migrations', () => {
  it('says what is wrong with text that is not a config', () => {
    const msg = (t: string) => {
      const r = parseConfig(t);
      return r.ok ? '' : r.problems[0].message;
    };
    expect(msg('')).toBe('the file is empty');
    expect(msg('{"kind": "segment')).toMatch(/^not valid JSON \(it looks cut off\)/);
    expect(msg('[1, 2]')).toBe('not a segmentation config: expected a JSON object');
    expect(msg('{"hello": 1}')).toMatch(/not a Segment Studio segmentation \(it has no "kind"/);
    expect(msg(JSON.stringify({ ...valid(), version: 4 }))).toMatch(
      /written by a newer Segment Studio \(config version 4\); this studio reads versions 1 to 3/,
    );
    expect(msg('x'.repeat(5_000_001))).toMatch(/at most 5 MB/);
  });

  it('migrates the segments-only JSON of earlier studios (version 1)', () => {
    const v1 = defaultSegmentsConfig();
    const r = parseConfig(JSON.stringify(v1));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(1);
    expect(r.config).toEqual({
      kind: CONFIG_KIND,
      version: 3,
      dataset: null,
      features: null,
      segmentation: v1,
      model: null,
    });
    expect(migrate(valid())).toEqual({ value: valid(), from: null });
  });

  it('migrates version 2 (no ordinal levels) and checks the levels of version 3', () => {
    const v2 = { ...valid(), version: 2 };
    const r = checkConfig(v2);
    expect(r.ok && r.migratedFrom).toBe(2);
    expect(r.ok && r.config.version).toBe(3);
    const withLevels = (role: string, levels: unknown): StudioConfig => {
      const c = valid();
      c.dataset!.tables[0].columns.push({
        name: 'contract',
        type: 'VARCHAR',
        role,
        levels,
      } as never);
      return c;
    };
    const ok = checkConfig(withLevels('ordinal', ['Month-to-month', 'One year', 'Two year']));
    expect(ok.ok ? [] : ok.problems).toEqual([]);
    const problems = (c: StudioConfig) => {
      const x = checkConfig(c);
      return x.ok ? [] : x.problems.map((p) => `${p.path}: ${p.message}`);
    };
    const at = 'dataset.tables[0].columns[3].levels';
    expect(problems(withLevels('category', ['a', 'b']))).toEqual([
      `${at}: only an ordinal column has levels`,
    ]);
    expect(problems(withLevels('ordinal', ['a', ' b', 'a']))).toEqual([
      `${at}[1]: a level is a value as the column holds it, without leading or trailing spaces`,
      `${at}[2]: duplicate level "a"`,
    ]);
    expect(problems(withLevels('ordinal', []))).toEqual([
      `${at}: an ordinal column needs at least one level`,
    ]);
    const perCustomer = valid();
    perCustomer.dataset!.tables[0].oneRowPerCustomer = true;
    expect(problems(perCustomer)).toEqual([]);
    (perCustomer.dataset!.tables[0] as { oneRowPerCustomer: unknown }).oneRowPerCustomer = 'yes';
    expect(problems(perCustomer)).toEqual([
      'dataset.tables[0].oneRowPerCustomer: expected true or false, got "yes"',
    ]);
  });

  it('records an ordinal column’s levels in the order the user set, and nothing for others', () => {
    const c = buildConfig({
      tables: [
        {
          id: 't',
          file: 't.csv',
          format: 'csv',
          rows: 1,
          columns: [
            { name: 'id', type: 'VARCHAR', role: 'customer_id' },
            { name: 'size', type: 'VARCHAR', role: 'ordinal', levels: ['L', 'M', 'S'] },
            { name: 'was', type: 'VARCHAR', role: 'category', levels: ['x'] },
          ],
          cleaning: [],
        },
      ],
      transactions: null,
      customers: null,
      features: null,
      segmentation: defaultSegmentsConfig(),
      model: null,
    });
    expect(c.dataset!.tables[0].columns.map((x) => x.levels ?? null)).toEqual([
      null,
      ['L', 'M', 'S'],
      null,
    ]);
  });
});

describe('fingerprints and digests', () => {
  it('hashes 4 MiB chunks, then the chunks’ digests, as node:crypto computes it', async () => {
    const bytes = new Uint8Array(HASH_CHUNK * 2 + 12345).map((_, i) => (i * 31) & 0xff);
    const chunks = [0, HASH_CHUNK, 2 * HASH_CHUNK].map((a) =>
      createHash('sha256')
        .update(bytes.subarray(a, a + HASH_CHUNK))
        .digest(),
    );
    const want = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');
    expect(await hashBytes(bytes)).toBe(`sha256-4m:${want}`);
    const empty = createHash('sha256')
      .update(createHash('sha256').update('').digest())
      .digest('hex');
    expect(await contentHash(0, async () => new Uint8Array(0))).toBe(`sha256-4m:${empty}`);
  });

  it('has a SHA-256 of its own for pages without crypto.subtle', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 1000, 100_003]) {
      const b = new Uint8Array(n).map((_, i) => (i * 7 + n) & 0xff);
      expect(Buffer.from(sha256(b)).toString('hex')).toBe(
        createHash('sha256').update(b).digest('hex'),
      );
    }
  });

  it('digests an assignment in code-point order, whatever the input order', () => {
    const pairs: [string, string | null][] = [
      ['b', 's1'],
      ['\u{1F600}', 's2'],
      ['\uFFFD', null],
      ['a', 's1'],
    ];
    expect(assignmentDigest(pairs)).toBe(assignmentDigest([...pairs].reverse()));
    const lines = 'a\ts1\nb\ts1\n\uFFFD\t\n\u{1F600}\ts2\n';
    expect(assignmentDigest(pairs)).toBe(createHash('sha256').update(lines, 'utf8').digest('hex'));
    expect(byteOrder('\uFFFD', '\u{1F600}')).toBeLessThan(0); // UTF-16 units would say otherwise
  });
});

describe('matchTables', () => {
  const part = (id: string, file: string, names: string[]) => ({
    id,
    file,
    format: 'csv' as const,
    rows: 1,
    columns: names.map((name) => ({ name, type: 'VARCHAR', role: 'text' as const })),
    cleaning: [],
  });
  const wanted = valid().dataset!.tables.map((t) => ({
    ...t,
    columns: t.columns.map((c) => ({ ...c, type: 'VARCHAR' })),
  }));

  it('finds the file of the same name and columns', () => {
    const m = matchTables(wanted, [
      part('x', 'other.csv', ['a']),
      part('tx_2', 'tx.csv', ['customer', 'when', 'amount']),
    ]);
    expect([...m.ids]).toEqual([['tx', 'tx_2']]);
    expect(m.notes).toEqual([]);
  });

  it('takes the one table with the same columns under another name, and says so', () => {
    const m = matchTables(wanted, [
      part('next', 'tx_december.csv', ['customer', 'when', 'amount']),
    ]);
    expect([...m.ids]).toEqual([['tx', 'next']]);
    expect(m.notes).toEqual(['tx.csv was matched to tx_december.csv, which has the same columns']);
  });

  it('names the missing file, or the columns that differ', () => {
    expect(matchTables(wanted, []).problems[0].message).toMatch(
      /^made on tx\.csv \(10 rows; customer VARCHAR, when VARCHAR, amount VARCHAR\): load that file/,
    );
    expect(
      matchTables(wanted, [part('tx', 'tx.csv', ['customer', 'when'])]).problems[0].message,
    ).toBe('tx.csv is loaded, but its columns differ: missing amount');
    // Next month's file under another name with one column renamed: the nearest table is named
    // with what differs.
    expect(
      matchTables(wanted, [part('d', 'tx_december.csv', ['customer', 'when', 'total'])]).problems[0]
        .message,
    ).toMatch(
      /load that file in the Data step first \(the closest loaded table, tx_december\.csv, differs: missing amount; not in the config total\)$/,
    );
  });
});
