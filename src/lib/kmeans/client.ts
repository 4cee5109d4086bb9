/**
 * Pool client for workers/kmeans.worker.ts. Needs only the `Worker` constructor: the caller
 * passes a factory, e.g. `() => new Worker(new URL('../../../workers/kmeans.worker.ts',
 * import.meta.url), { type: 'module' })`, so this file has no bundler or DOM dependency.
 * Different k values of a sweep run on different workers; each worker holds its own copy of the
 * matrix. Results do not depend on the number of workers (each k is a whole, deterministic fit).
 */
import * as Comlink from 'comlink';
import type { KMeansOptions, KMeansProgress, KMeansResult } from './types';
import type { FeatureMatrix } from './matrix';
import { recommendK, type Recommendation, type SweepEntry, type SweepOptions } from './sweep';
import { defaultPoolSize } from './pool-size';
import type { KMeansWorkerApi } from './worker-api';
import type { MixedMatrix } from './mixed';
import type { PrototypesOptions, PrototypesProgress, PrototypesResult } from './prototypes';
import type { PrototypesSweepEntry, PrototypesSweepOptions } from './prototypes-sweep';

/** A running call: its result, and a way to stop it (rejects with a KMeansCancelledError). */
export interface Job<T> {
  /** Settles with the result, or rejects with an error named 'KMeansCancelledError'. */
  result: Promise<T>;
  /** Asks the worker to stop at its next chunk boundary (well under 100 ms). */
  cancel: () => void;
}

/** Progress of one k in a sweep. */
export type SweepProgress = KMeansProgress & { k: number };

type Remote = Comlink.Remote<KMeansWorkerApi>;

/** A pool of k-means workers sharing one matrix (and one mixed matrix for k-prototypes). */
export class KMeansPool {
  private readonly workers: Worker[] = [];
  private readonly remotes: Remote[] = [];
  private nextJob = 1;

  /**
   * @param createWorker makes one worker running workers/kmeans.worker.ts
   * @param size number of workers (default: hardwareConcurrency - 1, at least 1)
   */
  constructor(createWorker: () => Worker, size = defaultPoolSize()) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = createWorker();
      this.workers.push(w);
      this.remotes.push(Comlink.wrap<KMeansWorkerApi>(w));
    }
  }

  /** Number of workers. */
  get size(): number {
    return this.remotes.length;
  }

  /** Sends a copy of the matrix to every worker (the caller's array is left intact). */
  async load(m: FeatureMatrix): Promise<void> {
    await Promise.all(
      this.remotes.map((r) => {
        const copy = m.data.slice();
        return r.load(Comlink.transfer(copy, [copy.buffer]), m.n, m.d, m.columns?.slice());
      }),
    );
  }

  /** Fits one k on the first worker. Options must not contain functions (use onProgress). */
  fit(
    k: number,
    options: Omit<KMeansOptions, 'onProgress' | 'shouldStop'> = {},
    onProgress?: (p: KMeansProgress) => void,
  ): Job<KMeansResult> {
    const job = this.nextJob++;
    const r = this.remotes[0];
    const cb = onProgress ? Comlink.proxy(onProgress) : undefined;
    return { result: r.fit(job, k, options, cb), cancel: () => void r.cancel(job) };
  }

  /** Fits and scores k = kMin..kMax, one k per call, spread over the workers. */
  sweep(
    kMin: number,
    kMax: number,
    options: Omit<SweepOptions, 'onProgress' | 'shouldStop'> = {},
    onProgress?: (p: SweepProgress) => void,
  ): Job<{ entries: SweepEntry[]; recommended: Recommendation }> {
    return this.spread(kMin, kMax, onProgress, (remote, job, k, cb) =>
      remote.sweepOne(job, k, options, cb),
    );
  }

  /**
   * Sends a copy of a mixed matrix to every worker (the caller's arrays are left intact). It
   * lives beside the numeric matrix of `load`; each kind of fit uses its own.
   */
  async loadMixed(m: MixedMatrix): Promise<void> {
    await Promise.all(
      this.remotes.map((r) => {
        const num = m.num.slice();
        const cat = m.cat.slice();
        const [numColumns, catColumns] = [m.numColumns?.slice(), m.catColumns?.slice()];
        return r.loadMixed(
          Comlink.transfer(num, [num.buffer]),
          Comlink.transfer(cat, [cat.buffer]),
          m.n,
          m.dn,
          m.dc,
          m.levels.slice(),
          numColumns,
          catColumns,
        );
      }),
    );
  }

  /** Fits k-prototypes for one k on the first worker. Options must not contain functions. */
  fitPrototypes(
    k: number,
    options: Omit<PrototypesOptions, 'onProgress' | 'shouldStop'> = {},
    onProgress?: (p: PrototypesProgress) => void,
  ): Job<PrototypesResult> {
    const job = this.nextJob++;
    const r = this.remotes[0];
    const cb = onProgress ? Comlink.proxy(onProgress) : undefined;
    return { result: r.fitPrototypes(job, k, options, cb), cancel: () => void r.cancel(job) };
  }

  /** Fits and scores k-prototypes for k = kMin..kMax, one k per call, spread over the workers. */
  sweepPrototypes(
    kMin: number,
    kMax: number,
    options: Omit<PrototypesSweepOptions, 'onProgress' | 'shouldStop'> = {},
    onProgress?: (p: PrototypesProgress & { k: number }) => void,
  ): Job<{ entries: PrototypesSweepEntry[]; recommended: Recommendation }> {
    return this.spread(kMin, kMax, onProgress, (remote, job, k, cb) =>
      remote.sweepOnePrototypes(job, k, options, cb),
    );
  }

  /**
   * Runs `one` for k = kMin..kMax, each k on the next free worker, and recommends a k from the
   * entries (sorted by k). Cancelling stops the running calls and starts no new ones.
   */
  private spread<E extends SweepEntry, P>(
    kMin: number,
    kMax: number,
    onProgress: ((p: P & { k: number }) => void) | undefined,
    one: (remote: Remote, job: number, k: number, cb?: (p: P) => void) => Promise<E>,
  ): Job<{ entries: E[]; recommended: Recommendation }> {
    const ks: number[] = [];
    for (let k = kMin; k <= kMax; k++) ks.push(k);
    const running: { remote: Remote; job: number }[] = [];
    let stopped = false;
    const entries: E[] = [];
    const runWorker = async (remote: Remote) => {
      while (!stopped && ks.length > 0) {
        const k = ks.shift() as number;
        const job = this.nextJob++;
        const slot = { remote, job };
        running.push(slot);
        const cb = onProgress ? Comlink.proxy((p: P) => onProgress({ ...p, k })) : undefined;
        try {
          entries.push(await one(remote, job, k, cb));
        } finally {
          running.splice(running.indexOf(slot), 1);
        }
      }
    };
    const result = Promise.all(this.remotes.map(runWorker)).then(() => {
      entries.sort((a, b) => a.k - b.k);
      return { entries, recommended: recommendK(entries) };
    });
    const cancel = () => {
      stopped = true;
      for (const s of running) void s.remote.cancel(s.job);
    };
    return { result, cancel };
  }

  /** Terminates every worker. */
  dispose(): void {
    for (const r of this.remotes) r[Comlink.releaseProxy]();
    for (const w of this.workers) w.terminate();
  }
}
