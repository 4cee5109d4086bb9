/** Out-of-memory failures are recognised and turned into a message that points elsewhere. */
import { describe, expect, it } from 'vitest';
import { isMemoryError, tooLargeForTab } from '../../src/lib/db/limits';

describe('data too large for the tab', () => {
  it('recognises the engines’ out-of-memory errors, and nothing else', () => {
    for (const e of [
      new Error(
        'Out of Memory Error: could not allocate block of size 256.0 KiB (3.9 GiB/3.9 GiB used)',
      ),
      new RangeError('Array buffer allocation failed'),
      new RangeError('Invalid typed array length: 4294967296'),
      new Error('RuntimeError: memory access out of bounds'),
      'WebAssembly.Memory.grow(): Maximum memory size exceeded',
    ])
      expect(isMemoryError(e)).toBe(true);
    for (const e of [
      new Error('Conversion Error: Could not convert string "x" to INT32'),
      new Error('Binder Error: column "x" not found'),
      new RangeError('Maximum call stack size exceeded'),
    ])
      expect(isMemoryError(e)).toBe(false);
  });

  it('points to the command-line tool and the SQL export', () => {
    const m = tooLargeForTab('These features');
    expect(m).toMatch(/^These features do not fit in this browser tab's memory/);
    expect(m).toMatch(/npx segment-studio apply --config segmentation\.json/);
    expect(m).toMatch(/download the SQL/);
  });
});
