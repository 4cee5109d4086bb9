/** Saved work: the session's config autosaved in this browser, recent projects, kept files. */
import type { StudioConfig } from '../lib/config/schema';
import type { DataState } from './data.svelte';
import type { ShareLink } from './share-link.svelte';
import {
  deleteProject,
  forgetKeptFiles,
  keepFile,
  keptFiles,
  recentProjects,
  saveProject,
  type SavedProject,
} from './browser-storage';

/** Edits come in bursts: the config is saved once they pause. */
const SAVE_MS = 1000;
const CONSENT_KEY = 'segment-studio:keep-files';

/**
 * Autosaves the session's config (IndexedDB) so a reload or a crashed tab loses nothing, lists
 * recent work to reopen, and, only when the user agrees, keeps the loaded files in the browser's
 * private storage (OPFS) so reopening needs no file picking.
 */
export class Autosave {
  /** The user agreed to keep loaded files in this browser. */
  keepFiles = $state(false);
  recent = $state.raw<SavedProject[]>([]);
  /** Names of the files kept in private storage. */
  kept = $state.raw<string[]>([]);
  /** When the work was last saved (ISO), null before the first save. */
  savedAt = $state<string | null>(null);
  /** Why saving or keeping failed (the work itself is untouched). */
  error = $state<string | null>(null);
  private readonly id = crypto.randomUUID();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Names being kept or kept (not state: nothing on screen reads it). */
  private keeping: string[] = [];

  constructor(
    private readonly data: DataState,
    private readonly link: ShareLink,
  ) {}

  /** True when a reload would lose nothing: the config is saved and every own file is kept. */
  get everythingKept(): boolean {
    if (this.savedAt === null || this.timer !== null) return false;
    return this.data.tables.every(
      (t) => t.format === 'demo' || this.kept.includes(t.source?.name ?? t.label),
    );
  }

  /** Reads the consent and what is saved. */
  async init(): Promise<void> {
    try {
      this.keepFiles = localStorage.getItem(CONSENT_KEY) === 'yes';
    } catch {
      this.keepFiles = false;
    }
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    try {
      this.recent = await recentProjects();
      this.kept = (await keptFiles()).map((f) => f.name);
    } catch (err) {
      this.error = `Saved work could not be read: ${message(err)}.`;
    }
  }

  /** The files the work is made on, as its name in the recent list. */
  private projectName(): string {
    const files = this.data.tables.filter((t) => t.format !== 'demo').map((t) => t.label);
    return files.length ? files.join(', ') : 'Demo retailer';
  }

  /** The config changed: saved after a pause (the demo untouched is not worth a slot). */
  follow(config: StudioConfig, edited: boolean): void {
    const own = this.data.tables.some((t) => t.format !== 'demo');
    if (!own && !edited) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(config), SAVE_MS);
  }

  private async save(config: StudioConfig): Promise<void> {
    this.timer = null;
    const savedAt = nowIso();
    try {
      await saveProject({ id: this.id, name: this.projectName(), savedAt, config });
      this.savedAt = savedAt;
      this.error = null;
      this.recent = await recentProjects();
    } catch (err) {
      this.error = `Your work could not be saved in this browser: ${message(err)}. Download the config to keep it.`;
    }
  }

  /** Keeps newly loaded files when the user agreed. */
  async keepLoaded(): Promise<void> {
    if (!this.keepFiles) return;
    for (const t of this.data.tables) {
      const src = t.source;
      if (t.format === 'demo' || !src || this.keeping.includes(src.name)) continue;
      this.keeping.push(src.name);
      try {
        const blob = src.file ?? new Blob([src.bytes as BlobPart]);
        await keepFile(src.name, blob);
      } catch (err) {
        this.keeping = this.keeping.filter((n) => n !== src.name);
        this.error = `${src.name} could not be kept in this browser: ${message(err)}. It stays loaded; pick it again after a reload.`;
      }
    }
    this.kept = (await keptFiles()).map((f) => f.name);
  }

  /** Turns keeping files on (keeps those loaded now) or off (forgets every kept file). */
  async setKeepFiles(on: boolean): Promise<void> {
    this.keepFiles = on;
    try {
      localStorage.setItem(CONSENT_KEY, on ? 'yes' : 'no');
    } catch {
      // Consent then lasts for this page only.
    }
    if (on) await this.keepLoaded();
    else await this.forgetFiles();
  }

  /** Deletes the kept files (the tables loaded now stay loaded). */
  async forgetFiles(): Promise<void> {
    await forgetKeptFiles();
    this.keeping = [];
    this.kept = [];
  }

  /**
   * Loads the kept files a config expects (by file name), so reopening needs no file picking.
   * Returns how many were loaded.
   */
  async loadKept(expects: readonly { file: string }[]): Promise<number> {
    const wanted = expects.map((t) => t.file);
    const loaded = this.data.tables.map((t) => t.source?.name ?? t.label);
    const files = (await keptFiles()).filter(
      (f) => wanted.includes(f.name) && !loaded.includes(f.name),
    );
    if (files.length) await this.data.loadFiles(files);
    return files.length;
  }

  /** Reopens saved work: its config waits for its data, and kept files are loaded. */
  async open(p: SavedProject): Promise<void> {
    this.link.waitFor(p.config);
    await this.loadKept(p.config.dataset?.tables ?? []);
    await this.link.tryApply();
  }

  /** Forgets one saved project. */
  async remove(id: string): Promise<void> {
    await deleteProject(id);
    this.recent = this.recent.filter((p) => p.id !== id);
  }
}

const nowIso = (): string => new Date().toISOString();

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
