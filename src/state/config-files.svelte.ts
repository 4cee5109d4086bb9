import { buildConfig, type TablePart } from '../lib/config/build';
import { compileScript, CompileError } from '../lib/compile/script';
import type { FrozenModel, StudioConfig } from '../lib/config/schema';
import { closestTable, matchTables } from '../lib/config/match';
import { partialFit } from '../lib/config/partial';
import { parseConfig, MAX_CONFIG_BYTES } from '../lib/config/validate';
import type { Problem } from '../lib/problems';
import { dialectFor } from '../lib/sql/dialects';
import type { DialectName } from '../lib/sql/dialect';
import type { ColumnInfo } from '../lib/ingest/types';
import type { CleaningChoice } from '../lib/ingest/cleaning';
import type { ConfigStore } from './config.svelte';

/** What the config files need from the rest of the session (wired by the Studio). */
export interface ConfigHost {
  /** The loaded tables as the config records them. */
  tables(): TablePart[];
  /** Sets one table's roles and cleaning; false when the database refused. */
  applyTable(
    tableId: string,
    columns: Pick<ColumnInfo, 'name' | 'role' | 'dateFormat' | 'floatId' | 'levels'>[],
    cleaning: CleaningChoice[],
  ): Promise<boolean>;
  /** The fitted (or applied) model of the current features, and whether it is up to date. */
  model(): { model: FrozenModel | null; fresh: boolean };
  /** Computes the features again, applying `model` frozen when given; false on failure. */
  compute(model?: FrozenModel): Promise<boolean>;
}

/** A file for the user to save. */
export interface Download {
  name: string;
  type: string;
  text: string;
}

/** The app's name and version, written into configs and SQL headers. */
export const APP = 'Segment Studio 0.2.0';

/**
 * Saving the whole config (`segmentation.json`), opening one, and the SQL compiled from it. An
 * opened config is checked completely before anything changes; if applying it fails half-way,
 * what was changed is put back, so the session stays as it was.
 */
export class ConfigFiles {
  /** Problems of the last config opened (shown next to the Open control). */
  problems = $state.raw<Problem[]>([]);
  /** What the last open did, for the status line. */
  status = $state<string | null>(null);
  /** What the user should know about the last open (a table matched under another name). */
  notes = $state.raw<string[]>([]);
  busy = $state(false);

  constructor(
    private readonly store: ConfigStore,
    private readonly host: ConfigHost,
  ) {}

  /** The whole config of the session. */
  current(): StudioConfig {
    const v = this.store.value;
    const { model, fresh } = this.host.model();
    return buildConfig({
      tables: this.host.tables(),
      transactions: v.transactions,
      customers: v.customers,
      features: v.features,
      segmentation: v.segmentation,
      model: fresh ? model : null,
      currency: v.currency,
      meta: { app: APP },
    });
  }

  /** `segmentation.json`, with the time it was saved. */
  configFile(): Download {
    const config = { ...this.current(), meta: { app: APP, savedAt: nowIso() } };
    return {
      name: 'segmentation.json',
      type: 'application/json',
      text: `${JSON.stringify(config, null, 2)}\n`,
    };
  }

  /** The SQL script for `dialect`, or why there is none yet. */
  sqlFile(dialect: DialectName): Download | { error: string } {
    const { fresh } = this.host.model();
    if (!fresh)
      return { error: 'The features changed since they were computed: compute them again first.' };
    try {
      const text = compileScript(this.current(), dialectFor(dialect), {
        generatedAt: nowIso(),
        app: APP,
      });
      return { name: `segmentation.${dialect}.sql`, type: 'application/sql', text };
    } catch (e) {
      if (e instanceof CompileError) return { error: e.message };
      throw e;
    }
  }

  /** Opens a config file the user picked. */
  async open(file: File): Promise<void> {
    this.problems = [];
    this.status = null;
    this.notes = [];
    if (file.size > MAX_CONFIG_BYTES) {
      this.problems = [
        {
          path: '',
          message: `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; a segmentation config is at most 5 MB`,
        },
      ];
      return;
    }
    await this.openText(await file.text(), file.name);
  }

  /** Checks config text and applies it; on any problem nothing changes. */
  async openText(text: string, name = 'the config'): Promise<boolean> {
    if (this.busy) return false;
    this.problems = [];
    this.notes = [];
    const checked = parseConfig(text);
    if (!checked.ok) {
      this.problems = checked.problems;
      return false;
    }
    return this.applyChecked(checked.config, name, checked.migratedFrom);
  }

  /**
   * Applies a config that passed the validator (from a file or a share link); on any problem
   * nothing changes and `problems` says why.
   */
  async applyChecked(
    config: StudioConfig,
    name: string,
    migratedFrom: number | null = null,
  ): Promise<boolean> {
    if (this.busy) return false;
    this.problems = [];
    this.notes = [];
    this.busy = true;
    try {
      const ok = await this.apply(config);
      if (ok) {
        const from = migratedFrom ? ` (updated from config version ${migratedFrom})` : '';
        this.status = `Opened ${name}${from}.`;
      }
      return ok;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Applies what fits of a config made on other data: the features whose columns are loaded and
   * the segments that use only those, fitted again on this data (its frozen model was fitted on
   * other data). Returns what was left out, or null when even that could not be applied (then
   * nothing changed and `problems` says why).
   */
  async applyWhatFits(config: StudioConfig, name: string): Promise<string[] | null> {
    if (this.busy) return null;
    this.problems = [];
    this.busy = true;
    try {
      const before = this.store.value;
      const loaded = this.host.tables();
      // Each config table's roles go to the loaded table closest to it, for the columns it has.
      // A lookup while applying, not state.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const ids = new Map<string, string>();
      for (const t of config.dataset?.tables ?? []) {
        const near = closestTable(
          t,
          loaded.filter((l) => ![...ids.values()].includes(l.id)),
        );
        if (!near) continue;
        ids.set(t.id, near.id);
        const names = near.columns.map((c) => c.name);
        const columns = t.columns.filter((c) => names.includes(c.name));
        const cleaning = near.cleaning.length ? [...near.cleaning] : [];
        if (!(await this.host.applyTable(near.id, columns, cleaning))) {
          this.problems = [
            {
              path: 'dataset',
              message: `the roles of ${t.file} could not be applied to ${near.file}`,
            },
          ];
          return null;
        }
      }
      const mapId = (id: string | null | undefined) => (id ? (ids.get(id) ?? null) : null);
      const columns = loaded.flatMap((t) => t.columns.map((c) => c.name));
      const fit = partialFit(config.features ?? before.features, config.segmentation, columns);
      this.store.commit({
        features: fit.features,
        transactions: mapId(config.dataset?.transactions) ?? before.transactions,
        // A config made on one table alone was made on a customer table: say so, so this table
        // is not read as order lines while its checks are still running.
        customers:
          mapId(config.dataset?.customers) ??
          (ids.size === 1 && !config.dataset?.transactions ? [...ids.values()][0] : null) ??
          before.customers,
        segmentation: fit.segmentation,
        ...(config.currency !== undefined ? { currency: config.currency } : {}),
      });
      if (!(await this.host.compute())) {
        this.store.undo();
        this.problems = [
          {
            path: 'features',
            message: 'even the features that fit this data could not be computed',
          },
        ];
        return null;
      }
      const left = [
        'its fitted values (transform parameters, cut-points) were fitted again on this data',
        ...(fit.droppedFeatures.length
          ? [`features left out (their columns are not here): ${fit.droppedFeatures.join(', ')}`]
          : []),
        ...(fit.droppedSegments.length
          ? [`segments left out (they use those features): ${fit.droppedSegments.join(', ')}`]
          : []),
      ];
      this.notes = left;
      this.status = `Opened ${name} in part.`;
      return left;
    } finally {
      this.busy = false;
    }
  }

  /** Which of a config's tables the loaded data cannot stand for (none: it can be applied). */
  missingData(config: StudioConfig): Problem[] {
    return config.dataset ? matchTables(config.dataset.tables, this.host.tables()).problems : [];
  }

  private async apply(config: StudioConfig): Promise<boolean> {
    const loaded = this.host.tables();
    const { ids, notes, problems } = config.dataset
      ? matchTables(config.dataset.tables, loaded)
      : { ids: noTables(), notes: [], problems: [] };
    if (problems.length) {
      this.problems = problems;
      return false;
    }
    const before = this.store.value;
    const changed: TablePart[] = [];
    const undoTables = async () => {
      for (const t of changed) await this.host.applyTable(t.id, [...t.columns], [...t.cleaning]);
    };
    for (const t of config.dataset?.tables ?? []) {
      const id = ids.get(t.id)!;
      const old = loaded.find((l) => l.id === id)!;
      if (!(await this.host.applyTable(id, t.columns, t.cleaning))) {
        await undoTables();
        this.problems = [
          { path: 'dataset', message: `the roles or cleaning of ${t.file} could not be applied` },
        ];
        return false;
      }
      changed.push(old);
    }
    const mapId = (id: string | null) => (id === null ? null : (ids.get(id) ?? null));
    this.store.commit({
      features: config.features ?? before.features,
      transactions: config.dataset ? mapId(config.dataset.transactions) : before.transactions,
      customers: config.dataset ? mapId(config.dataset.customers) : before.customers,
      segmentation: config.segmentation,
      ...(config.currency !== undefined ? { currency: config.currency } : {}),
    });
    if (config.features || changed.length) {
      const previous = this.host.model().model;
      if (!(await this.host.compute(config.model ?? undefined))) {
        this.store.undo();
        await undoTables();
        // The tables are as they were: the previous model, applied frozen, gives the previous
        // features again without refitting anything.
        if (changed.length && previous) await this.host.compute(previous);
        this.problems = [
          {
            path: 'model',
            message: 'the features could not be computed with this config: see the message above',
          },
        ];
        return false;
      }
    }
    this.notes = notes;
    return true;
  }
}

/** The time now, for a file's header. */
const nowIso = (): string => new Date().toISOString();

const noTables = (): Map<string, string> => new Map();
