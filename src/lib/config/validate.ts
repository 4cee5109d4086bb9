/**
 * Validation of an untrusted config (a file the user opens, a share link): every problem is
 * reported with its path, nothing in it is ever executed, and what passes is a StudioConfig the
 * studio, the compiler and the command-line tool can use as it is.
 */
import { NO_CUSTOMER_TABLE } from '../features/from-tables';
import { COLUMN_ROLES, DATE_FORMATS } from '../ingest/types';
import { LEVELS_MAX } from '../ingest/levels';
import {
  checkSpec,
  isIsoDate,
  MISSING_POLICIES,
  specColumns,
  specLevels,
  TRANSFORM_KINDS,
} from '../features/spec';
import type { FeatureSpec } from '../features/spec';
import { Checker, formatProblems, join, type Obj, type Problem } from '../problems';
import { migrate } from './migrate';
import { CURRENCY_CODES, isCurrencyCode } from '../currency';
import { CONFIG_KIND, CONFIG_VERSION, TABLE_FORMATS, type StudioConfig } from './schema';
import { isRawType } from './types';
import type { SegmentsConfig } from '../segment/config';
import { columnOfKind } from '../segment/columns';
import { rfmColumnNames } from '../segment/inputs';
import { checkFourCuts, checkSegmentation, type KnownColumns } from './validate-segments';

/** Largest config file the studio reads (a config is kilobytes; this leaves room for k = 50). */
export const MAX_CONFIG_BYTES = 5_000_000;

/** A config that passed, or every problem found. */
export type ConfigCheck =
  | { ok: true; config: StudioConfig; migratedFrom: number | null }
  | { ok: false; problems: Problem[] };

/** A refused config: the problems with their paths. */
export class ConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(formatProblems(problems, 5));
    this.name = 'ConfigError';
  }
}

/** Parses config text (a file's contents) and checks it. */
export function parseConfig(text: string): ConfigCheck {
  if (text.length > MAX_CONFIG_BYTES) {
    const mb = (text.length / 1e6).toFixed(1);
    return fail('', `the file is ${mb} MB; a segmentation config is at most 5 MB`);
  }
  if (text.trim() === '') return fail('', 'the file is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const cut = /end of (json )?input|unterminated/i.test(why) ? ' (it looks cut off)' : '';
    return fail('', `not valid JSON${cut}: ${why}`);
  }
  return checkConfig(value);
}

/** Checks a parsed value: migrates old versions, then checks every field. */
export function checkConfig(value: unknown): ConfigCheck {
  const migrated = migrate(value);
  if ('problem' in migrated) return { ok: false, problems: [migrated.problem] };
  const c = new Checker();
  const o = c.object(migrated.value, '', [
    'kind',
    'version',
    'dataset',
    'features',
    'segmentation',
    'model',
    'currency',
    'meta',
  ]);
  if (!o) return { ok: false, problems: c.problems };
  if (o.kind !== CONFIG_KIND) c.add('kind', `expected "${CONFIG_KIND}"`);
  if (o.version !== CONFIG_VERSION) c.add('version', `expected ${CONFIG_VERSION}`);
  if (o.dataset !== null) checkDataset(c, o.dataset);
  const features = o.features === null ? null : specOf(c, o.features, 'features');
  const model = o.model === null ? null : checkModel(c, o.model, features);
  checkSegmentation(c, o.segmentation, 'segmentation', model ? knownColumns(model) : null);
  if (model && c.ok && (o.segmentation as SegmentsConfig).method === 'rfm') {
    const seg = o.segmentation as SegmentsConfig;
    const raw = specColumns(model.spec);
    const kind = (k: 'recency' | 'frequency' | 'monetary') => columnOfKind(model.spec, raw, k);
    const [r, f, m] = [kind('recency'), kind('frequency'), kind('monetary')];
    if (!rfmColumnNames(r && f && m ? { r, f, m } : null, seg.rfm.columns))
      c.add(
        'segmentation.rfm.columns',
        'RFM needs recency, frequency and monetary: add those features, or name the columns to score',
      );
  }
  if (o.currency !== undefined && o.currency !== null && !isCurrencyCode(o.currency))
    c.add(
      'currency',
      `expected null or a currency code such as "EUR", "GBP" or "USD" (one of ${CURRENCY_CODES.join(', ')})`,
    );
  if (o.meta !== undefined) {
    const meta = c.object(o.meta, 'meta', ['app', 'savedAt']);
    if (meta?.app !== undefined) c.text(meta.app, 'meta.app', 200);
    if (meta?.savedAt !== undefined) c.text(meta.savedAt, 'meta.savedAt', 100);
  }
  if (!c.ok) return { ok: false, problems: c.problems };
  return { ok: true, config: o as unknown as StudioConfig, migratedFrom: migrated.from };
}

/** Like `checkConfig`, but throws ConfigError; for callers that already trust the source. */
export function validateConfig(value: unknown): StudioConfig {
  const r = checkConfig(value);
  if (!r.ok) throw new ConfigError(r.problems);
  return r.config;
}

const fail = (path: string, message: string): ConfigCheck => ({
  ok: false,
  problems: [{ path, message }],
});

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function specOf(c: Checker, v: unknown, path: string): FeatureSpec | undefined {
  const r = checkSpec(v);
  for (const p of r.problems) c.add(p.path === 'spec' ? path : join(path, p.path), p.message);
  return r.spec ?? undefined;
}

function checkDataset(c: Checker, v: unknown): void {
  const o = c.object(v, 'dataset', ['tables', 'transactions', 'customers']);
  if (!o) return;
  const tables = c.list(o.tables, 'dataset.tables', 50) ?? [];
  const ids = new Set<string>();
  tables.forEach((t, i) => {
    const id = checkTable(c, t, `dataset.tables[${i}]`);
    if (id !== undefined) {
      if (ids.has(id)) c.add(`dataset.tables[${i}].id`, `duplicate table id "${id}"`);
      ids.add(id);
    }
  });
  for (const part of ['transactions', 'customers'] as const) {
    const ref = o[part];
    if (ref === null || (part === 'customers' && ref === NO_CUSTOMER_TABLE)) continue;
    const id = c.text(ref, `dataset.${part}`, 200);
    if (id !== undefined && !ids.has(id)) c.add(`dataset.${part}`, `no table has the id "${id}"`);
  }
}

function checkTable(c: Checker, v: unknown, path: string): string | undefined {
  const o = c.object(v, path, [
    'id',
    'file',
    'format',
    'reader',
    'rows',
    'hash',
    'columns',
    'cleaning',
    'oneRowPerCustomer',
  ]);
  if (!o) return undefined;
  if (o.oneRowPerCustomer !== undefined)
    c.boolean(o.oneRowPerCustomer, join(path, 'oneRowPerCustomer'));
  const id = c.text(o.id, join(path, 'id'), 200);
  c.text(o.file, join(path, 'file'), 500, true);
  const format = c.oneOf(o.format, join(path, 'format'), TABLE_FORMATS);
  c.integer(o.rows, join(path, 'rows'), 0, 1e13);
  if (
    o.hash !== undefined &&
    (typeof o.hash !== 'string' || !/^sha256-4m:[0-9a-f]{64}$/.test(o.hash))
  )
    c.add(join(path, 'hash'), 'expected "sha256-4m:" and 64 hexadecimal digits');
  if (format === 'csv') checkCsvReader(c, o.reader, join(path, 'reader'));
  else if (format === 'xlsx' && o.reader !== undefined) {
    const r = c.object(o.reader, join(path, 'reader'), ['sheet']);
    if (r) c.text(r.sheet, join(path, 'reader.sheet'), 200);
  } else if (o.reader !== undefined) c.add(join(path, 'reader'), `is not used for ${format} files`);
  const columns = c.list(o.columns, join(path, 'columns'), 5000) ?? [];
  if (columns.length === 0 && Array.isArray(o.columns))
    c.add(join(path, 'columns'), 'a table needs columns');
  const names = new Set<string>();
  columns.forEach((col, j) => {
    const at = join(join(path, 'columns'), j);
    const co = c.object(col, at, ['name', 'type', 'role', 'dateFormat', 'floatId', 'levels']);
    if (!co) return;
    const name = c.text(co.name, join(at, 'name'), 500, true);
    if (name !== undefined) {
      if (names.has(name)) c.add(join(at, 'name'), `duplicate column "${name}"`);
      names.add(name);
    }
    if (typeof co.type !== 'string' || !isRawType(co.type))
      c.add(join(at, 'type'), `${JSON.stringify(co.type)} is not a column type the studio reads`);
    c.oneOf(co.role, join(at, 'role'), COLUMN_ROLES);
    if (co.dateFormat !== undefined) c.oneOf(co.dateFormat, join(at, 'dateFormat'), DATE_FORMATS);
    if (co.floatId !== undefined) c.boolean(co.floatId, join(at, 'floatId'));
    if (co.levels !== undefined) checkLevels(c, co.levels, co.role, join(at, 'levels'));
  });
  const cleaning = c.list(o.cleaning, join(path, 'cleaning'), 50) ?? [];
  cleaning.forEach((ch, k) => checkCleaning(c, ch, join(join(path, 'cleaning'), k), names));
  return id;
}

/** An ordinal column's levels: 1 to LEVELS_MAX distinct non-empty texts, for role ordinal only. */
function checkLevels(c: Checker, v: unknown, role: unknown, path: string): void {
  if (role !== 'ordinal') {
    c.add(path, 'only an ordinal column has levels');
    return;
  }
  const levels = c.list(v, path, LEVELS_MAX);
  if (!levels) return;
  if (levels.length === 0) c.add(path, 'an ordinal column needs at least one level');
  const seen = new Set<string>();
  levels.forEach((l, i) => {
    const text = c.text(l, join(path, i), 500);
    if (text === undefined) return;
    if (text.trim() !== text)
      c.add(
        join(path, i),
        'a level is a value as the column holds it, without leading or trailing spaces',
      );
    if (seen.has(text)) c.add(join(path, i), `duplicate level ${JSON.stringify(text)}`);
    seen.add(text);
  });
}

function checkCsvReader(c: Checker, v: unknown, path: string): void {
  const r = c.object(v, path, [
    'delimiter',
    'header',
    'quote',
    'escape',
    'encoding',
    'dateFormat',
    'timestampFormat',
  ]);
  if (!r) return;
  c.oneOf(r.delimiter, join(path, 'delimiter'), [',', ';', '\t', '|']);
  c.boolean(r.header, join(path, 'header'));
  c.oneOf(r.quote, join(path, 'quote'), ['"']);
  c.oneOf(r.escape, join(path, 'escape'), ['"']);
  c.oneOf(r.encoding, join(path, 'encoding'), ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']);
  for (const k of ['dateFormat', 'timestampFormat'] as const) {
    if (r[k] === undefined) continue;
    if (typeof r[k] !== 'string' || !/^[%A-Za-z0-9 :/.,T-]{1,40}$/.test(r[k]))
      c.add(join(path, k), 'expected a date format such as "%d/%m/%Y"');
  }
}

const CLEANING_FIELDS: Record<string, string[]> = {
  drop_missing: ['column'],
  drop_negative: ['column'],
  drop_cancellations: ['column', 'prefix'],
  drop_zero_price: ['column'],
  drop_duplicates: [],
  drop_outliers: ['column', 'limit'],
  drop_future: ['column', 'asOf'],
  drop_implausible_dates: ['column'],
};

function checkCleaning(c: Checker, v: unknown, path: string, columns: Set<string>): void {
  const kinds = Object.keys(CLEANING_FIELDS);
  const kind = c.oneOf((v as Obj | null)?.kind, join(path, 'kind'), kinds);
  if (!kind) return;
  const o = c.object(v, path, ['kind', ...CLEANING_FIELDS[kind]]);
  if (!o) return;
  if (CLEANING_FIELDS[kind].includes('column')) {
    const col = c.text(o.column, join(path, 'column'), 500, true);
    if (col !== undefined && !columns.has(col))
      c.add(join(path, 'column'), `the table has no column "${col}"`);
  }
  if (kind === 'drop_cancellations') c.text(o.prefix, join(path, 'prefix'), 20);
  if (kind === 'drop_outliers') c.number(o.limit, join(path, 'limit'), 0);
  if (kind === 'drop_future') {
    const t = typeof o.asOf === 'string' ? Date.parse(o.asOf) : NaN;
    if (!Number.isFinite(t)) c.add(join(path, 'asOf'), 'expected a date such as "2011-12-10"');
  }
}

type ModelShape = { spec: FeatureSpec & { asOf: string }; transforms: { columns: Obj[] } };

function checkModel(
  c: Checker,
  v: unknown,
  features: FeatureSpec | null | undefined,
): ModelShape | undefined {
  const o = c.object(v, 'model', ['spec', 'transforms', 'quintiles', 'customers']);
  if (!o) return undefined;
  const before = c.problems.length;
  const spec = specOf(c, o.spec, 'model.spec');
  if (spec) {
    if (!isIsoDate(spec.asOf)) c.add('model.spec.asOf', 'a fitted model needs its as-of date');
    spec.features.forEach((f, i) => {
      const multi = f.kind === 'category_share' || f.kind === 'attribute_category';
      if (multi && !f.categories)
        c.add(`model.spec.features[${i}].categories`, 'a fitted model lists its categories');
    });
    if (features) {
      const ours = features.features.map((f) => `${f.id}:${f.kind}`).join(', ');
      const theirs = spec.features.map((f) => `${f.id}:${f.kind}`).join(', ');
      if (ours !== theirs)
        c.add(
          'model.spec',
          'was fitted for other features than `features` lists: compute the features again',
        );
    }
  }
  c.integer(o.customers, 'model.customers', 0, 1e12);
  const quintiles = c.object(
    o.quintiles,
    'model.quintiles',
    spec ? specColumns(spec).map((x) => x.name) : [],
  );
  for (const [name, cuts] of Object.entries(quintiles ?? {}))
    checkFourCuts(c, cuts, `model.quintiles[${JSON.stringify(name)}]`);
  const t = c.object(o.transforms, 'model.transforms', ['version', 'rows', 'columns']);
  if (!t) return undefined;
  if (t.version !== 1) c.add('model.transforms.version', 'expected 1');
  c.integer(t.rows, 'model.transforms.rows', 0, 1e12);
  const cols = c.list(t.columns, 'model.transforms.columns', 5000) ?? [];
  const expected = spec ? specColumns(spec).map((x) => x.name) : null;
  cols.forEach((col, i) => checkFitted(c, col, `model.transforms.columns[${i}]`));
  const got = cols.map((x) => (isObj(x) ? x.name : undefined));
  if (expected && expected.join('\u0000') !== got.join('\u0000'))
    c.add('model.transforms.columns', `expected the columns ${expected.join(', ')}`);
  // The model cross-checks the segments only when it is sound itself.
  return spec && c.problems.length === before
    ? { spec: spec as ModelShape['spec'], transforms: { columns: cols as Obj[] } }
    : undefined;
}

function checkFitted(c: Checker, v: unknown, path: string): void {
  const o = c.object(v, path, [
    'name',
    'feature',
    'category',
    'missing',
    'transform',
    'impute',
    'mean',
    'sd',
    'min',
    'max',
    'lo',
    'hi',
    'cuts',
  ]);
  if (!o) return;
  c.text(o.name, join(path, 'name'), 600);
  c.text(o.feature, join(path, 'feature'), 100);
  if (o.category !== undefined && o.category !== null)
    c.text(o.category, join(path, 'category'), 500);
  c.oneOf(o.missing, join(path, 'missing'), MISSING_POLICIES);
  const kind = c.oneOf(o.transform, join(path, 'transform'), TRANSFORM_KINDS);
  if (o.impute !== null) c.number(o.impute, join(path, 'impute'));
  const need = (k: string): void => {
    c.number(o[k], join(path, k));
  };
  if (kind === 'zscore') ['mean', 'sd'].forEach(need);
  if (kind === 'minmax') ['min', 'max'].forEach(need);
  if (kind === 'winsorize') ['lo', 'hi'].forEach(need);
  if (kind === 'rank') {
    const cuts = c.list(o.cuts, join(path, 'cuts'), 101);
    if (cuts && cuts.length !== 101) c.add(join(path, 'cuts'), 'expected 101 cut-points');
    cuts?.forEach((x, i) => c.number(x, join(join(path, 'cuts'), i)));
    if (
      cuts?.every((x, i) => typeof x === 'number' && (i === 0 || x >= (cuts[i - 1] as number))) ===
      false
    )
      c.add(join(path, 'cuts'), 'cut-points must not decrease');
  }
}

function knownColumns(model: ModelShape): KnownColumns {
  const raw = specColumns(model.spec).map((x) => x.name);
  const transformed = model.transforms.columns.flatMap((col) =>
    col.missing === 'indicator'
      ? [String(col.name), `${String(col.name)}__missing`]
      : [String(col.name)],
  );
  return { raw, transformed, levels: specLevels(model.spec) };
}
