import { describe, expect, it } from 'vitest';
import { isValidUtf8, looksBinary, sniffFormat, transcodeToUtf8 } from '../../src/lib/ingest/sniff';
import { buildReadCsvSql, parseRecords, sniffCsv } from '../../src/lib/ingest/csv';
import { jsonErrorOffset, lineColumnAt } from '../../src/lib/ingest/json';
import { tableNameFor } from '../../src/lib/ingest/load';
import { toIngestError } from '../../src/lib/ingest/errors';

const enc = (s: string) => new TextEncoder().encode(s);

describe('sniffFormat', () => {
  it('uses magic bytes before the extension', () => {
    expect(sniffFormat(enc('PAR1....'), 'data.csv').format).toBe('parquet');
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 3, 4]), 'book.xlsx').format).toBe('xlsx');
  });
  it('tells JSON arrays, NDJSON, lone objects and CSV apart', () => {
    expect(sniffFormat(enc('  [{"a":1}]'), 'x.txt').format).toBe('json');
    expect(sniffFormat(enc('{"a":1}\n{"a":2}\n'), 'x.json').format).toBe('ndjson');
    expect(sniffFormat(enc('{\n  "a": 1\n}\n'), 'x.json').format).toBe('json');
    expect(sniffFormat(enc('{"a": 1}'), 'x.json').format).toBe('json');
    expect(sniffFormat(enc('a,b\n1,2\n'), 'x.json').format).toBe('csv');
  });
  it('recognises BOMs and invalid UTF-8', () => {
    expect(sniffFormat(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 'a.csv')).toMatchObject({
      encoding: 'utf-8',
      bomLength: 3,
    });
    expect(sniffFormat(new Uint8Array([0xff, 0xfe, 0x61, 0]), 'a.csv').encoding).toBe('utf-16le');
    expect(sniffFormat(new Uint8Array([0x61, 0xe9, 0x0a]), 'a.csv').encoding).toBe('windows-1252');
  });
  it('rejects blank text', () => {
    expect(() => sniffFormat(enc(' \n\n '), 'a.csv')).toThrow(/only blank space/);
  });
});

describe('byte checks', () => {
  it('allows a multi-byte character cut at the end of the sniffed chunk', () => {
    const euro = enc('ab€');
    expect(isValidUtf8(euro.subarray(0, euro.length - 1))).toBe(true);
    expect(isValidUtf8(new Uint8Array([0x61, 0xff, 0x61]))).toBe(false);
  });
  it('flags NULs and dense control characters as binary, not tabs and newlines', () => {
    expect(looksBinary(enc('a\tb\r\nc\n'))).toBe(false);
    expect(looksBinary(new Uint8Array([0x61, 0, 0x62]))).toBe(true);
    expect(looksBinary(new Uint8Array([1, 2, 3, 0x61, 0x62, 0x63]))).toBe(true);
  });
  it('maps Windows-1252 high bytes, including the ones Latin-1 lacks', () => {
    const out = transcodeToUtf8(
      new Uint8Array([0x80, 0x20, 0xa3, 0x93, 0xe9, 0x94]),
      'windows-1252',
    );
    expect(new TextDecoder().decode(out)).toBe('€ £“é”');
  });
  it('transcodes UTF-16 and drops its BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0, 0xe9, 0]);
    expect(new TextDecoder().decode(transcodeToUtf8(le, 'utf-16le'))).toBe('a,é');
  });
});

describe('CSV dialect', () => {
  it('splits records honouring quotes and reports start lines', () => {
    const r = parseRecords('a,b\r\n"x\ny",2\n\n3,"4"', ',', true);
    expect(r).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x\ny', '2'], line: 2 },
      { fields: ['3', '4'], line: 5 },
    ]);
  });
  it('drops a last line that may be cut off when the sample is partial', () => {
    expect(parseRecords('a,b\n1,2\n3,', ',', false)).toHaveLength(2);
  });
  it('detects a file without a header', () => {
    const d = sniffCsv('1,2.5,x\n2,3.5,y\n', true);
    expect(d.header).toBe(false);
    expect(d.columns).toEqual(['column0', 'column1', 'column2']);
  });
  it('detects a text-only header by unique names', () => {
    expect(sniffCsv('name,city\nann,paris\nbob,lyon\n', true).header).toBe(true);
  });
  it('prefers the delimiter with consistent field counts', () => {
    expect(sniffCsv('a;b;c\n1,5;2;3\n4;5,5;6\n', true).delimiter).toBe(';');
    expect(sniffCsv('a|b\n1|2\n', true).delimiter).toBe('|');
  });
  it('builds read_csv with every dialect choice explicit and the name as a literal', () => {
    const d = sniffCsv('a\tb\n1\t2\n', true);
    expect(buildReadCsvSql("it's.csv", d)).toBe(
      "read_csv('it''s.csv', delim='\t', header=true, quote='\"', escape='\"', skip=0, " +
        "comment='', ignore_errors=false, strict_mode=true, null_padding=false)",
    );
    expect(buildReadCsvSql('a.csv', d, { fullSample: true })).toMatch(
      /null_padding=false, sample_size=-1\)$/,
    );
  });
});

describe('JSON error positions', () => {
  it('finds the offset of the first syntax error', () => {
    expect(jsonErrorOffset('[1, 2]')).toBe(-1);
    expect(jsonErrorOffset('{"a": 1 "b": 2}')).toBe(8);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
  });
  it('converts an offset to a 1-based line and column', () => {
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('tableNameFor', () => {
  it('strips folders and the extension and keeps the name readable', () => {
    expect(tableNameFor('C:\\data\\Online Retail 2011.csv', new Set())).toBe('Online Retail 2011');
    expect(tableNameFor('x"; DROP TABLE t; --.csv', new Set())).toBe('x"; DROP TABLE t; --');
    expect(tableNameFor('.csv', new Set())).toBe('.csv');
    expect(tableNameFor('', new Set())).toBe('table');
  });
  it('de-duplicates case-insensitively with _2, _3', () => {
    const taken = new Set(['orders', 'Orders_2']);
    expect(tableNameFor('Orders.parquet', taken)).toBe('Orders_3');
  });
});

describe('toIngestError', () => {
  it('turns allocation failures into a too-large message', () => {
    const e = toIngestError(new RangeError('Array buffer allocation failed'), 'big.json');
    expect(e.code).toBe('too_large');
    expect(e.userMessage).toContain('too large');
  });
  it('keeps the first line of other errors', () => {
    const e = toIngestError(new Error('boom\nstack'), 'a.csv');
    expect(e.code).toBe('read_failed');
    expect(e.userMessage).toBe('"a.csv" could not be read: boom');
  });
});
