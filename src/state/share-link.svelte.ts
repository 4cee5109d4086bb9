/** The share link: the session's config in the address (`#c=...`), and a link opened before its data. */
import { decodeLink, encodeLinkFragment, LinkError, LINK_KEY } from '../lib/config/link';
import { checkConfig } from '../lib/config/validate';
import type { StudioConfig, TableConfig } from '../lib/config/schema';
import type { Problem } from '../lib/problems';
import type { ConfigFiles } from './config-files.svelte';

/** Above this many characters a link is uncomfortable to paste (chat tools, e-mail, some proxies). */
export const COMFORTABLE_LINK = 8000;

/** Edits come in bursts (typing a name, a slider): the address follows once they pause. */
const FOLLOW_MS = 400;

/** The page's address, as the link needs it (the browser's `location` and `history`). */
export interface AddressBar {
  /** The fragment, with its `#` (empty when none). */
  hash(): string;
  /** The address without its fragment. */
  base(): string;
  /** Replaces the fragment without a new history entry or a reload. */
  replaceHash(fragment: string): void;
}

/** The browser's address bar. */
export const browserAddress: AddressBar = {
  hash: () => location.hash,
  base: () => location.href.replace(/#.*$/, ''),
  replaceHash: (fragment) => history.replaceState(history.state, '', `#${fragment}`),
};

/** A config from a link, waiting for the data it was made on. */
export interface WaitingLink {
  config: StudioConfig;
  /** Where it came from: the page's address, saved work reopened, or the host page. */
  from: 'link' | 'saved' | 'host';
  /** The tables it expects, from its fingerprint. */
  expects: readonly TableConfig[];
  /** Why the loaded data cannot take it yet. */
  problems: Problem[];
}

/**
 * Keeps the address equal to the session's config (debounced, `replaceState`: copying the address
 * shares the work; a fragment never reaches a server), and opens a `#c=` link: at once when the
 * loaded data matches its fingerprint, else as soon as matching data is loaded. Until then the
 * address keeps the link, so a reload does not lose it.
 */
export class ShareLink {
  /** The fragment of the current config (`c=...`), once encoded. */
  fragment = $state('');
  /** A link's config waiting for its data. */
  waiting = $state.raw<WaitingLink | null>(null);
  /** What was left out when a link was applied in part to other data (shown until dismissed). */
  partial = $state.raw<string[] | null>(null);
  /** Why the opened link could not be read (cut off, not a config, refused by the validator). */
  error = $state.raw<{ message: string; problems: Problem[] } | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private encoded = '';
  private trying = false;
  /** The address is only written once the link it may hold has been read. */
  private opened = false;

  constructor(
    private readonly files: ConfigFiles,
    private readonly address: AddressBar,
  ) {}

  /** The whole link to the current work. */
  get url(): string {
    return this.fragment ? `${this.address.base()}#${this.fragment}` : this.address.base();
  }

  /** True when the link is too long to share comfortably (the config file is offered instead). */
  get tooLong(): boolean {
    return this.url.length > COMFORTABLE_LINK;
  }

  /** Whether the page was opened with a config in its address. */
  hasLink(): boolean {
    return new RegExp(`(?:^|&)${LINK_KEY}=`).test(this.address.hash().slice(1));
  }

  /**
   * Reads the config in the address. Returns the tables it expects (to decide whether the demo
   * should load), or null when there is no link or it cannot be read (then `error` says why).
   */
  async open(): Promise<readonly TableConfig[] | null> {
    try {
      return await this.read();
    } finally {
      this.opened = true;
    }
  }

  private async read(): Promise<readonly TableConfig[] | null> {
    if (!this.hasLink()) return null;
    let value: unknown;
    try {
      value = await decodeLink(this.address.hash());
    } catch (err) {
      const message = err instanceof LinkError ? err.message : String(err);
      this.error = {
        message: `This link’s segmentation could not be read: ${message}.`,
        problems: [],
      };
      return null;
    }
    const checked = checkConfig(value);
    if (!checked.ok) {
      this.error = {
        message: 'This link’s segmentation was refused: nothing in it was applied.',
        problems: checked.problems,
      };
      return null;
    }
    const expects = checked.config.dataset?.tables ?? [];
    this.waiting = { config: checked.config, from: 'link', expects, problems: [] };
    return expects;
  }

  /** Makes a config (saved work, or the host page's) wait for its data as an opened link does. */
  waitFor(config: StudioConfig, from: 'saved' | 'host' = 'saved'): void {
    this.error = null;
    this.waiting = { config, from, expects: config.dataset?.tables ?? [], problems: [] };
  }

  /** Applies the waiting link if the loaded data now matches it; true once applied. */
  async tryApply(): Promise<boolean> {
    const w = this.waiting;
    if (!w || this.trying) return false;
    const problems = this.files.missingData(w.config);
    if (problems.length) {
      this.waiting = { ...w, problems };
      return false;
    }
    this.trying = true;
    try {
      const ok = await this.files.applyChecked(
        w.config,
        { link: 'the shared link', saved: 'your saved work', host: 'the host page’s config' }[
          w.from
        ],
      );
      if (ok) {
        this.waiting = null;
        performance.mark('studio:linked');
      } else this.waiting = { ...w, problems: this.files.problems };
      return ok;
    } finally {
      this.trying = false;
    }
  }

  /** Applies what fits of the waiting config to the data loaded now, marked as in part. */
  async applyWhatFits(): Promise<boolean> {
    const w = this.waiting;
    if (!w || this.trying) return false;
    this.trying = true;
    try {
      const left = await this.files.applyWhatFits(w.config, 'the shared link');
      if (!left) {
        this.waiting = { ...w, problems: this.files.problems };
        return false;
      }
      this.waiting = null;
      this.partial = left;
      this.follow(this.files.current());
      return true;
    } finally {
      this.trying = false;
    }
  }

  /** Gives up the waiting link: the address follows the session again. */
  dismiss(): void {
    this.waiting = null;
    this.error = null;
    this.partial = null;
    this.follow(this.files.current());
  }

  /** The config changed: the address follows it after a pause (not while a link waits). */
  follow(config: StudioConfig): void {
    if (!this.opened || this.waiting) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.write(config), FOLLOW_MS);
  }

  private async write(config: StudioConfig): Promise<void> {
    this.timer = null;
    const fragment = await encodeLinkFragment(config);
    if (this.waiting || fragment === this.encoded) return;
    this.encoded = fragment;
    this.fragment = fragment;
    this.address.replaceHash(fragment);
  }
}
