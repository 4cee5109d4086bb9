/** The error a segment method stops with. */

/** A problem that stops a method; `control` says which control the UI shows it next to. */
export class SegmentError extends Error {
  constructor(
    message: string,
    readonly control: 'method' | 'features' | 'k' | 'rules' | 'cuts',
  ) {
    super(message);
    this.name = 'SegmentError';
  }
}
