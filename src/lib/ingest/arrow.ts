/** Columns of plain JS values -> an Arrow table with one inferred type per column. */
import { vectorOf } from './vector';
import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMicrosecond,
  Utf8,
  makeVector,
  type Vector,
} from 'apache-arrow';

/** A named column of values read from a file (typed arrays are taken as they are). */
export interface RawColumn {
  name: string;
  values: ArrayLike<unknown>;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

type Kind = 'null' | 'bool' | 'int32' | 'int64' | 'float' | 'bigint' | 'date' | 'string' | 'nested';

function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'bigint';
    case 'number':
      if (!Number.isInteger(v)) return 'float';
      return v >= INT32_MIN && v <= INT32_MAX
        ? 'int32'
        : Number.isSafeInteger(v)
          ? 'int64'
          : 'float';
    case 'string':
      return 'string';
    default:
      return v instanceof Date ? 'date' : 'nested';
  }
}

/** The one kind a column gets, given the kinds of its values. */
function unify(kinds: Set<Kind>): Kind {
  kinds.delete('null');
  if (kinds.size === 0) return 'null';
  if (kinds.size === 1) return [...kinds][0];
  const numeric = ['int32', 'int64', 'float', 'bigint'] as const;
  if ([...kinds].every((k) => (numeric as readonly Kind[]).includes(k))) {
    if (kinds.has('float')) return 'float';
    return kinds.has('bigint') ? 'bigint' : 'int64';
  }
  return kinds.has('nested') ? 'nested' : 'string';
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'object') {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
  return String(v);
}

function mapValues<T>(values: ArrayLike<unknown>, f: (v: unknown) => T): T[] {
  const out = new Array<T>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f(values[i]);
  return out;
}

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** Fast path: typed arrays from columnar readers need no per-value inspection. */
function typedVector(values: ArrayLike<unknown>): Vector | undefined {
  if (values instanceof Float64Array || values instanceof Float32Array) {
    return makeVector(Float64Array.from(values));
  }
  if (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array) {
    return makeVector(Int32Array.from(values));
  }
  if (values instanceof Uint8Array || values instanceof Uint16Array) {
    return makeVector(Int32Array.from(values));
  }
  if (values instanceof BigInt64Array) return makeVector(values);
  return undefined;
}

/**
 * Builds one Arrow vector from a column of values and says how it was typed. Numbers become
 * Int32, Int64 (all safe integers) or Float64; bigints Int64 (Float64 if a decimal was mixed
 * in); booleans Bool; Dates a timestamp (or Date when all are midnight UTC); strings Utf8.
 * Objects and arrays become JSON text; mixed scalar kinds become text.
 */
export function buildVector(col: RawColumn): { vector: Vector; note?: string } {
  const typed = typedVector(col.values);
  if (typed) return { vector: typed };
  const kinds = new Set<Kind>();
  for (let i = 0; i < col.values.length; i++) kinds.add(kindOf(col.values[i]));
  const mixed = new Set(kinds);
  mixed.delete('null');
  const kind = unify(kinds);
  const v = col.values;
  switch (kind) {
    case 'bool':
      return {
        vector: vectorOf(
          mapValues(v, (x) => (isNull(x) ? null : Boolean(x))),
          new Bool(),
        ),
      };
    case 'int32':
      return {
        vector: vectorOf(
          mapValues(v, (x) => (isNull(x) ? null : Number(x))),
          new Int32(),
        ),
      };
    case 'int64':
    case 'bigint':
      return {
        vector: vectorOf(
          mapValues(v, (x) => (isNull(x) ? null : BigInt(x as number | bigint))),
          new Int64(),
        ),
      };
    case 'float':
      return {
        vector: vectorOf(
          mapValues(v, (x) => (isNull(x) ? null : Number(x))),
          new Float64(),
        ),
      };
    case 'date': {
      let allMidnight = true;
      const dates = mapValues(v, (x) => {
        if (!(x instanceof Date) || Number.isNaN(x.getTime())) return null;
        if (x.getTime() % 86_400_000 !== 0) allMidnight = false;
        return x;
      });
      return {
        vector: vectorOf(dates, allMidnight ? new DateDay() : new TimestampMicrosecond()),
      };
    }
    case 'nested':
      return {
        vector: vectorOf(mapValues(v, toText), new Utf8()),
        note: `column "${col.name}" holds nested values; they were stored as JSON text`,
      };
    case 'string':
      return {
        vector: vectorOf(mapValues(v, toText), new Utf8()),
        ...(mixed.size > 1
          ? { note: `column "${col.name}" mixes text and other values; all were stored as text` }
          : {}),
      };
    default:
      return {
        vector: vectorOf(
          mapValues(v, () => null),
          new Utf8(),
        ),
      };
  }
}

/**
 * Builds an Arrow table from named columns of equal length. Returns notes about columns whose
 * values had to be converted (for the load warnings).
 */
export function columnsToTable(columns: RawColumn[]): { table: Table; warnings: string[] } {
  const vectors: Record<string, Vector> = {};
  const warnings: string[] = [];
  for (const col of columns) {
    const { vector, note } = buildVector(col);
    vectors[col.name] = vector;
    if (note) warnings.push(note);
  }
  return { table: new Table(vectors), warnings };
}

/** Makes column names non-empty and unique (`name`, `name_2`, ...), keeping their order. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    const base = raw.trim() === '' ? `column${i}` : raw;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}
