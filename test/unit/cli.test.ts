/**
 * The command-line tool, run as a user runs it (its bin in a child process): `apply` gives every
 * customer the segment the studio's in-memory engine gives (and the same digest), from CSV or
 * Parquet, under another file name, from a share link; `sql` prints scripts that agree on
 * PostgreSQL; `fit` refits as the studio would; `report` writes a page without script; and every
 * documented failure exits with its code and says what was wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import { defaultSpec } from '../../src/lib/features/from-tables';
import { assignmentDigest } from '../../src/lib/segment/digest';
import { encodeLinkFragment } from '../../src/lib/config/link';
import type { StudioConfig } from '../../src/lib/config/schema';
import { literal } from '../../src/lib/sql/quote';
import { differences, fixturesDir, runPostgres } from './engines';
import { startPostgres, type PgServer } from './pg-server';
import { readAssignment, runCli, runMain } from './cli-run';
import {
  engineAssignment,
  kmeansSegmentation,
  sessionConfig,
  studioSession,
  type Session,
} from './studio-path';

let dir: string;
let s: Session;
const retail = path.join(fixturesDir(), 'retail-extract.csv');
const writeRaw = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const write = (name: string, config: unknown): string => writeRaw(name, JSON.stringify(config));

const clusters = (sess: Session, k: number): SegmentsConfig =>
  kmeansSegmentation(sess, k, { seed: 7, nInit: 2 });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-cli-test-'));
  s = await studioSession(
    [
      {
        path: retail,
        cleaning: [
          { kind: 'drop_cancellations', column: 'InvoiceNo', prefix: 'C' },
          { kind: 'drop_missing', column: 'CustomerID' },
        ],
      },
    ],
    defaultSpec(['recency', 'frequency', 'monetary', 'tenure', 'aov']),
  );
});
afterAll(() => {
  s?.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('apply', () => {
  it('RFM on the CSV: every customer in the engine’s segment, the same digest', async () => {
    const seg = defaultSegmentsConfig();
    const cfg = write('rfm.json', sessionConfig(s, seg));
    const out = path.join(dir, 'rfm.csv');
    const r = await runCli(['apply', '--config', cfg, '--data', retail, '--out', out, '--json']);
    expect(r.stderr).toMatch(/\[\d\/\d\] features/);
    expect(r.code).toBe(0);
    const engine = engineAssignment(s, seg);
    expect(differences(engine, await readAssignment(out))).toEqual([]);
    expect(r.json).toMatchObject({ ok: true, command: 'apply', customers: engine.size });
    expect(r.json!.digest).toBe(assignmentDigest(engine));
    const counted = (r.json!.segments as { customers: number }[]).reduce(
      (a, x) => a + x.customers,
      0,
    );
    expect(counted).toBe(engine.size);
  });

  it('clusters from a Parquet copy under another name, written as Parquet', async () => {
    const seg = clusters(s, 4);
    const cfg = write('clusters.json', sessionConfig(s, seg));
    const parquet = path.join(dir, 'november.parquet');
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(
      `COPY (SELECT * FROM read_csv(${literal(retail)})) TO ${literal(parquet)} (FORMAT parquet)`,
    );
    conn.closeSync();
    const out = path.join(dir, 'clusters.parquet');
    const r = await runCli(['apply', '--config', cfg, '--data', parquet, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: retail-extract\.csv was matched to november\.parquet/);
    const engine = engineAssignment(s, seg);
    expect(differences(engine, await readAssignment(out))).toEqual([]);
    expect(r.json!.digest).toBe(assignmentDigest(engine));
  });

  it('two tables with hostile names, ordered rules, from a share link', async () => {
    const t = await studioSession(
      [
        {
          path: path.join(fixturesDir(), 'features-tx.csv'),
          roles: {
            select: 'customer_id',
            when: 'datetime',
            'order id': 'order_id',
            'a"b': 'quantity',
            'Price (£)': 'unit_price',
            cat: 'category',
          },
        },
        {
          path: path.join(fixturesDir(), 'features-customers.csv'),
          roles: { id: 'customer_id', 'Age (yrs)': 'measure', segment: 'category' },
        },
      ],
      {
        asOf: '2024-04-02',
        features: [
          ...defaultSpec().features,
          {
            id: 'age',
            kind: 'attribute_numeric',
            column: 'Age (yrs)',
            transform: { kind: 'none' },
            missing: 'median',
          },
        ],
      },
    );
    try {
      const seg: SegmentsConfig = {
        ...defaultSegmentsConfig(),
        method: 'rules',
        rules: {
          segments: [
            {
              id: 'old',
              name: "x'); DROP TABLE t; --",
              color: '#0072B2',
              definition: { kind: 'rule', when: { all: [{ feature: 'age', op: '>', value: 40 }] } },
            },
          ],
        },
      };
      const link = `https://studio.example/#${await encodeLinkFragment(sessionConfig(t, seg))}`;
      const out = path.join(dir, 'rules.csv');
      const data = ['features-customers.csv', 'features-tx.csv'].flatMap((f) => [
        '--data',
        path.join(fixturesDir(), f),
      ]);
      const r = await runCli(['apply', '--link', link, ...data, '--out', out, '--json']);
      expect(r.code).toBe(0);
      const engine = engineAssignment(t, seg);
      expect(differences(engine, await readAssignment(out))).toEqual([]);
      expect(r.json!.digest).toBe(assignmentDigest(engine));
      // Parquet copies: the cleaned rows are then views the features read through, joined
      // across both tables under the same hostile names.
      const conn = await (await DuckDBInstance.create(':memory:')).connect();
      const parquet = ['features-customers', 'features-tx'].map((f) => ({
        from: path.join(fixturesDir(), `${f}.csv`),
        to: path.join(dir, `${f}.parquet`),
      }));
      for (const { from, to } of parquet)
        await conn.run(
          `COPY (SELECT * FROM read_csv(${literal(from)})) TO ${literal(to)} (FORMAT parquet)`,
        );
      conn.closeSync();
      const fromParquet = await runCli([
        'apply',
        '--link',
        link,
        ...parquet.flatMap(({ to }) => ['--data', to]),
        '--out',
        path.join(dir, 'rules-parquet.csv'),
        '--json',
      ]);
      expect(fromParquet.code).toBe(0);
      expect(fromParquet.json!.digest).toBe(assignmentDigest(engine));
    } finally {
      t.db.close();
    }
  });

  it('a relative --data path is read from the folder the tool runs in', async () => {
    const cfg = write('rfm2.json', sessionConfig(s, defaultSegmentsConfig()));
    copyFileSync(retail, path.join(dir, 'retail-extract.csv'));
    const r = await runCli(
      ['apply', '--config', cfg, '--data', 'retail-extract.csv', '--out', 'here.csv', '--quiet'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/wrote .*here\.csv: \d+ customers/);
    expect((await readAssignment(path.join(dir, 'here.csv'))).size).toBe(s.inputs.n);
  });
});

describe('documented failures and exit codes (main in this process; the bin is run above and below)', () => {
  let good: string;
  beforeAll(() => {
    good = write('good.json', sessionConfig(s, defaultSegmentsConfig()));
  });
  const out = () => path.join(dir, 'x.csv');
  const cases: [string, () => string[], number, RegExp][] = [
    ['no command', () => [], 0, /Usage:/],
    ['an unknown command', () => ['segment'], 2, /unknown command "segment"/],
    ['an unknown option', () => ['apply', '--colour', 'red'], 2, /Unknown option '--colour'/],
    [
      'an option the command does not take',
      () => ['sql', '--config', good, '--data', retail],
      2,
      /sql does not take --data/,
    ],
    ['no --out', () => ['apply', '--config', good, '--data', retail], 2, /give --out/],
    [
      'an --out of unknown type',
      () => ['apply', '--config', good, '--data', retail, '--out', 'a.xlsx'],
      2,
      /must end in \.csv or \.parquet/,
    ],
    ['no config', () => ['apply', '--data', retail, '--out', out()], 2, /which config\?/],
    [
      'a bad dialect',
      () => ['sql', '--config', good, '--dialect', 'oracle'],
      2,
      /--dialect oracle is not known/,
    ],
    [
      'a bad --as-of',
      () => ['fit', '--config', good, '--data', retail, '--out', 'n.json', '--as-of', '2024-02-30'],
      2,
      /expected a date/,
    ],
    [
      'a missing config file',
      () => ['apply', '--config', path.join(dir, 'nope.json'), '--data', retail, '--out', out()],
      3,
      /cannot read the config .*no such file/,
    ],
    [
      'a config that is not JSON',
      () => [
        'apply',
        '--config',
        writeRaw('bad.json', '{"kind": "segment-studio/segmentation", '),
        '--data',
        retail,
        '--out',
        out(),
      ],
      3,
      /not a usable segmentation config/,
    ],
    [
      'a damaged link',
      () => ['apply', '--link', 'https://s.example/#c=AAAA', '--data', retail, '--out', out()],
      3,
      /cut off or damaged/,
    ],
    [
      'a missing data file',
      () => ['apply', '--config', good, '--data', path.join(dir, 'gone.csv'), '--out', out()],
      4,
      /--data .*gone\.csv: no such file/,
    ],
    [
      'an empty data file',
      () => [
        'apply',
        '--config',
        good,
        '--data',
        path.join(fixturesDir(), 'empty.csv'),
        '--out',
        out(),
      ],
      4,
      /empty/,
    ],
    [
      'an --out folder that does not exist',
      () => ['apply', '--config', good, '--data', retail, '--out', path.join(dir, 'no', 'x.csv')],
      5,
      /cannot write in .*no such folder/,
    ],
  ];
  for (const [name, args, code, message] of cases) {
    it(`${name}: exit ${code}`, async () => {
      const r = await runMain(args());
      expect(r.code).toBe(code);
      expect(code === 0 ? r.stdout : r.stderr).toMatch(message);
    });
  }

  it('a config the validator refuses: exit 3, every problem with its path, JSON too', async () => {
    const c = sessionConfig(s, defaultSegmentsConfig()) as StudioConfig;
    (c.segmentation.clusters as { k: unknown }).k = 'five';
    c.segmentation.rfm.segments[1].name = '<b>x</b>';
    const r = await runMain([
      'apply',
      '--config',
      write('invalid.json', c),
      '--data',
      retail,
      '--out',
      out(),
      '--json',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/2 problems/);
    expect(r.stderr).toMatch(/segmentation\.clusters\.k: expected a whole number/);
    expect(r.stderr).toMatch(/segmentation\.rfm\.segments\[1\]\.name: looks like HTML markup/);
    expect(r.json).toMatchObject({ ok: false, exitCode: 3 });
    expect((r.json!.details as string[]).length).toBe(2);
  });

  it('a config without a model: exit 3', async () => {
    const c = { ...sessionConfig(s, defaultSegmentsConfig()), model: null };
    const r = await runMain([
      'apply',
      '--config',
      write('nomodel.json', c),
      '--data',
      retail,
      '--out',
      out(),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/has no fitted model: compute the features in the studio/);
  });

  it('a file with other columns: exit 4, naming what differs', async () => {
    const r = await runMain([
      'apply',
      '--config',
      good,
      '--data',
      path.join(fixturesDir(), 'features-tx.csv'),
      '--out',
      out(),
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /features-tx\.csv does not have the columns of retail-extract\.csv.*missing InvoiceNo/,
    );
  });

  it('a file with the same name and a column of another type: exit 4', async () => {
    const other = path.join(dir, 'typed', 'retail-extract.csv');
    const text = readFileSync(retail, 'utf8').split('\n');
    text[1] = text[1].replace(/,6,/, ',six,');
    rmSync(path.dirname(other), { recursive: true, force: true });
    mkdirSync(path.dirname(other));
    writeFileSync(other, text.join('\n'));
    const r = await runMain(['apply', '--config', good, '--data', other, '--out', out()]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Quantity is VARCHAR where the config has BIGINT/);
  });
});

describe('sql, fit and report', () => {
  let pg: PgServer;
  beforeAll(() => {
    pg = startPostgres();
  });
  afterAll(() => pg?.stop());

  it('sql --dialect postgres: the script gives apply’s assignment on PostgreSQL', async () => {
    const config = sessionConfig(s, defaultSegmentsConfig());
    const cfg = write('pg.json', config);
    const r = await runCli(['sql', '--config', cfg, '--dialect', 'postgres']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^-- Segment Studio segmentation: RFM scores/);
    const onPg = runPostgres(pg, config, r.stdout, fixturesDir(), 'cli');
    expect(assignmentDigest(onPg)).toBe(
      assignmentDigest(engineAssignment(s, defaultSegmentsConfig())),
    );
  });

  it('fit at the config’s own as-of date gives back its model and clusters', async () => {
    const seg = clusters(s, 3);
    const config = sessionConfig(s, seg);
    const cfg = write('tofit.json', config);
    const out = path.join(dir, 'refit.json');
    const asOf = config.model!.spec.asOf;
    const r = await runCli([
      'fit',
      '--config',
      cfg,
      '--data',
      retail,
      '--out',
      out,
      '--as-of',
      asOf,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const refit = JSON.parse(readFileSync(out, 'utf8')) as StudioConfig;
    expect(refit.model!.customers).toBe(config.model!.customers);
    expect(refit.model!.quintiles).toEqual(config.model!.quintiles);
    refit.model!.transforms.columns.forEach((c, i) => {
      const was = config.model!.transforms.columns[i];
      for (const k of ['impute', 'mean', 'sd', 'min', 'max'] as const)
        if (typeof was[k] === 'number') expect(c[k]).toBeCloseTo(was[k] as number, 9);
    });
    const centroids = (x: StudioConfig) =>
      x.segmentation.clusters.segments.map(
        (g) => (g.definition as { centroids: number[][] }).centroids[0],
      );
    centroids(refit).forEach((c, i) =>
      c.forEach((v, j) => expect(v).toBeCloseTo(centroids(config)[i][j], 5)),
    );
    expect(refit.segmentation.clusters.segments.map((g) => g.id)).toEqual(
      seg.clusters.segments.map((g) => g.id),
    );
  });

  it('fit at a new date, then apply: the studio’s engine agrees on the refitted config', async () => {
    const cfg = write('tofit2.json', sessionConfig(s, defaultSegmentsConfig()));
    const out = path.join(dir, 'june.json');
    const r = await runCli([
      'fit',
      '--config',
      cfg,
      '--data',
      retail,
      '--out',
      out,
      '--as-of',
      '2011-06-01',
    ]);
    expect(r.code).toBe(0);
    const refit = JSON.parse(readFileSync(out, 'utf8')) as StudioConfig;
    expect(refit.model!.spec.asOf).toBe('2011-06-01');
    const june = await studioSession(
      [{ path: retail, cleaning: refit.dataset!.tables[0].cleaning }],
      refit.model!.spec,
    );
    try {
      const applied = await runCli([
        'apply',
        '--config',
        out,
        '--data',
        retail,
        '--out',
        path.join(dir, 'june.csv'),
        '--json',
      ]);
      expect(applied.code).toBe(0);
      expect(applied.json!.digest).toBe(
        assignmentDigest(engineAssignment(june, refit.segmentation)),
      );
    } finally {
      june.db.close();
    }
  });

  it('report: a static page with every segment, profiles and SVG charts, no script', async () => {
    const config = sessionConfig(s, defaultSegmentsConfig());
    config.segmentation.rfm.segments[0].name = 'Champions & "friends"';
    const out = path.join(dir, 'report.html');
    const r = await runCli([
      'report',
      '--config',
      write('report.json', config),
      '--data',
      retail,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html).toContain('Champions &amp; &quot;friends&quot;');
    expect(html.match(/<svg /g)?.length).toBe(2);
    for (const seg of config.segmentation.rfm.segments.slice(1))
      expect(html).toContain(seg.name.replace(/'/g, '&#39;'));
  });
});
