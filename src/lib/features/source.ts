/** Where features are read from: relation names and what their columns mean. */

/**
 * Column names of the transactions relation by role. Either `amount`, or both `quantity` and
 * `unitPrice`, give the line value (`quantity * unitPrice`).
 */
export interface TransactionRoles {
  customerId: string;
  /** A DATE or TIMESTAMP column. */
  datetime: string;
  amount?: string;
  quantity?: string;
  unitPrice?: string;
  /** Without it an order is a distinct purchase timestamp. */
  orderId?: string;
  category?: string;
  product?: string;
}

/** How a customer-table attribute column is used. */
export type AttributeKind = 'numeric' | 'categorical' | 'date';

/** The optional customer table: one row per customer, attribute columns by kind. */
export interface CustomerSource {
  /** Relation (table or view) name. */
  relation: string;
  /** Its customer id column (joined to the transactions' customer id as text). */
  customerId: string;
  columns: { name: string; kind: AttributeKind }[];
}

/**
 * Everything the builders read. Relation and column names are always passed through ident().
 * Without `transactions` the features come from the customer table alone (attributes only).
 */
export interface FeatureSource {
  /** The cleaned transactions relation; absent when there is only a customer table. */
  transactions?: string;
  /** What the transactions' columns mean (present exactly when `transactions` is). */
  roles?: TransactionRoles;
  /**
   * All column names of `transactions`, needed to check custom expressions; computeFeatures()
   * fills it in with DESCRIBE when absent.
   */
  columns?: string[];
  customers?: CustomerSource;
  /**
   * The raw relation including cancellations, same column names and roles as `transactions`,
   * for `return_rate`. Without it returns are the negative-quantity (or negative-amount) lines
   * of `transactions` itself.
   */
  returnsRelation?: string;
  /** Transactions columns that may be customer attributes (see `tx_attribute`). */
  txAttributes?: { name: string; kind: 'numeric' | 'categorical' }[];
  /** Relations known to be stored tables (read directly, as a lookup would find). */
  storedTables?: readonly string[];
}

/** A source with a transactions table. */
export type TxSource = FeatureSource & { transactions: string; roles: TransactionRoles };

/** True when the source has a transactions table (else: a customer table alone). */
export function hasTransactions(source: FeatureSource): source is TxSource {
  return source.transactions !== undefined && source.roles !== undefined;
}
