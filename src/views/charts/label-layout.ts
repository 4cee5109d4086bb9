/**
 * Where to draw chart labels next to point markers (the scatter's centroid names) so that no two
 * labels overlap, none covers another marker, and all stay inside the chart.
 */

/** An axis-aligned box in pixels. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One label to place: its marker's centre and the label's text size. */
export interface LabelRequest {
  /** Marker centre. */
  x: number;
  y: number;
  /** Text width and height (ascent + descent) in pixels. */
  width: number;
  height: number;
}

/** Where a label was placed: its text position (x per `anchor`, y the baseline) and its box. */
export interface PlacedLabel {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
}

/** Layout settings: the area labels must stay in and the markers' radius. */
export interface LabelLayoutOptions {
  bounds: Box;
  /** Marker radius (including its stroke): labels keep clear of every marker. */
  radius: number;
  /** Gap between a marker and its label. */
  gap?: number;
  /** Share of the text height below the baseline (descenders). */
  descent?: number;
}

/** Average advance of a bold 11px sans-serif character: a fallback when text cannot be measured. */
export const CHAR_WIDTH_11PX_BOLD = 7;

/** A label's width estimated from its character count (generous, so estimates do not overlap). */
export function estimateTextWidth(text: string, charWidth = CHAR_WIDTH_11PX_BOLD): number {
  return text.length * charWidth;
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/**
 * A label whose box's top-left corner is at (left, top), pushed inside the bounds. Near an edge
 * the text is anchored at that edge, so a text wider than measured grows inwards, not out.
 */
function placeAt(
  left: number,
  top: number,
  r: LabelRequest,
  o: Required<LabelLayoutOptions>,
): PlacedLabel {
  const { bounds } = o;
  const x0 = clamp(left, bounds.x0, Math.max(bounds.x0, bounds.x1 - r.width));
  const y0 = clamp(top, bounds.y0, Math.max(bounds.y0, bounds.y1 - r.height));
  const box = { x0, y0, x1: x0 + r.width, y1: y0 + r.height };
  const baseline = box.y1 - r.height * o.descent;
  if (x0 <= bounds.x0) return { x: bounds.x0, y: baseline, anchor: 'start', box };
  if (box.x1 >= bounds.x1) return { x: bounds.x1, y: baseline, anchor: 'end', box };
  return { x: x0 + r.width / 2, y: baseline, anchor: 'middle', box };
}

/** Candidate spots for one label, best first: above, below, right, left, then further away. */
function candidates(r: LabelRequest, o: Required<LabelLayoutOptions>): PlacedLabel[] {
  const off = o.radius + o.gap;
  const cx = r.x - r.width / 2;
  const above = r.y - off - r.height;
  const below = r.y + off;
  const side = r.y - r.height / 2;
  const out = [
    placeAt(cx, above, r, o),
    placeAt(cx, below, r, o),
    placeAt(r.x + off, side, r, o),
    placeAt(r.x - off - r.width, side, r, o),
  ];
  for (let step = 1; step <= 6; step++) {
    const d = step * (r.height + 2);
    out.push(placeAt(cx, above - d, r, o), placeAt(cx, below + d, r, o));
    out.push(placeAt(r.x + off, side - d, r, o), placeAt(r.x + off, side + d, r, o));
    out.push(placeAt(r.x - off - r.width, side - d, r, o));
    out.push(placeAt(r.x - off - r.width, side + d, r, o));
  }
  return out;
}

/** How badly a candidate collides with placed labels (weighted most) and markers. */
function cost(box: Box, placed: readonly Box[], markers: readonly Box[]): number {
  let c = 0;
  for (const p of placed) c += overlapArea(box, p) * 4;
  for (const m of markers) c += overlapArea(box, m);
  return c;
}

/**
 * Places labels greedily in the given order: each takes its first candidate spot (above its
 * marker, else below, beside, or shifted further out) that overlaps neither a label placed
 * before it nor any marker; when every spot collides, the one that collides least.
 */
export function layoutLabels(
  requests: readonly LabelRequest[],
  options: LabelLayoutOptions,
): PlacedLabel[] {
  const o = { gap: 4, descent: 0.25, ...options };
  const markers = requests.map((r) => ({
    x0: r.x - o.radius,
    y0: r.y - o.radius,
    x1: r.x + o.radius,
    y1: r.y + o.radius,
  }));
  const placed: Box[] = [];
  return requests.map((r) => {
    let best: PlacedLabel | null = null;
    let bestCost = Infinity;
    for (const c of candidates(r, o)) {
      const k = cost(c.box, placed, markers);
      if (k < bestCost) [best, bestCost] = [c, k];
      if (k === 0) break;
    }
    placed.push(best!.box);
    return best!;
  });
}
