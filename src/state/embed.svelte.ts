/**
 * The studio embedded in a host page: messages from allowed host origins load data, apply a
 * config or ask for the assignment; the studio tells the host when it is ready and when the
 * segments change. Messages from any other origin are ignored and logged.
 */
import { readHostMessage, type HostMessage, type StudioMessage } from '../lib/embed/messages';
import { checkConfig } from '../lib/config/validate';
import type { Studio } from './studio.svelte';

/** Bursts of edits (a drag, typing) are told to the host once they pause. */
const CHANGED_MS = 250;

/** What the bridge needs of the window it runs in. */
export interface EmbedWindow {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  parent: { postMessage(message: unknown, targetOrigin: string): void };
}

/** Connects an embedded studio to its host page. */
export class EmbedBridge {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = '';
  /** Messages are handled one after another, in the order sent (a config waits for the data). */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly studio: Studio,
    private readonly origins: readonly string[],
    private readonly win: EmbedWindow,
    private readonly version: string,
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {}

  /** Starts listening and says `ready`; follows the segments to tell the host of changes. */
  start(): () => void {
    this.win.addEventListener('message', (e) => void this.receive(e));
    this.send({ type: 'segment-studio:ready', version: this.version });
    return $effect.root(() => {
      $effect(() => {
        const rows = this.studio.segments.rows;
        const segments = rows.map((r) => ({ id: r.id, name: r.name, customers: r.count }));
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.segmentsChanged(segments), CHANGED_MS);
      });
    });
  }

  private segmentsChanged(segments: { id: string; name: string; customers: number }[]): void {
    const key = JSON.stringify(segments);
    if (key === this.lastSent || segments.length === 0) return;
    this.lastSent = key;
    this.send({ type: 'segment-studio:segments-changed', segments });
  }

  /** Sends to the host; the browser drops it unless the host is on one of the allowed origins. */
  private send(message: StudioMessage): void {
    for (const origin of this.origins) this.win.parent.postMessage(message, origin);
  }

  private async receive(e: MessageEvent): Promise<void> {
    const read = readHostMessage(e.data);
    if (read === null) return;
    if (!this.origins.includes(e.origin)) {
      this.log(
        `Segment Studio ignored a message from ${e.origin}: it is not an allowed host (?parent=).`,
      );
      return;
    }
    if ('error' in read) {
      this.send({ type: 'segment-studio:error', message: read.error });
      return;
    }
    this.queue = this.queue
      .then(() => this.handle(read))
      .catch((err: unknown) =>
        this.send({
          type: 'segment-studio:error',
          message: err instanceof Error ? err.message : String(err),
        }),
      );
    await this.queue;
  }

  private async handle(m: HostMessage): Promise<void> {
    switch (m.type) {
      case 'segment-studio:load-data':
        await this.studio.data.loadFiles([new File([m.data], m.name)]);
        return;
      case 'segment-studio:load-url':
        await this.studio.data.loadUrl(m.url);
        return;
      case 'segment-studio:config': {
        const value = typeof m.config === 'string' ? parseJson(m.config) : m.config;
        const checked = checkConfig(value);
        if (!checked.ok) {
          const first = checked.problems
            .slice(0, 5)
            .map((p) => `${p.path}: ${p.message}`)
            .join('; ');
          this.send({ type: 'segment-studio:error', message: `the config was refused: ${first}` });
          return;
        }
        this.studio.link.waitFor(checked.config, 'host');
        await this.studio.link.tryApply();
        return;
      }
      case 'segment-studio:get-assignment': {
        const rows = this.studio.segments.assignedRows();
        this.send(
          rows
            ? { type: 'segment-studio:assignment', requestId: m.requestId, rows }
            : {
                type: 'segment-studio:error',
                requestId: m.requestId,
                message: 'there are no segments yet: load data and make segments first',
              },
        );
        return;
      }
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
