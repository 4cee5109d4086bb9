import { describe, expect, it } from 'vitest';
import { Float64, Int64, Utf8, vectorFromArray, Table } from 'apache-arrow';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { parquetReadObjects } from 'hyparquet';
import { ParquetStream, parquetSchema } from '../../src/lib/export/parquet';
import {
  batchValues,
  packBatch,
  unpackBatch,
  type ParquetValues,
  type ExportColumn,
} from '../../src/lib/export/columns';

const columns: ExportColumn[] = [
  { name: 'id', kind: 'text' },
  { name: 'x', kind: 'number' },
  { name: 'big', kind: 'number' },
];

const decoder = new TextDecoder();
/** A column with UTF-8 bytes read back as strings. */
const asText = (col: ParquetValues[number]) =>
  Array.from(col as ArrayLike<unknown>, (v) => (v instanceof Uint8Array ? decoder.decode(v) : v));

function batchOf(ids: (string | null)[], xs: (number | null)[], bigs: (bigint | null)[]) {
  return new Table({
    id: vectorFromArray(ids, new Utf8()),
    x: vectorFromArray(xs, new Float64()),
    big: vectorFromArray(bigs, new Int64()),
  }).batches[0]!;
}

describe('packing a batch for the Parquet worker', () => {
  it('gives back the values batchValues reads, NULLs, non-ASCII text and 64-bit integers included', () => {
    const batch = batchOf(
      ['C1', null, 'Zoë', '', 'plain'],
      [1.5, null, -0, 3, NaN],
      [1n, 2n, null, 4n, 5n],
    );
    const { packed, transfer } = packBatch(batch, columns);
    expect(packed.map((p) => p.kind)).toEqual(['utf8', 'number', 'number']);
    const direct = batchValues(batch, columns).map((c) => Array.from(c as ArrayLike<unknown>));
    // Handed over as postMessage would (transferred), and the batch is still intact: every
    // buffer is a copy of its own.
    const back = unpackBatch(structuredClone(packed, { transfer }), batch.numRows, columns).map(
      asText,
    );
    expect(back).toEqual(direct);
    expect(batchValues(batch, columns).map((c) => Array.from(c as ArrayLike<unknown>))).toEqual(
      direct,
    );
    expect(back[0]).toEqual(['C1', null, 'Zoë', '', 'plain']);
    expect(back[2]).toEqual([1, 2, null, 4, 5]);
  });

  it('gives a column with no NULL as a Float64Array, and reads a sliced batch from its start', () => {
    const batch = batchOf(['a', 'bb', 'ccc', 'dddd'], [1, 2, 3, 4], [1n, 2n, 3n, 4n]).slice(1, 3);
    const back = unpackBatch(packBatch(batch, columns).packed, batch.numRows, columns);
    expect(back[1]).toBeInstanceOf(Float64Array);
    expect(Array.from(back[1] as Float64Array)).toEqual([2, 3]);
    expect(asText(back[0]!)).toEqual(['bb', 'ccc']);
  });

  it('sends a text column of another type as strings', () => {
    const batch = new Table({ id: vectorFromArray([7, 8], new Float64()) }).batches[0]!;
    const { packed } = packBatch(batch, [{ name: 'id', kind: 'text' }]);
    expect(packed[0]).toEqual({ kind: 'strings', values: ['7', '8'] });
  });
});

describe('a Parquet file from row groups encoded apart', () => {
  it('is byte for byte the file hyparquet-writer writes in one go', async () => {
    const cols: ExportColumn[] = [
      { name: 'customer_id', kind: 'text' },
      { name: 'segment_name', kind: 'text' },
      { name: 'monetary', kind: 'number' },
    ];
    const batch = (k: number): ParquetValues => [
      [`C${k}1`, `C${k}2`, null],
      ['Loyal', 'Zoë’s', 'Loyal'],
      k === 1 ? [1.5, null, 3] : new Float64Array([k, k + 0.25, -k]),
    ];
    const batches = [batch(0), batch(1), batch(2)];
    const chunks: Uint8Array[] = [];
    const sink = {
      write: async (b: Uint8Array) => void chunks.push(b),
      close: async () => undefined,
      abort: async () => undefined,
    };
    // Groups of at least 4 rows from batches of 3: one of 6 rows, then one of 3.
    const stream = new ParquetStream(cols, sink, 4);
    for (const b of batches) await stream.add(b, 3);
    await stream.end();

    const writer = new ByteWriter();
    const whole = new ParquetWriter({
      writer,
      schema: parquetSchema(cols),
      createdBy: 'Segment Studio (hyparquet-writer)',
    });
    const column = (j: number) => batches.flatMap((b) => Array.from(b[j] as ArrayLike<unknown>));
    void whole.write({
      columnData: cols.map((c, j) => ({ name: c.name, data: column(j) })),
      rowGroupSize: [6, 3],
    });
    void whole.finish();
    expect(Buffer.concat(chunks).equals(Buffer.from(writer.getBytes()))).toBe(true);
    const rows = await parquetReadObjects({ file: new Uint8Array(Buffer.concat(chunks)).buffer });
    expect(rows.map((r) => r.customer_id)).toEqual(column(0));
    expect(rows.map((r) => r.monetary)).toEqual(column(2));
  });
});
