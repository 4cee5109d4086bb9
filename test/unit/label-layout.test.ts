import { describe, expect, it } from 'vitest';
import {
  estimateTextWidth,
  layoutLabels,
  type Box,
  type LabelRequest,
} from '../../src/views/charts/label-layout';

/** True when two boxes share any area. */
const intersects = (a: Box, b: Box): boolean =>
  a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const bounds: Box = { x0: 0, y0: 0, x1: 560, y1: 400 };
const label = (x: number, y: number, text: string): LabelRequest => ({
  x,
  y,
  width: estimateTextWidth(text),
  height: 13,
});
const inside = (b: Box) =>
  b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;

describe('centroid label layout', () => {
  it('puts a lone label centred above its marker', () => {
    const [p] = layoutLabels([label(280, 200, 'Loyal')], { bounds, radius: 10 });
    expect(p.anchor).toBe('middle');
    expect(p.x).toBe(280);
    expect(p.box.y1).toBeLessThanOrEqual(200 - 10);
  });

  it('separates the labels of nearby markers (the reviewer’s overlapping pair)', () => {
    const reqs = [
      label(271, 233, 'Recent · Low frequency'),
      label(332, 245, 'High frequency · Low monetary'),
      label(263, 95, 'Lapsed · High monetary'),
      label(406, 118, 'High monetary · High frequency'),
    ];
    const placed = layoutLabels(reqs, { bounds, radius: 10 });
    for (let i = 0; i < placed.length; i++) {
      expect(inside(placed[i].box)).toBe(true);
      for (let j = i + 1; j < placed.length; j++)
        expect(intersects(placed[i].box, placed[j].box)).toBe(false);
    }
  });

  it('never covers another marker when there is room elsewhere', () => {
    const reqs = [label(200, 200, 'First segment'), label(200, 175, 'Second segment')];
    const placed = layoutLabels(reqs, { bounds, radius: 10 });
    const marker = (r: LabelRequest): Box => ({
      x0: r.x - 10,
      y0: r.y - 10,
      x1: r.x + 10,
      y1: r.y + 10,
    });
    for (const p of placed) for (const r of reqs) expect(intersects(p.box, marker(r))).toBe(false);
  });

  it('keeps labels at the edges inside, anchored at the edge they touch', () => {
    const reqs = [
      label(3, 200, 'Lapsed · Low frequency'),
      label(557, 300, 'High monetary · High frequency'),
      label(280, 2, 'At the top'),
      label(280, 398, 'At the bottom'),
    ];
    const placed = layoutLabels(reqs, { bounds, radius: 10 });
    for (const p of placed) expect(inside(p.box)).toBe(true);
    expect(placed[0]).toMatchObject({ anchor: 'start', x: 0 });
    expect(placed[1]).toMatchObject({ anchor: 'end', x: 560 });
    expect(placed[2].box.y0).toBeGreaterThan(2);
  });

  it('places many crowded labels without overlaps while there is room', () => {
    const reqs = Array.from({ length: 8 }, (_, i) =>
      label(280 + (i % 2) * 6, 200 + i * 3, `Segment ${i + 1}`),
    );
    const placed = layoutLabels(reqs, { bounds, radius: 10 });
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(intersects(placed[i].box, placed[j].box)).toBe(false);
  });
});
