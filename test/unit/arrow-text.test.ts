import { describe, expect, it } from 'vitest';
import { Int32, Utf8, vectorFromArray } from 'apache-arrow';
import { columnStrings } from '../../src/lib/db/arrow-text';

describe('columnStrings', () => {
  it('reads an ASCII column, across chunks and from a slice', () => {
    const a = vectorFromArray(['100001', '100002', 'C5'], new Utf8());
    const b = vectorFromArray(['x', '', 'yz'], new Utf8());
    const both = a.concat(b);
    expect(both.data.length).toBe(2);
    expect(columnStrings(both)).toEqual(['100001', '100002', 'C5', 'x', '', 'yz']);
    expect(columnStrings(both.slice(1, 5))).toEqual(['100002', 'C5', 'x', '']);
  });

  it('keeps NULLs as null and decodes non-ASCII text value by value', () => {
    const v = vectorFromArray(['Zoë', null, 'Ünal', 'plain'], new Utf8());
    expect(columnStrings(v)).toEqual(['Zoë', null, 'Ünal', 'plain']);
  });

  it('turns a non-text column into strings', () => {
    expect(columnStrings(vectorFromArray([7, null, -2], new Int32()))).toEqual(['7', null, '-2']);
  });
});
