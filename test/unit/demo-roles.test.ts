import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { generateDemo } from '../../src/lib/ingest/demo';
import { inferColumns } from '../../src/lib/ingest/roles';
import { DEMO_COLUMNS } from '../../src/lib/ingest/demo-roles';

describe('demo column roles', () => {
  it('are exactly what inference finds on the generated tables', async () => {
    const db = await createNodeDb();
    const demo = generateDemo({ customers: 2000 });
    await db.insertArrow('customers', demo.customers);
    await db.insertArrow('transactions', demo.transactions);
    expect((await inferColumns(db, 'customers')).columns).toEqual(DEMO_COLUMNS.customers);
    expect((await inferColumns(db, 'transactions')).columns).toEqual(DEMO_COLUMNS.transactions);
  });
});
