import { describe, expect, it } from 'vitest';
import { defaultRfmSegments } from '../../src/lib/segment/config';
import type { SegmentDef } from '../../src/lib/segment/model';
import { assignRfm } from '../../src/lib/segment/rfm';
import { rfmShadowWarnings } from '../../src/lib/segment/rfm-warnings';
import { ruleShadows } from '../../src/lib/segment/shadow';
import { assignRules, type Rule } from '../../src/lib/segment/rules';

const box = (
  id: string,
  r: [number, number],
  f: [number, number],
  m: [number, number],
): SegmentDef => ({
  id,
  name: id,
  color: '#000',
  definition: { kind: 'rfm', boxes: [{ r, f, m }] },
});
const boxesOf = (segments: SegmentDef[]) =>
  segments.flatMap((s) => (s.definition.kind === 'rfm' ? s.definition.boxes : []));

describe('RFM warnings', () => {
  it('flags a box inside the union of earlier boxes, and an empty box', () => {
    const segments = [
      box('recent', [4, 5], [1, 5], [1, 5]),
      box('old', [1, 3], [1, 5], [1, 5]),
      box('champ', [5, 5], [5, 5], [5, 5]),
      box('span', [3, 4], [2, 2], [2, 2]),
      box('inverted', [3, 2], [1, 5], [1, 5]),
    ];
    expect(rfmShadowWarnings(segments, null)).toEqual([
      '"champ" can never match: every score it covers is taken first by "recent". Move it up or narrow those.',
      '"span" can never match: every score it covers is taken first by "recent", "old". Move it up or narrow those.',
      '"inverted" has an empty score range.',
    ]);
  });

  it('does not flag a partly covered box', () => {
    const segments = [box('a', [5, 5], [5, 5], [5, 5]), box('b', [4, 5], [5, 5], [5, 5])];
    expect(rfmShadowWarnings(segments, null)).toEqual([]);
  });

  it('the default segments: every one keeps at least one grid cell of its own', () => {
    // Checked by hand, e.g. Lost keeps (1,1,1); About To Sleep keeps (2,1,1); At Risk keeps (1,5,4).
    expect(rfmShadowWarnings(defaultRfmSegments(), null)).toEqual([]);
  });

  it('names a structurally live segment that matches nobody in this data', () => {
    const segments = [
      box('r5', [5, 5], [1, 5], [1, 5]),
      box('f5', [1, 5], [5, 5], [1, 5]),
      box('m1', [1, 2], [1, 1], [1, 1]),
    ];
    // every F5 customer is also R5, and nobody is R1-2 F1 M1
    const scores = {
      r: Uint8Array.of(5, 5, 3),
      f: Uint8Array.of(5, 1, 2),
      m: Uint8Array.of(1, 2, 3),
    };
    const { counts } = assignRfm(scores, boxesOf(segments));
    expect(rfmShadowWarnings(segments, counts)).toEqual([
      '"f5" matches nobody in this data.',
      '"m1" matches nobody in this data.',
    ]);
  });
});

describe('rule shadows on data', () => {
  it('general rules: shadowed by earlier rules, and empty', () => {
    const rules: Rule[] = [
      { id: 'big', name: 'Big', when: { feature: 'x', op: '>', value: 5 } },
      { id: 'odd', name: 'Odd', when: { feature: 'x', op: 'in', value: [1, 3] } },
      { id: 'bigger', name: 'Bigger', when: { feature: 'x', op: '>', value: 7 } },
      {
        id: 'either',
        name: 'Either',
        when: {
          any: [
            { feature: 'x', op: '>=', value: 9 },
            { feature: 'x', op: '=', value: 3 },
          ],
        },
      },
      { id: 'huge', name: 'Huge', when: { feature: 'x', op: '>', value: 1000 } },
    ];
    const frame = { columns: { x: Float64Array.of(1, 3, 6, 8, 9, NaN) } };
    const assignment = assignRules(rules, frame);
    expect([...assignment]).toEqual([1, 1, 0, 0, 0, 5]);
    expect(ruleShadows(rules, frame, assignment)).toEqual([
      { ruleId: 'bigger', kind: 'shadowed-on-data', byRuleIds: ['big'] },
      { ruleId: 'either', kind: 'shadowed-on-data', byRuleIds: ['big', 'odd'] },
      { ruleId: 'huge', kind: 'empty', byRuleIds: [] },
    ]);
  });
});
