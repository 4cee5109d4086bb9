/** Where an export's bytes go: a file the browser writes as they arrive, or one kept until done. */

/** A file being written. Exactly one of `close` (complete) or `abort` (discard) ends it. */
export interface ByteSink {
  /** Appends bytes; the sink may keep or pass on the array (the caller does not reuse it). */
  write(bytes: Uint8Array): Promise<void>;
  /** The file is complete: keep it (and offer it, for a download). */
  close(): Promise<void>;
  /** The file is not complete: discard what was written; nothing is presented as saved. */
  abort(): Promise<void>;
}

/** Collects text into chunks of about `size` bytes before writing them, for fewer, larger writes. */
export class TextChunker {
  private parts: string[] = [];
  private length = 0;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly sink: ByteSink,
    private readonly size = 1 << 20,
  ) {}

  /** Adds text; writes a chunk once enough is gathered. */
  async add(text: string): Promise<void> {
    if (!text) return;
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= this.size) await this.flush();
  }

  /** Writes what is gathered. */
  async flush(): Promise<void> {
    if (!this.parts.length) return;
    const bytes = this.encoder.encode(this.parts.join(''));
    this.parts = [];
    this.length = 0;
    await this.sink.write(bytes);
  }
}

/**
 * A file gathered as a Blob: each chunk joins the Blob made so far, which refers to its parts
 * rather than copying them, so the page holds one copy of the file (the browser may keep it on
 * disk). `close` hands the Blob to `done`; `abort` drops it.
 */
export function blobSink(type: string, done: (blob: Blob) => void | Promise<void>): ByteSink {
  let blob: Blob | null = new Blob([], { type });
  return {
    async write(bytes) {
      if (!blob) throw new Error('the file was already closed');
      blob = new Blob([blob, bytes as Uint8Array<ArrayBuffer>], { type });
    },
    async close() {
      const b = blob;
      blob = null;
      if (b) await done(b);
    },
    async abort() {
      blob = null;
    },
  };
}
