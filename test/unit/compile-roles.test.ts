/**
 * The roles a customer table really has, as features, stay exact across engines: flags read as
 * No/Yes, an ordinal in the order the user set, categories and numbers, in rules and in
 * k-prototypes; and customer attributes read from order lines (a flag, a region). The in-memory
 * engine, native DuckDB and PostgreSQL give every customer the same segment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import type { SegmentDef } from '../../src/lib/segment/model';
import { defaultCustomerSpec, sourceFromTables } from '../../src/lib/features/from-tables';
import type { FeatureSpec } from '../../src/lib/features/spec';
import { startPostgres, type PgServer } from './pg-server';
import { fixturesDir } from './engines';
import {
  computeSession,
  expectSameEverywhere,
  kprotoSegmentation,
  loadFiles,
  sessionConfig,
  type Loaded,
  type Session,
} from './studio-path';

let pg: PgServer;
let schemas = 0;

const rule = (id: string, name: string, when: unknown): SegmentDef =>
  ({ id, name, color: '#0072B2', definition: { kind: 'rule', when } }) as SegmentDef;

const rules = (...segments: SegmentDef[]): SegmentsConfig => ({
  ...defaultSegmentsConfig(),
  method: 'rules',
  rules: { segments },
});

beforeAll(() => {
  pg = startPostgres();
});
afterAll(() => pg?.stop());

describe('telco customers: flags, an ordinal, categories and numbers', () => {
  let loaded: Loaded;
  let s: Session;
  beforeAll(async () => {
    loaded = await loadFiles([{ path: path.join(fixturesDir(), 'telco-customers.csv') }]);
    const source = sourceFromTables(loaded.sources, null, null);
    if (typeof source === 'string') throw new Error(source);
    s = await computeSession(loaded, defaultCustomerSpec(source));
  });
  afterAll(() => loaded?.db.close());

  it('rules on the ordinal and the flags agree everywhere (contract = Two year, partner = Yes)', async () => {
    const a = await expectSameEverywhere(
      pg,
      s,
      rules(
        rule('two-year', 'Two-year contracts', {
          all: [{ feature: 'contract', op: '=', value: 'Two year' }],
        }),
        rule('senior-partner', 'Senior with a partner', {
          all: [
            { feature: 'partner', op: '=', value: 'Yes' },
            { feature: 'seniorcitizen', op: 'in', value: ['Yes'] },
          ],
        }),
        rule('paper-free', 'Paperless, month to month', {
          all: [
            { feature: 'paperlessbilling', op: '!=', value: 'No' },
            { feature: 'contract', op: 'not in', value: ['One year', 'Two year'] },
          ],
        }),
      ),
      `r${++schemas}`,
    );
    expect(new Set(a.values()).size).toBe(4);
  });

  it('k-prototypes on numbers with the contract, flags and payment method agree everywhere', async () => {
    const seg = kprotoSegmentation(s, 3, ['contract', 'partner', 'paymentmethod', 'churn'], {
      seed: 7,
      nInit: 3,
    });
    const a = await expectSameEverywhere(pg, s, seg, `r${++schemas}`);
    expect(new Set(a.values()).size).toBe(3);
  });

  it('an ordinal reordered by the user keeps its order in the config, the codes and the SQL', async () => {
    const order = ['Two year', 'One year', 'Month-to-month'];
    const reorder = <T extends { columns: readonly { name: string }[] }>(t: T): T => ({
      ...t,
      columns: t.columns.map((c) => (c.name === 'Contract' ? { ...c, levels: order } : c)),
    });
    const mine: Loaded = {
      ...loaded,
      tables: loaded.tables.map(reorder),
      sources: loaded.sources.map(reorder),
    };
    const spec: FeatureSpec = { asOf: null, features: s.spec.features };
    const r = await computeSession(mine, spec);
    expect(r.inputs.categories!.levels.contract).toEqual([...order, '(other)']);
    const seg = rules(
      rule('one', 'One year', { all: [{ feature: 'contract', op: '=', value: 'One year' }] }),
    );
    const cfg = sessionConfig(r, seg);
    const col = cfg.dataset!.tables[0].columns.find((c) => c.name === 'Contract');
    expect(col?.levels).toEqual(order);
    await expectSameEverywhere(pg, r, seg, `r${++schemas}`);
    const kp = kprotoSegmentation(r, 2, ['contract'], { seed: 1, nInit: 2 });
    await expectSameEverywhere(pg, r, kp, `r${++schemas}`);
  });
});

describe('customer attributes read from order lines: a flag and a region', () => {
  let loaded: Loaded;
  let s: Session;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'roles-'));
    const lines = ['customer,ordered,amount,region,vip'];
    const regions = ['North', 'South', 'East', 'West'];
    for (let c = 1; c <= 120; c++) {
      const n = 1 + (c % 4);
      for (let j = 0; j < n; j++) {
        // Customer 7k moved: their later lines name another region (ties go to the latest).
        const region = regions[(c + (c % 7 === 0 ? j : 0)) % 4];
        const vip = c % 3 === 0 ? 'yes' : 'no';
        const day = String(1 + ((c * 3 + j * 5) % 28)).padStart(2, '0');
        lines.push(`C${c},2024-0${1 + (j % 6)}-${day},${(c * 7 + j * 13) % 90}.5,${region},${vip}`);
      }
    }
    writeFileSync(path.join(dir, 'orders-vip.csv'), `${lines.join('\n')}\n`);
    loaded = await loadFiles([
      {
        path: path.join(dir, 'orders-vip.csv'),
        roles: {
          customer: 'customer_id',
          ordered: 'datetime',
          amount: 'amount',
          region: 'geo',
          vip: 'flag',
        },
      },
    ]);
    const attr = (id: string, column: string) => ({
      id,
      kind: 'tx_attribute' as const,
      column,
      encoding: 'levels' as const,
      topN: 10,
      transform: { kind: 'none' as const },
      missing: 'keep' as const,
    });
    s = await computeSession(loaded, {
      asOf: null,
      features: [
        { id: 'recency', kind: 'recency', transform: { kind: 'none' }, missing: 'median' },
        { id: 'monetary', kind: 'monetary', transform: { kind: 'zscore' }, missing: 'median' },
        attr('vip', 'vip'),
        attr('region', 'region'),
      ],
    });
  });
  afterAll(() => loaded?.db.close());

  it('reads the flag as No/Yes and agrees everywhere on "vip = Yes and region = North"', async () => {
    expect(s.inputs.categories!.levels.vip).toEqual(['No', 'Yes', '(other)']);
    const a = await expectSameEverywhere(
      pg,
      s,
      rules(
        rule('vip-north', 'VIP in the North', {
          all: [
            { feature: 'vip', op: '=', value: 'Yes' },
            { feature: 'region', op: '=', value: 'North' },
          ],
        }),
        rule('vip', 'Other VIPs', { all: [{ feature: 'vip', op: '=', value: 'Yes' }] }),
      ),
      `r${++schemas}`,
      dir,
    );
    expect(new Set(a.values()).size).toBe(3);
  });

  it('k-prototypes on spend with the flag and the region agree everywhere', async () => {
    const seg = kprotoSegmentation(s, 3, ['vip', 'region'], { seed: 3, nInit: 2 });
    await expectSameEverywhere(pg, s, seg, `r${++schemas}`, dir);
  });
});

describe('a date as an age in years or a tenure in days', () => {
  let loaded: Loaded;
  let s: Session;
  beforeAll(async () => {
    // Roles as inferred: a signup date and an amount ("spend"), like order lines; the config
    // records that ids never repeat, so a script, too, reads it as the customer table.
    loaded = await loadFiles([{ path: path.join(fixturesDir(), 'customers-only.csv') }]);
    const age = (id: string, unit?: 'days' | 'years') => ({
      id,
      kind: 'attribute_date_age' as const,
      column: 'signup_date',
      ...(unit ? { unit } : {}),
      transform: { kind: 'none' as const },
      missing: 'median' as const,
    });
    s = await computeSession(loaded, {
      asOf: '2025-01-01',
      features: [age('tenure_days', 'days'), age('tenure_years')],
    });
  });
  afterAll(() => loaded?.db.close());

  it('counts whole days to the as-of date, and years as days / 365.25', async () => {
    const days = s.inputs.columns.tenure_days;
    const years = s.inputs.columns.tenure_years;
    for (let i = 0; i < s.inputs.n; i++) {
      expect(Number.isInteger(days[i])).toBe(true);
      expect(years[i]).toBeCloseTo(days[i] / 365.25, 9);
    }
  });

  it('is a customer table in the config and the script, not order lines', () => {
    expect(loaded.tables[0].columns.find((c) => c.name === 'spend')?.role).toBe('amount');
    const cfg = sessionConfig(s, defaultSegmentsConfig());
    expect(cfg.dataset!.tables[0].oneRowPerCustomer).toBe(true);
  });

  it('rules on the tenure in days agree everywhere', async () => {
    const sorted = Array.from(s.inputs.columns.tenure_days).sort((a, b) => a - b);
    const mid = sorted[Math.floor(sorted.length / 2)];
    const a = await expectSameEverywhere(
      pg,
      s,
      rules(
        rule('old', 'Signed up long ago', {
          all: [{ feature: 'tenure_days', op: '>=', value: mid }],
        }),
      ),
      `r${++schemas}`,
    );
    expect(new Set(a.values()).size).toBe(2);
  });
});
