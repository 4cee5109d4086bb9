import { History } from '../lib/segment/history';
import { defaultSegmentsConfig, type SegmentsConfig } from '../lib/segment/config';
import { defaultSpec } from '../lib/features/from-tables';
import type { FeatureSpec } from '../lib/features/spec';

/**
 * The part of the studio config a session edits: the feature spec, which tables play which
 * part, and the segmentation. The loaded tables (roles, cleaning) and the fitted model join it
 * when the whole config is written (see `Studio.config()`).
 */
export interface SessionConfig {
  features: FeatureSpec;
  /** Table chosen as transactions / customers; null picks one automatically. */
  transactions: string | null;
  customers: string | null;
  segmentation: SegmentsConfig;
  /** The currency money is shown in, null for none; absent: the one the data names, if any. */
  currency?: string | null;
}

/** Why the config changed. */
export type ChangeCause = 'edit' | 'undo' | 'redo' | 'rebase' | 'replace';

/** What listeners hear about a change. */
export interface ConfigChange {
  next: SessionConfig;
  prev: SessionConfig;
  cause: ChangeCause;
  /** An assignment already computed for `next` (an incremental drag), to reuse instead of redoing. */
  assignment?: Int32Array;
}

/** A fresh session's config. */
export function defaultSessionConfig(): SessionConfig {
  return {
    features: defaultSpec(),
    transactions: null,
    customers: null,
    segmentation: defaultSegmentsConfig(),
  };
}

/**
 * The one owner of the session's config and its undo/redo. Other state classes read `value` and
 * change it only through these actions; they learn of changes by subscribing, never from each
 * other.
 */
export class ConfigStore {
  value = $state.raw<SessionConfig>(defaultSessionConfig());
  canUndo = $state(false);
  canRedo = $state(false);

  private history = new History<SessionConfig>(defaultSessionConfig());
  // Who to tell about changes: bookkeeping, not state anything renders from.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private listeners = new Set<(change: ConfigChange) => void>();

  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: (change: ConfigChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One undoable edit. */
  commit(next: SessionConfig, assignment?: Int32Array): void {
    this.history.push(next);
    this.set(next, 'edit', assignment);
  }

  /** One undoable edit computed from the current config. */
  update(f: (cfg: SessionConfig) => SessionConfig, assignment?: Int32Array): void {
    this.commit(f(this.value), assignment);
  }

  /** Edits the segmentation only (one undoable step). */
  updateSegmentation(f: (seg: SegmentsConfig) => SegmentsConfig, assignment?: Int32Array): void {
    this.update((cfg) => ({ ...cfg, segmentation: f(cfg.segmentation) }), assignment);
  }

  /**
   * A change that is not a user's edit (results arriving in the background): applied to the
   * config and to every undo snapshot, so undo and redo neither lose it nor replay it.
   */
  rebase(f: (cfg: SessionConfig) => SessionConfig): void {
    this.set(this.history.rebase(f), 'rebase');
  }

  /** `rebase` for the segmentation only. */
  rebaseSegmentation(f: (seg: SegmentsConfig) => SegmentsConfig): void {
    this.rebase((cfg) => ({ ...cfg, segmentation: f(cfg.segmentation) }));
  }

  /** Replaces the whole config and forgets its history (a config opened from a file). */
  replace(next: SessionConfig): void {
    this.history = new History(next);
    this.set(this.history.current, 'replace');
  }

  /** Undoes the last edit. */
  undo(): void {
    const prev = this.history.undo();
    if (prev) this.set(prev, 'undo');
  }

  /** Redoes the last undone edit. */
  redo(): void {
    const next = this.history.redo();
    if (next) this.set(next, 'redo');
  }

  private set(next: SessionConfig, cause: ChangeCause, assignment?: Int32Array): void {
    const prev = this.value;
    this.value = next;
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
    for (const l of this.listeners) l({ next, prev, cause, assignment });
  }
}
