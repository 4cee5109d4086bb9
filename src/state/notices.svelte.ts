/** A message shown to the user: what happened and, for problems, what to do. */
export interface Notice {
  id: number;
  kind: 'error' | 'warning' | 'info';
  message: string;
  hint?: string;
}

/** The app's message list. Errors stay until dismissed; nothing else is lost when one appears. */
export class Notices {
  items = $state<Notice[]>([]);
  private nextId = 1;

  /** Shows a problem and what to try. */
  error(message: string, hint?: string): void {
    this.push('error', message, hint);
  }

  /** Shows a caution that did not stop the work. */
  warning(message: string, hint?: string): void {
    this.push('warning', message, hint);
  }

  /** Shows a neutral message. */
  info(message: string): void {
    this.push('info', message);
  }

  /** Removes one message. */
  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }

  private push(kind: Notice['kind'], message: string, hint?: string): void {
    // The same message twice in a row adds nothing for the reader.
    const last = this.items.at(-1);
    if (last && last.message === message && last.kind === kind) return;
    this.items = [...this.items, { id: this.nextId++, kind, message, hint }];
  }
}
