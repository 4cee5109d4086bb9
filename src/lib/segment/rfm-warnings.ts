/** Plain-language warnings for RFM segments that can never fire or match nobody. */
import { cellIndex, inBox, rfmOwnerTable } from './rfm';
import type { SegmentDef } from './model';

function cellsOf(s: SegmentDef): number[] {
  const out: number[] = [];
  if (s.definition.kind !== 'rfm') return out;
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++)
        if (s.definition.boxes.some((b) => inBox(b, r, f, m))) out.push(cellIndex(r, f, m));
  return out;
}

/**
 * One sentence per problem: a segment whose score cells are all taken by earlier segments (it can
 * never fire, whatever the data), or one that matches nobody in this data.
 */
export function rfmShadowWarnings(
  segments: readonly SegmentDef[],
  counts: Int32Array | null,
): string[] {
  const owner = rfmOwnerTable(segments);
  const out: string[] = [];
  segments.forEach((s, j) => {
    const cells = cellsOf(s);
    const owners = new Set(cells.map((c) => owner[c]));
    if (cells.length === 0) out.push(`"${s.name}" has an empty score range.`);
    else if (!owners.has(j)) {
      const names = [...owners].sort((a, b) => a - b).map((o) => `"${segments[o].name}"`);
      out.push(
        `"${s.name}" can never match: every score it covers is taken first by ${names.join(', ')}. Move it up or narrow those.`,
      );
    } else if (counts && counts[j] === 0) {
      out.push(`"${s.name}" matches nobody in this data.`);
    }
  });
  return out;
}
