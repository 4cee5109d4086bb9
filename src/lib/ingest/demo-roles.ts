import type { ColumnInfo } from './types';

/**
 * The demo tables' columns as inference finds them (a unit test keeps the two equal). The
 * studio uses these for its own generated data and skips the profiling scan at start-up.
 */
export const DEMO_COLUMNS: Record<'customers' | 'transactions', ColumnInfo[]> = {
  customers: [
    { name: 'customer_id', type: 'INTEGER', role: 'customer_id' },
    { name: 'age', type: 'INTEGER', role: 'measure' },
    { name: 'gender', type: 'VARCHAR', role: 'category' },
    { name: 'country', type: 'VARCHAR', role: 'category' },
    { name: 'signup_date', type: 'TIMESTAMP_MS', role: 'datetime', dateFormat: 'native' },
    { name: 'channel', type: 'VARCHAR', role: 'category' },
    { name: 'planted_group', type: 'VARCHAR', role: 'ignore' },
  ],
  transactions: [
    { name: 'order_id', type: 'VARCHAR', role: 'order_id' },
    { name: 'customer_id', type: 'INTEGER', role: 'customer_id' },
    { name: 'order_date', type: 'TIMESTAMP_MS', role: 'datetime', dateFormat: 'native' },
    { name: 'product_id', type: 'VARCHAR', role: 'category' },
    { name: 'category', type: 'VARCHAR', role: 'category' },
    { name: 'quantity', type: 'INTEGER', role: 'quantity' },
    { name: 'unit_price', type: 'DOUBLE', role: 'unit_price' },
  ],
};
