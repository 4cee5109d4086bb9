/**
 * Layout of a two-column Sankey (segments at A on the left, at B on the right), done by hand:
 * nodes stacked in order with a gap, each link a band leaving its source below the previous
 * ones and entering its target likewise. Pure: the component only draws.
 */
import { linkHorizontal } from 'd3';
import type { SankeyLink, SankeyNode } from '../../lib/track/migration';

/** A placed node. */
export interface PlacedNode extends SankeyNode {
  x: number;
  y: number;
  height: number;
}

/** A placed link: its centre line (drawn with stroke-width = `width`). */
export interface PlacedLink extends SankeyLink {
  path: string;
  width: number;
}

/** Places nodes and links in a `width` x `height` box with `nodeWidth` bars and `gap` between. */
export function layoutSankey(
  data: { nodes: SankeyNode[]; links: SankeyLink[] },
  width: number,
  height: number,
  nodeWidth = 14,
  gap = 10,
): { nodes: PlacedNode[]; links: PlacedLink[] } {
  const sides = (['A', 'B'] as const).map((s) => data.nodes.filter((n) => n.side === s));
  const total = Math.max(1, ...sides.map((ns) => ns.reduce((t, n) => t + n.value, 0)));
  const most = Math.max(1, ...sides.map((ns) => ns.length));
  const k = Math.max(0, height - gap * (most - 1)) / total;
  const placed: PlacedNode[] = data.nodes.map((n) => ({ ...n, x: 0, y: 0, height: 0 }));
  for (const side of ['A', 'B'] as const) {
    let y = 0;
    placed.forEach((n) => {
      if (n.side !== side) return;
      n.x = side === 'A' ? 0 : width - nodeWidth;
      n.y = y;
      n.height = n.value * k;
      y += n.height + gap;
    });
  }
  const outY = placed.map((n) => n.y);
  const inY = placed.map((n) => n.y);
  const link = linkHorizontal();
  const links = data.links.map((l) => {
    const w = l.value * k;
    const s = placed[l.source];
    const t = placed[l.target];
    const y0 = outY[l.source] + w / 2;
    const y1 = inY[l.target] + w / 2;
    outY[l.source] += w;
    inY[l.target] += w;
    const path = link({ source: [s.x + nodeWidth, y0], target: [t.x, y1] }) ?? '';
    return { ...l, path, width: w };
  });
  return { nodes: placed, links };
}
