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

/**
 * How a customer-table attribute column is used: a number, a category (text, codes, geography,
 * an ordinal with `levels`), a yes/no flag (normalised to 1/0, read as the category No/Yes) or a
 * date (its age at the as-of date).
 */
export type AttributeKind = 'numeric' | 'categorical' | 'flag' | 'date';

/** One attribute column of a customer table. */
export interface AttributeColumn {
  name: string;
  kind: AttributeKind;
  /** An ordinal's levels, lowest first, as the Data step orders them: its categories, in order. */
  levels?: string[];
}

/** The optional customer table: one row per customer, attribute columns by kind. */
export interface CustomerSource {
  /** Relation (table or view) name. */
  relation: string;
  /** Its customer id column (joined to the transactions' customer id as text). */
  customerId: string;
  columns: AttributeColumn[];
}

/** The labels a flag's 0 and 1 are read as when it is a category: index = the flag's value. */
export const FLAG_LABELS: readonly [string, string] = ['No', 'Yes'];

/** A transactions column offered as a customer attribute (see `tx_attribute`). */
export interface TxAttribute {
  name: string;
  kind: 'numeric' | 'categorical' | 'flag';
  /**
   * When the per-customer check ran: customers with a value, and how many of them have more
   * than one (the most frequent value is taken, ties to the latest line).
   */
  customers?: number;
  varying?: number;
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
  /**
   * Transactions columns that may be customer attributes (see `tx_attribute`): all of them by
   * role, or, once the per-customer check ran, those constant (or nearly) per customer.
   */
  txAttributes?: TxAttribute[];
  /** The transactions' flag columns (1/0), read as the category No/Yes by `tx_attribute`. */
  txFlags?: string[];
  /** Relations known to be stored tables (read directly, as a lookup would find). */
  storedTables?: readonly string[];
}

/** A source with a transactions table. */
export type TxSource = FeatureSource & { transactions: string; roles: TransactionRoles };

/** True when the source has a transactions table (else: a customer table alone). */
export function hasTransactions(source: FeatureSource): source is TxSource {
  return source.transactions !== undefined && source.roles !== undefined;
}
