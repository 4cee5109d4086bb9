/**
 * Clusters on numbers and categories together (k-prototypes): the categorical side of the
 * clustering space, the prototypes a config's segments hold, and the canonical assignment.
 *
 * A segment stores its categorical prototype as level labels ("France"), not codes, so the config
 * reads as what it means; labels become codes here against the frozen levels of the features.
 */
import { createMixedMatrix, type MixedMatrix } from '../kmeans/mixed';
import { assignPrototypes } from '../kmeans/mixed-distance';
import { featureLabel } from './feature-label';
import type { ClusterCategories, SegmentDef } from './model';
import { SegmentError } from './error';

/** The categories clustered on: codes row-major (n x dc, -1 = missing) and each one's labels. */
export interface CategorySpace {
  cat: Int32Array;
  dc: number;
  columns: string[];
  levels: (readonly string[])[];
}

const cache = new WeakMap<object, Map<string, CategorySpace>>();

/**
 * The chosen categories kept as levels (those the inputs have, in the order given), as one
 * row-major block of codes; undefined when none of them is there. Cached per inputs.
 */
export function categorySpace(
  inputs: {
    n: number;
    categories?: { levels: Record<string, readonly string[]>; codes: Record<string, Int32Array> };
  },
  features: readonly string[],
): CategorySpace | undefined {
  const cats = inputs.categories;
  if (!cats) return undefined;
  const columns = features.filter((f) => cats.codes[f]);
  if (columns.length === 0) return undefined;
  const key = columns.join('\u0000');
  let byKey = cache.get(cats);
  if (!byKey) cache.set(cats, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const dc = columns.length;
  const cat = new Int32Array(inputs.n * dc);
  columns.forEach((f, l) => {
    const codes = cats.codes[f];
    for (let i = 0; i < inputs.n; i++) cat[i * dc + l] = codes[i];
  });
  const space = { cat, dc, columns, levels: columns.map((f) => cats.levels[f]) };
  byKey.set(key, space);
  return space;
}

/** The numbers and categories of every customer as the k-prototypes engine reads them. */
export function mixedMatrix(
  num: { matrix: Float32Array; d: number; columns: readonly string[] },
  cats: CategorySpace,
  n: number,
): MixedMatrix {
  return createMixedMatrix(
    num.matrix,
    cats.cat,
    n,
    num.d,
    cats.dc,
    cats.levels.map((l) => l.length),
    num.columns,
    cats.columns,
  );
}

/** The categorical part of a cluster segment, or undefined for a k-means cluster. */
export const categoriesOf = (s: SegmentDef): ClusterCategories | undefined =>
  s.definition.kind === 'cluster' ? s.definition.categorical : undefined;

/** True when the segments are k-prototypes clusters (their first one has categories). */
export const isMixed = (segments: readonly SegmentDef[]): boolean =>
  segments.length > 0 && categoriesOf(segments[0]) !== undefined;

const list = (names: readonly string[]) => names.map((n) => `“${featureLabel(n)}”`).join(', ');

/**
 * The categorical prototypes of `segments` as codes (row-major, one row per centroid, in the
 * order the numeric centroids are listed) and their common gamma. Throws SegmentError when the
 * clusters were found on other categories, disagree with each other, or name a level the data
 * does not have.
 */
export function categoricalPrototypes(
  segments: readonly SegmentDef[],
  cats: CategorySpace | undefined,
): { cat: Int32Array; gamma: number } {
  const first = categoriesOf(segments[0]);
  if (!first) throw new SegmentError('These clusters have no categories.', 'method');
  const columns = cats?.columns ?? [];
  if (first.features.join('\u0000') !== columns.join('\u0000')) {
    throw new SegmentError(
      `The clusters were found on the categories ${list(first.features)}, not on ${columns.length ? list(columns) : 'none'}: tick those categories, or run k-prototypes again.`,
      'features',
    );
  }
  const codes: number[] = [];
  for (const s of segments) {
    const c = categoriesOf(s);
    if (!c || c.gamma !== first.gamma || c.features.join('\u0000') !== columns.join('\u0000'))
      throw new SegmentError(
        `“${s.name}” was clustered differently from “${segments[0].name}” (other categories or weight): run k-prototypes again.`,
        'features',
      );
    for (const mode of c.modes) {
      mode.forEach((label, l) => {
        const code = cats!.levels[l].indexOf(label);
        if (code < 0)
          throw new SegmentError(
            `“${s.name}” is centred on “${label}” for ${list([columns[l]])}, which this data does not have: run k-prototypes again.`,
            'features',
          );
        codes.push(code);
      });
    }
  }
  return { cat: Int32Array.from(codes), gamma: first.gamma };
}

/**
 * Every row's nearest prototype under the canonical mixed distance (squared distance on numbers
 * plus gamma per category mismatch; ties to the lowest index), mapped to its owning segment.
 */
export function assignMixed(
  m: MixedMatrix,
  prototypes: { num: Float64Array; cat: Int32Array; owner: Int32Array; k: number },
  gamma: number,
): Int32Array {
  const labels = assignPrototypes(m, prototypes, gamma);
  for (let i = 0; i < labels.length; i++) labels[i] = prototypes.owner[labels[i]];
  return labels;
}

/** The categorical part of cluster c of a fit: its modes as labels. */
export function fittedCategories(
  cat: Int32Array,
  c: number,
  cats: CategorySpace,
  gamma: number,
): ClusterCategories {
  const dc = cats.dc;
  const mode = Array.from(cat.subarray(c * dc, (c + 1) * dc), (code, l) => cats.levels[l][code]);
  return { features: cats.columns.slice(), modes: [mode], gamma };
}
