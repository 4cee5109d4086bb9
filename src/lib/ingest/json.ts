/** JSON (array of objects) and NDJSON -> Arrow, with line/column for syntax errors. */
import type { Table } from 'apache-arrow';
import { columnsToTable, uniqueNames } from './arrow';
import { IngestError } from './errors';

/** Line and column (1-based) of character offset `pos` in `text`. */
export function lineColumnAt(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/**
 * Offset of the first JSON syntax error in `text` (or -1 if it is valid). Engines word
 * JSON.parse errors differently and some give no position, so we find it ourselves.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const str = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text[i];
      if (c === '"') return void i++;
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? 'x')) i++;
        else fail();
      } else if (c < ' ') fail();
      else i++;
    }
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        ws();
        if (c === '{') {
          if (text[i] !== '"') fail();
          str();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    num();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (pos) {
    if (typeof pos === 'number') return Math.min(pos, text.length);
    throw pos;
  }
}

function syntaxError(
  fileName: string,
  text: string,
  lineOffset: number,
  cause: unknown,
): IngestError {
  const off = Math.max(0, jsonErrorOffset(text));
  const { line, column } = lineColumnAt(text, off);
  const at = line + lineOffset;
  const near = text.slice(Math.max(0, off - 20), off + 20).replace(/\s+/g, ' ');
  return new IngestError(
    'json_syntax',
    `"${fileName}" is not valid JSON: error at line ${at}, column ${column} (near "${near}").`,
    'Fix that spot (a missing comma, quote or bracket is the usual cause) or re-export the file.',
    { line: at, column, cause },
  );
}

function shapeError(fileName: string, what: string): IngestError {
  return new IngestError(
    'json_shape',
    `"${fileName}" ${what}`,
    'Load a JSON array of objects ([{"id": 1, ...}, ...]) or one JSON object per line (NDJSON).',
  );
}

/**
 * Parses JSON text into records. 'json' expects an array of objects (an object holding exactly
 * one array is unwrapped, any other object is one record, both with a warning); 'ndjson' expects one object per non-blank line.
 */
export function parseJsonRecords(
  text: string,
  kind: 'json' | 'ndjson',
  fileName = 'file',
): { records: Record<string, unknown>[]; warnings: string[] } {
  const warnings: string[] = [];
  if (kind === 'ndjson') {
    const records: Record<string, unknown>[] = [];
    const lines = text.split('\n');
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n].trim();
      if (line === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (e) {
        throw syntaxError(fileName, lines[n].replace(/\r$/, ''), n, e);
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        throw shapeError(fileName, `has a line that is not a JSON object (line ${n + 1}).`);
      }
      records.push(v as Record<string, unknown>);
    }
    return { records, warnings };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw syntaxError(fileName, text, 0, e);
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const arrays = Object.entries(data).filter(([, v]) => Array.isArray(v));
    if (arrays.length === 1) {
      warnings.push(`read the records from the "${arrays[0][0]}" array in the file`);
      data = arrays[0][1];
    } else {
      warnings.push('the file holds a single JSON object; it was read as one record');
      data = [data];
    }
  }
  if (!Array.isArray(data))
    throw shapeError(fileName, 'is a single JSON value, not a list of records.');
  const bad = data.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (bad >= 0)
    throw shapeError(fileName, `has an array element that is not an object (element ${bad + 1}).`);
  return { records: data as Record<string, unknown>[], warnings };
}

/**
 * Turns records into an Arrow table: columns are the union of keys in order of first
 * appearance, a missing key is null, and each column's type is inferred over all rows.
 */
export function recordsToTable(records: Record<string, unknown>[]): {
  table: Table;
  warnings: string[];
} {
  const keys = new Map<string, number>();
  for (const r of records) for (const k of Object.keys(r)) if (!keys.has(k)) keys.set(k, keys.size);
  const names = uniqueNames([...keys.keys()]);
  const columns = [...keys.keys()].map((k, c) => ({
    name: names[c],
    values: records.map((r) => (Object.hasOwn(r, k) ? r[k] : null)),
  }));
  return columnsToTable(columns);
}

/** Parses JSON/NDJSON text and builds the Arrow table; throws IngestError on bad input. */
export function readJson(
  text: string,
  kind: 'json' | 'ndjson',
  fileName = 'file',
): { table: Table; warnings: string[] } {
  const parsed = parseJsonRecords(text, kind, fileName);
  if (parsed.records.length === 0) {
    throw new IngestError(
      'no_rows',
      `"${fileName}" contains no records.`,
      'Choose a file with data.',
    );
  }
  const built = recordsToTable(parsed.records);
  if (built.table.numCols === 0) {
    throw shapeError(fileName, 'has only empty objects, so there are no columns.');
  }
  return { table: built.table, warnings: [...parsed.warnings, ...built.warnings] };
}
