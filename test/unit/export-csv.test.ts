import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, neutralise, textCell } from '../../src/lib/export/csv';
import { csvRows, jsonLines } from '../../src/lib/export/formats';
import { fileNameProblem, segmentFilePart } from '../../src/lib/export/filename';
import { summaryCsv } from '../../src/lib/export/summary';
import { crc32, ZipWriter } from '../../src/lib/export/zip';
import { readZip } from './zip-read';

describe('neutralise (OWASP CSV injection)', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['=', "'="],
  ])('prefixes %j', (input, out) => expect(neutralise(input)).toBe(out));

  it.each(['plain', '-12.5', '+3', '-1e5', 'a=b', ' =1', '', "'quoted"])(
    'leaves %j alone',
    (input) => expect(neutralise(input)).toBe(input),
  );
});

describe('RFC 4180 fields', () => {
  it('quotes commas, quotes, CR and LF and doubles quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('plain text')).toBe('plain text');
  });
  it('neutralises before quoting, and writes null as empty', () => {
    expect(textCell('=1,2', true)).toBe(`"'=1,2"`);
    expect(textCell('\r=1', true)).toBe(`"'\r=1"`);
    expect(textCell('=1', false)).toBe('=1');
    expect(textCell(null, true)).toBe('');
  });
  it('writes a header and rows with CRLF; numbers are never neutralised', () => {
    const cols = [
      { name: 'id', kind: 'text' as const },
      { name: '=x', kind: 'text' as const },
      { name: 'v', kind: 'number' as const },
    ];
    expect(
      csvHeader(
        cols.map((c) => c.name),
        true,
      ),
    ).toBe(`id,'=x,v\r\n`);
    const text = csvRows(
      cols,
      [
        ['a', 'b'],
        ['@me', null],
        [-1.5, NaN],
      ],
      2,
      true,
    );
    expect(text).toBe(`a,'@me,-1.5\r\nb,,\r\n`);
    expect(csvRows(cols, [[], [], []], 0, true)).toBe('');
  });
});

describe('JSON Lines', () => {
  it('writes one object per line, non-finite numbers as null, text unneutralised', () => {
    const cols = [
      { name: 'id', kind: 'text' as const },
      { name: 'v', kind: 'number' as const },
    ];
    const text = jsonLines(
      cols,
      [
        ['=a"b', null],
        [2, Infinity],
      ],
      2,
    );
    expect(text).toBe('{"id":"=a\\"b","v":2}\n{"id":null,"v":null}\n');
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: '=a"b', v: 2 },
      { id: null, v: null },
    ]);
  });
});

describe('file names', () => {
  it.each([
    ['', /empty/],
    ['a/b', /cannot contain “\/”/],
    ['what?', /cannot contain “\?”/],
    ['tab\there', /control character/],
    ['CON', /reserves/],
    ['lpt1.csv', /reserves/],
    ['name.', /end with a dot/],
    ['x'.repeat(201), /longer than 200/],
  ])('refuses %j', (name, re) => expect(fileNameProblem(name)).toMatch(re));
  it('accepts ordinary names', () => {
    expect(fileNameProblem('segments 2026-12 (final)')).toBeNull();
    expect(fileNameProblem('Kundenliste_ä')).toBeNull();
  });
  it('makes per-segment parts that are valid file names', () => {
    expect(segmentFilePart(0, 'Champions')).toBe('01-Champions');
    expect(segmentFilePart(11, 'At risk / lapsed?')).toBe('12-At_risk_lapsed');
    expect(segmentFilePart(2, '...')).toBe('03-segment');
    expect(fileNameProblem(segmentFilePart(3, 'a:b*c<d>'))).toBeNull();
  });
});

describe('summary CSV', () => {
  it('writes one line per segment with feature means, names neutralised', () => {
    const text = summaryCsv(
      [
        { id: 's1', name: '=Top', count: 2, share: 0.5, valueShare: NaN, means: { m: 10 } },
        { id: 's2', name: 'Rest, all', count: 2, share: 0.5, valueShare: 0.25, means: {} },
      ],
      ['m'],
    );
    expect(text).toBe(
      'segment_id,segment_name,customers,share,value_share,mean_m\r\n' +
        `s1,'=Top,2,0.5,,10\r\n` +
        's2,"Rest, all",2,0.5,0.25,\r\n',
    );
  });
});

describe('ZIP of per-segment files', () => {
  it('computes CRC-32 and writes entries that read back, with descriptors', async () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const chunks: Uint8Array[] = [];
    let closed = false;
    const zip = new ZipWriter({
      write: async (b) => void chunks.push(b),
      close: async () => void (closed = true),
      abort: async () => undefined,
    });
    const names = ['seg-01-Champions.csv', 'seg-02-Ünïcode.csv'];
    for (const [i, name] of names.entries()) {
      const e = await zip.entry(name);
      await e.write(new TextEncoder().encode(`a,b\r\n`));
      await e.write(new TextEncoder().encode(`${i},x\r\n`));
      await e.close();
    }
    await zip.finish();
    expect(closed).toBe(true);
    const all = Buffer.concat(chunks);
    const files = readZip(all);
    expect([...files.keys()]).toEqual(names);
    expect(new TextDecoder().decode(files.get(names[1]))).toBe('a,b\r\n1,x\r\n');
    // The data descriptor carries the CRC the central directory repeats.
    const desc = all.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]));
    expect(all.readUInt32LE(desc + 4)).toBe(crc32(files.get(names[0])!));
  });
});
