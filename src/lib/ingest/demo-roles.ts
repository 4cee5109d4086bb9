import type { ColumnInfo } from './types';

/**
 * The demo tables' columns as inference finds them (a unit test keeps the two equal), plus
 * `normalFor` where the generator writes values already in normal form (ids as trimmed text,
 * times as TIMESTAMP). The studio uses these for its own generated data: no profiling scan at
 * start-up, and cleaned relations that read the stored tables without a copy.
 */
export const DEMO_COLUMNS: Record<'customers' | 'transactions', ColumnInfo[]> = {
  customers: [
    { name: 'customer_id', type: 'VARCHAR', role: 'customer_id', normalFor: 'customer_id' },
    { name: 'age', type: 'INTEGER', role: 'measure' },
    { name: 'gender', type: 'VARCHAR', role: 'category' },
    { name: 'country', type: 'VARCHAR', role: 'geo' },
    {
      name: 'signup_date',
      type: 'TIMESTAMP',
      role: 'datetime',
      dateFormat: 'native',
      normalFor: 'datetime',
    },
    { name: 'channel', type: 'VARCHAR', role: 'category' },
    { name: 'planted_group', type: 'VARCHAR', role: 'ignore' },
  ],
  transactions: [
    { name: 'order_id', type: 'VARCHAR', role: 'order_id', normalFor: 'order_id' },
    { name: 'customer_id', type: 'VARCHAR', role: 'customer_id', normalFor: 'customer_id' },
    {
      name: 'order_date',
      type: 'TIMESTAMP',
      role: 'datetime',
      dateFormat: 'native',
      normalFor: 'datetime',
    },
    { name: 'product_id', type: 'VARCHAR', role: 'category' },
    { name: 'category', type: 'VARCHAR', role: 'product_category' },
    { name: 'quantity', type: 'INTEGER', role: 'quantity' },
    { name: 'unit_price', type: 'DOUBLE', role: 'unit_price' },
  ],
};
