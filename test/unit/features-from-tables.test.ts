import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { generateDemo } from '../../src/lib/ingest/demo';
import { DEMO_COLUMNS } from '../../src/lib/ingest/demo-roles';
import { writeCleanedRelation, type RelationKind } from '../../src/lib/ingest/cleaned-relation';
import { computeFeatures } from '../../src/lib/features/compute';
import {
  defaultSpec,
  NO_CUSTOMER_TABLE,
  sourceFromTables,
  type SourceTable,
} from '../../src/lib/features/from-tables';
import type { FeatureSource } from '../../src/lib/features/source';

const table = (id: string, relationKind: RelationKind, label = id): SourceTable => ({
  id,
  label,
  view: `${id} (clean)`,
  allRowsView: `${id} (all rows)`,
  columns: DEMO_COLUMNS.transactions,
  relationKind,
});

describe('sourceFromTables', () => {
  it('reads stored tables and passthrough views directly, and copies other views', () => {
    const source = (kind: RelationKind) => sourceFromTables([table('tx', kind)], null, null);
    expect((source('passthrough') as FeatureSource).storedTables).toEqual([
      'tx (clean)',
      'tx (all rows)',
    ]);
    expect((source('table') as FeatureSource).storedTables).toEqual(['tx (clean)']);
    expect((source('view') as FeatureSource).storedTables).toBeUndefined();
  });

  it('builds features from a customer table alone when no table holds transactions', () => {
    const perCustomer: SourceTable = {
      ...table('wholesale', 'view', 'Wholesale customers'),
      columns: DEMO_COLUMNS.customers,
    };
    const source = sourceFromTables([perCustomer], null, null);
    expect(source).toEqual({
      customers: {
        relation: 'wholesale (clean)',
        customerId: 'customer_id',
        columns: [
          { name: 'age', kind: 'numeric' },
          { name: 'gender', kind: 'categorical' },
          { name: 'country', kind: 'categorical' },
          { name: 'signup_date', kind: 'date' },
          { name: 'channel', kind: 'categorical' },
        ],
      },
    });
    expect(sourceFromTables([], null, null)).toMatch(
      /^Load a customer table or a transactions file/,
    );
    const noIds: SourceTable = {
      ...table('tx', 'view', 'orders.csv'),
      columns: DEMO_COLUMNS.transactions.map((c) =>
        c.role === 'customer_id' ? { ...c, role: 'ignore' } : c,
      ),
    };
    expect(sourceFromTables([noIds], null, null)).toMatch(
      /^“orders\.csv” has no customer id column: set the role of the column that identifies customers/,
    );
  });

  it('leaves a customer-like table out when the customer table is set to none', () => {
    const tx = table('tx', 'view');
    const campaign: SourceTable = {
      ...table('campaign', 'view', 'campaign.csv'),
      columns: DEMO_COLUMNS.customers,
    };
    // Automatic: the per-customer file joins in (its ids become customers too).
    const auto = sourceFromTables([tx, campaign], null, null) as FeatureSource;
    expect(auto.customers?.relation).toBe('campaign (clean)');
    const none = sourceFromTables([tx, campaign], null, NO_CUSTOMER_TABLE) as FeatureSource;
    expect(none.transactions).toBe('tx (clean)');
    expect(none.customers).toBeUndefined();
    // Without transactions there is nothing else to read: it says so.
    expect(sourceFromTables([campaign], null, NO_CUSTOMER_TABLE)).toMatch(
      /^No table holds transactions, so the customer table is all/,
    );
  });

  it('gives the demo the same features from passthrough views as from cleaned copies', async () => {
    const db = await createNodeDb();
    const demo = generateDemo({ customers: 1500 });
    await db.insertArrow('tx', demo.transactions);
    const results = [];
    let previous: RelationKind | null = null;
    for (const store of [true, false]) {
      const forced = store
        ? DEMO_COLUMNS.transactions.map(({ normalFor: _n, ...c }) => c)
        : DEMO_COLUMNS.transactions;
      const kind = await writeCleanedRelation(db, 'tx', 'tx (clean)', forced, [], 1e6, previous);
      const wasAllRows = previous && 'view';
      await writeCleanedRelation(db, 'tx', 'tx (all rows)', forced, [], 1e6, wasAllRows, false);
      previous = kind;
      expect(kind).toBe(store ? 'table' : 'passthrough');
      const source = sourceFromTables([table('tx', kind)], null, null) as FeatureSource;
      const r = await computeFeatures(db, defaultSpec(), source, `f_${kind}`);
      const rows = await db.query(`SELECT * FROM "f_${kind}" ORDER BY customer_id`);
      results.push({ customers: r.customers, rows: rows.toArray().map((x) => x.toJSON()) });
    }
    expect(results[0].customers).toBe(1500);
    expect(results[1]).toEqual(results[0]);
  });
});
