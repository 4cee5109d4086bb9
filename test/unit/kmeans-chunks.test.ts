import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/random';
import { fit } from '../../src/lib/kmeans/kmeans';
import {
  addPartial,
  chunkCount,
  chunkRange,
  createPartial,
  lloydChunk,
  resetPartial,
  type ChunkPartial,
} from '../../src/lib/kmeans/chunks';
import { kmeansPlusPlus } from '../../src/lib/kmeans/init';
import { centresFromTotals, relocateEmptyClusters } from '../../src/lib/kmeans/lloyd';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import { sqDist, type FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { bytes } from './kmeans-helpers';

/** Lloyd with the chunks dealt to `workers` simulated workers, partials reduced in chunk order. */
function lloydOnWorkers(m: FeatureMatrix, init: Float64Array, k: number, workers: number) {
  const nChunks = chunkCount(m.n);
  const labels = new Int32Array(m.n).fill(-1);
  let C = Float64Array.from(init);
  let iterations = 0;
  for (; iterations < 500;) {
    iterations++;
    const partials: ChunkPartial[] = new Array(nChunks);
    // Worker w gets a contiguous block of chunks; blocks differ with the worker count.
    const per = Math.ceil(nChunks / workers);
    for (let w = 0; w < workers; w++) {
      for (let c = w * per; c < Math.min(nChunks, (w + 1) * per); c++) {
        const [a, b] = chunkRange(c, m.n);
        partials[c] = createPartial(k, m.d);
        lloydChunk(m.data, m.d, C, k, a, b, labels, partials[c]);
      }
    }
    const total = createPartial(k, m.d);
    resetPartial(total);
    for (const p of partials) addPartial(total, p);
    relocateEmptyClusters(m, C, labels, total);
    const next = new Float64Array(k * m.d);
    centresFromTotals(total, C, next);
    let shift = 0;
    for (let j = 0; j < k; j++) shift += sqDist(C, j, next, j, m.d);
    C = next;
    if (total.changed === 0 || shift <= 0) break;
  }
  return { labels, centroids: C, iterations };
}

describe('chunked reduction', () => {
  it('gives the same bytes on 1 and 3 simulated workers, and equals fit()', () => {
    const { matrix } = plantedClusters(50000, 5, 6, 21, 4, 2.5);
    expect(chunkCount(matrix.n)).toBeGreaterThanOrEqual(4);
    const it0 = kmeansPlusPlus(matrix, 6, createRng(8));
    let s = it0.next();
    while (!s.done) s = it0.next();
    const init = s.value;
    const one = lloydOnWorkers(matrix, init, 6, 1);
    const three = lloydOnWorkers(matrix, init, 6, 3);
    expect(one.iterations).toBeGreaterThan(2);
    expect(bytes(three.labels)).toEqual(bytes(one.labels));
    expect(bytes(three.centroids)).toEqual(bytes(one.centroids));
    for (const algorithm of ['lloyd', 'hamerly'] as const) {
      const r = fit(matrix, 6, { init, tol: 0, algorithm });
      expect(bytes(r.centroids)).toEqual(bytes(one.centroids));
      expect(bytes(r.labels)).toEqual(bytes(one.labels));
    }
  });
});
