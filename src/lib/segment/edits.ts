/**
 * Edits on a Segmentation. Every edit returns a new Segmentation and never mutates its input
 * (assignments are copied when they change). Locked segments keep their customers: merge, split and
 * reassignment refuse to move them.
 */
import {
  UNASSIGNED,
  indexById,
  uniqueId,
  type ClusterDef,
  type RfmRuleDef,
  type RuleDef,
  type SegmentDef,
  type Segmentation,
} from './model';
import { nextUnusedColor } from './palette';

/** Renames segment `id`. */
export function renameSegment(seg: Segmentation, id: string, name: string): Segmentation {
  return patch(seg, id, { name });
}

/** Recolours segment `id`. */
export function recolorSegment(seg: Segmentation, id: string, color: string): Segmentation {
  return patch(seg, id, { color });
}

/** Locks or unlocks segment `id`. */
export function setLocked(seg: Segmentation, id: string, locked: boolean): Segmentation {
  return patch(seg, id, { locked });
}

function patch(seg: Segmentation, id: string, p: Partial<SegmentDef>): Segmentation {
  const at = indexById(seg.segments, id);
  return { ...seg, segments: seg.segments.map((s, i) => (i === at ? { ...s, ...p } : s)) };
}

function refuseLocked(s: SegmentDef, what: string): void {
  if (s.locked) throw new Error(`Segment "${s.name}" is locked; unlock it to ${what} it`);
}

/** The union of two definitions of the same kind. */
export function combineDefinitions(
  a: SegmentDef['definition'],
  b: SegmentDef['definition'],
): SegmentDef['definition'] {
  if (a.kind === 'rfm' && b.kind === 'rfm')
    return { kind: 'rfm', boxes: [...a.boxes, ...b.boxes] } satisfies RfmRuleDef;
  if (a.kind === 'rule' && b.kind === 'rule')
    return { kind: 'rule', when: { any: [a.when, b.when] } } satisfies RuleDef;
  if (a.kind === 'cluster' && b.kind === 'cluster') {
    if (a.features.join('\u0000') !== b.features.join('\u0000')) {
      throw new Error('Cannot merge clusters built on different features');
    }
    return {
      kind: 'cluster',
      features: a.features,
      centroids: [...a.centroids, ...b.centroids],
    } satisfies ClusterDef;
  }
  throw new Error(`Cannot merge a ${a.kind} segment with a ${b.kind} segment`);
}

/**
 * Merges segment `otherId` into `keepId`: the kept segment keeps its id, name, colour and position
 * and its definition becomes the union; later indices shift down by one.
 */
export function mergeSegments(seg: Segmentation, keepId: string, otherId: string): Segmentation {
  if (keepId === otherId) throw new Error('Cannot merge a segment with itself');
  const keep = indexById(seg.segments, keepId);
  const other = indexById(seg.segments, otherId);
  refuseLocked(seg.segments[keep], 'merge');
  refuseLocked(seg.segments[other], 'merge');
  const remap = new Int32Array(seg.segments.length);
  for (let s = 0, next = 0; s < remap.length; s++) remap[s] = s === other ? -2 : next++;
  remap[other] = remap[keep];
  const assignment = seg.assignment.map((a) => (a >= 0 && a < remap.length ? remap[a] : a));
  const merged: SegmentDef = {
    ...seg.segments[keep],
    definition: combineDefinitions(seg.segments[keep].definition, seg.segments[other].definition),
  };
  const segments = seg.segments.flatMap((s, i) => (i === other ? [] : i === keep ? [merged] : [s]));
  return { ...seg, segments, assignment };
}

/**
 * Splits segment `id` using a sub-assignment from re-clustering its members: `sub` holds one part
 * index (0..parts.length-1) per member, in row order (or one per row, length n; non-members
 * ignored). Part 0 keeps the segment's place and id; the others are appended. `parts` supplies each
 * part's definition/name/colour; missing fields default to the original's, with fresh ids and
 * unused palette colours. A member with a part index out of range becomes UNASSIGNED.
 */
export function splitSegment(
  seg: Segmentation,
  id: string,
  sub: Int32Array,
  parts: Array<Partial<SegmentDef>>,
): Segmentation {
  const at = indexById(seg.segments, id);
  const orig = seg.segments[at];
  refuseLocked(orig, 'split');
  if (parts.length < 2) throw new Error('splitSegment: a split needs at least two parts');
  const n = seg.assignment.length;
  let members = 0;
  for (let i = 0; i < n; i++) if (seg.assignment[i] === at) members++;
  const byRow = sub.length === n;
  if (!byRow && sub.length !== members) {
    throw new Error(
      `splitSegment: sub-assignment has ${sub.length} entries, expected ${members} or ${n}`,
    );
  }
  const base = seg.segments.length;
  const assignment = seg.assignment.slice();
  for (let i = 0, m = 0; i < n; i++) {
    if (seg.assignment[i] !== at) continue;
    const p = byRow ? sub[i] : sub[m++];
    assignment[i] = p === 0 ? at : p > 0 && p < parts.length ? base + p - 1 : UNASSIGNED;
  }
  const ids = seg.segments.map((s) => s.id);
  const colors = seg.segments.map((s) => s.color);
  const made = parts.map((p, k): SegmentDef => {
    const sid = k === 0 ? orig.id : (p.id ?? uniqueId(`${orig.id}-${k + 1}`, ids));
    const color = k === 0 ? (p.color ?? orig.color) : (p.color ?? nextUnusedColor(colors));
    ids.push(sid);
    colors.push(color);
    return {
      id: sid,
      name: p.name ?? `${orig.name} ${k + 1}`,
      color,
      definition: p.definition ?? orig.definition,
      ...(p.locked ? { locked: true } : {}),
    };
  });
  const segments = seg.segments.map((s, i) => (i === at ? made[0] : s)).concat(made.slice(1));
  return { ...seg, segments, assignment };
}

/**
 * Nearest-centroid assignment over a row-major n x d matrix and k x d centroids (squared
 * Euclidean; NaN coordinates are skipped). With `locked` (1 = locked centroid) and `current`,
 * customers currently in a locked centroid stay, and nobody else may join one; if every centroid
 * is locked, unlocked customers keep their current value. Ties go to the lower index.
 */
export function nearestCentroid(
  matrix: Float32Array,
  n: number,
  d: number,
  centroids: Float64Array | Float32Array,
  k: number,
  locked?: Uint8Array,
  current?: Int32Array,
): Int32Array {
  if (matrix.length !== n * d) throw new Error('nearestCentroid: matrix length != n*d');
  if (centroids.length !== k * d) throw new Error('nearestCentroid: centroids length != k*d');
  if (locked && !current) throw new Error('nearestCentroid: locks need the current assignment');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cur = current ? current[i] : UNASSIGNED;
    if (locked && cur >= 0 && cur < k && locked[cur]) {
      out[i] = cur;
      continue;
    }
    let best = -1;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      if (locked && locked[c]) continue;
      let dist = 0;
      for (let j = 0; j < d; j++) {
        const diff = matrix[i * d + j] - centroids[c * d + j];
        if (diff === diff) dist += diff * diff;
      }
      if (dist < bestD) {
        bestD = dist;
        best = c;
      }
    }
    out[i] = best >= 0 ? best : cur;
  }
  return out;
}

/**
 * Moves centroid `centroidIndex` of cluster segment `id` and reassigns every unlocked customer to
 * its nearest centroid (a merged segment owns several). The matrix must be in the clustering space.
 */
export function moveCentroid(
  seg: Segmentation,
  id: string,
  centroid: number[],
  matrix: Float32Array,
  d: number,
  centroidIndex = 0,
): Segmentation {
  const at = indexById(seg.segments, id);
  refuseLocked(seg.segments[at], 'move');
  const segments = seg.segments.map((s, i) => {
    if (s.definition.kind !== 'cluster') throw new Error(`Segment "${s.name}" is not a cluster`);
    if (i !== at) return s;
    const centroids = s.definition.centroids.map((c, j) =>
      j === centroidIndex ? centroid.slice() : c,
    );
    return { ...s, definition: { ...s.definition, centroids } };
  });
  const owner: number[] = [];
  const flat: number[] = [];
  segments.forEach((s, i) => {
    for (const c of (s.definition as ClusterDef).centroids) {
      if (c.length !== d)
        throw new Error(`Segment "${s.name}": centroid has ${c.length} values, expected ${d}`);
      owner.push(i);
      flat.push(...c);
    }
  });
  const locked = Uint8Array.from(owner, (o) => (segments[o].locked ? 1 : 0));
  const n = seg.assignment.length;
  // Map each customer's segment to its first centroid slot so locks are honoured.
  const firstSlot = segments.map((_, i) => owner.indexOf(i));
  const current = seg.assignment.map((a) =>
    a >= 0 && a < segments.length ? firstSlot[a] : UNASSIGNED,
  );
  const slots = nearestCentroid(
    matrix,
    n,
    d,
    Float64Array.from(flat),
    owner.length,
    locked,
    current,
  );
  const assignment = slots.map((s) => (s >= 0 ? owner[s] : UNASSIGNED));
  return { ...seg, segments, assignment };
}
