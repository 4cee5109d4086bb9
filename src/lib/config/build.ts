/** Making a StudioConfig from what a session (or the command-line tool) has computed. */
import type { CleaningChoice } from '../ingest/cleaning';
import type { ColumnInfo } from '../ingest/types';
import type { FeatureSpec } from '../features/spec';
import type { FeatureResult } from '../features/compute';
import type { SegmentsConfig } from '../segment/config';
import { quintileCuts } from '../segment/rfm';
import {
  CONFIG_KIND,
  CONFIG_VERSION,
  type ColumnConfig,
  type FrozenModel,
  type StudioConfig,
  type TableConfig,
} from './schema';

/** A loaded table as the config records it. */
export interface TablePart {
  id: string;
  file: string;
  format: TableConfig['format'];
  reader?: TableConfig['reader'];
  rows: number;
  hash?: string | null;
  columns: readonly ColumnInfo[];
  cleaning: readonly CleaningChoice[];
  /** True when the quality checks found no customer id on more than one row. */
  oneRowPerCustomer?: boolean;
}

/** Everything a config is made of. */
export interface ConfigParts {
  tables: readonly TablePart[] | null;
  transactions: string | null;
  customers: string | null;
  features: FeatureSpec | null;
  segmentation: SegmentsConfig;
  model: FrozenModel | null;
  /** The currency the user chose (null: none); absent when it follows the data. */
  currency?: string | null;
  meta?: StudioConfig['meta'];
}

/** A column as the config keeps it: what was read and what the user made of it. */
function columnConfig(c: ColumnInfo): ColumnConfig {
  const out: ColumnConfig = { name: c.name, type: c.type, role: c.role };
  if (c.dateFormat) out.dateFormat = c.dateFormat;
  if (c.floatId) out.floatId = true;
  if (c.role === 'ordinal' && c.levels?.length) out.levels = [...c.levels];
  return out;
}

/** A plain JSON copy: no Svelte proxies, no shared objects with live state. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The config of a session. */
export function buildConfig(p: ConfigParts): StudioConfig {
  const dataset = p.tables
    ? {
        tables: p.tables.map((t) => {
          const table: TableConfig = {
            id: t.id,
            file: t.file,
            format: t.format,
            rows: t.rows,
            columns: t.columns.map(columnConfig),
            cleaning: plain([...t.cleaning]),
          };
          if (t.reader) table.reader = plain(t.reader);
          if (t.hash) table.hash = t.hash;
          if (t.oneRowPerCustomer) table.oneRowPerCustomer = true;
          return table;
        }),
        transactions: p.transactions,
        customers: p.customers,
      }
    : null;
  const config: StudioConfig = {
    kind: CONFIG_KIND,
    version: CONFIG_VERSION,
    dataset,
    features: p.features ? plain(p.features) : null,
    segmentation: plain(p.segmentation),
    model: p.model ? plain(p.model) : null,
  };
  if (p.currency !== undefined) config.currency = p.currency;
  if (p.meta) config.meta = { ...p.meta };
  return config;
}

/** The quintile cut-points of every raw column with at least one value (see FrozenModel). */
export function fitQuintiles(
  raw: Readonly<Record<string, ArrayLike<number>>>,
): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(raw)) {
    const q = quintileCuts(Float64Array.from(values));
    if (q.every(Number.isFinite)) out[name] = q;
  }
  return out;
}

/** The frozen model of a feature result (computed with fitted transforms). */
export function frozenModel(
  result: Pick<FeatureResult, 'resolved' | 'fitted' | 'customers' | 'asOf'>,
  quintiles: Record<string, number[]>,
): FrozenModel {
  return {
    spec: { ...plain(result.resolved), asOf: result.asOf },
    transforms: plain(result.fitted),
    quintiles: plain(quintiles),
    customers: result.customers,
  };
}
