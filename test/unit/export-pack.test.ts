import { describe, expect, it } from 'vitest';
import { Float64, Int64, Utf8, vectorFromArray, Table } from 'apache-arrow';
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
    const back = unpackBatch(structuredClone(packed, { transfer }), batch.numRows).map(asText);
    expect(back).toEqual(direct);
    expect(batchValues(batch, columns).map((c) => Array.from(c as ArrayLike<unknown>))).toEqual(
      direct,
    );
    expect(back[0]).toEqual(['C1', null, 'Zoë', '', 'plain']);
    expect(back[2]).toEqual([1, 2, null, 4, 5]);
  });

  it('gives a column with no NULL as a Float64Array, and reads a sliced batch from its start', () => {
    const batch = batchOf(['a', 'bb', 'ccc', 'dddd'], [1, 2, 3, 4], [1n, 2n, 3n, 4n]).slice(1, 3);
    const back = unpackBatch(packBatch(batch, columns).packed, batch.numRows);
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
