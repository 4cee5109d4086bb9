/** The steps of the studio, as notices name them. */
export type NoticeStep = 'data' | 'features' | 'segments' | 'profiles' | 'track' | 'export';

/** What a notice is about: it replaces an older one on the same topic and goes when it is fixed. */
export interface NoticeAbout {
  /** The problem's topic (e.g. 'features'); `clear(topic)` removes it once the problem is gone. */
  topic?: string;
  /** A step that shows this problem next to its control already: no banner there. */
  shownOn?: NoticeStep;
}

/** A message shown to the user: what happened and, for problems, what to do. */
export interface Notice extends NoticeAbout {
  id: number;
  kind: 'error' | 'warning' | 'info';
  message: string;
  hint?: string;
}

/**
 * The app's message list. Errors stay until dismissed or until their problem is fixed; one
 * notice per topic, so fixing and failing again never stacks banners.
 */
export class Notices {
  items = $state<Notice[]>([]);
  private nextId = 1;

  /** Shows a problem and what to try. */
  error(message: string, hint?: string, about?: NoticeAbout): void {
    this.push('error', message, hint, about);
  }

  /** Shows a caution that did not stop the work. */
  warning(message: string, hint?: string, about?: NoticeAbout): void {
    this.push('warning', message, hint, about);
  }

  /** Shows a neutral message. */
  info(message: string, about?: NoticeAbout): void {
    this.push('info', message, undefined, about);
  }

  /** Removes one message. */
  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }

  /** Removes the messages about a topic: its problem is gone. */
  clear(topic: string): void {
    if (this.items.some((n) => n.topic === topic))
      this.items = this.items.filter((n) => n.topic !== topic);
  }

  /** The messages to show on a step (those shown next to a control there are left out). */
  on(step: NoticeStep): Notice[] {
    return this.items.filter((n) => n.shownOn !== step);
  }

  private push(kind: Notice['kind'], message: string, hint?: string, about?: NoticeAbout): void {
    // The same message twice in a row adds nothing for the reader.
    const last = this.items.at(-1);
    if (last && last.message === message && last.kind === kind) return;
    const kept = about?.topic ? this.items.filter((n) => n.topic !== about.topic) : this.items;
    this.items = [...kept, { id: this.nextId++, kind, message, hint, ...about }];
  }
}
