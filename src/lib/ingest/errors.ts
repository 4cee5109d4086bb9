/** Ingest failures as the user should see them: what was wrong, and what to try. */

/** Every way loading a file can fail. */
export type IngestErrorCode =
  | 'empty'
  | 'binary'
  | 'unknown_format'
  | 'not_data'
  | 'ragged'
  | 'no_rows'
  | 'too_few_rows'
  | 'truncated_parquet'
  | 'empty_sheet'
  | 'sheet_not_found'
  | 'json_syntax'
  | 'json_shape'
  | 'too_large'
  | 'aborted'
  | 'read_failed';

/** Where in the file an error was found (1-based), when known. */
export interface IngestErrorLocation {
  line?: number;
  column?: number;
}

/**
 * A load failure. `userMessage` says what was wrong with the file in plain words; `hint` says
 * what the user can do about it. `message` combines both for logs.
 */
export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly userMessage: string;
  readonly hint: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    code: IngestErrorCode,
    userMessage: string,
    hint: string,
    options: IngestErrorLocation & { cause?: unknown } = {},
  ) {
    super(`${userMessage} ${hint}`, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'IngestError';
    this.code = code;
    this.userMessage = userMessage;
    this.hint = hint;
    if (options.line !== undefined) this.line = options.line;
    if (options.column !== undefined) this.column = options.column;
  }
}

/** True for failures that mean the browser could not allocate memory for the file. */
function isAllocationFailure(e: unknown): boolean {
  if (e instanceof RangeError) return true;
  const msg = e instanceof Error ? e.message : String(e);
  return /out of memory|allocation failed|Array buffer allocation|Invalid (typed )?array length|Invalid string length/i.test(
    msg,
  );
}

/**
 * Maps anything thrown while loading `fileName` to an IngestError: IngestErrors pass through,
 * aborts and allocation failures get their own codes, the rest become 'read_failed' with the
 * first line of the underlying message.
 */
export function toIngestError(e: unknown, fileName: string): IngestError {
  if (e instanceof IngestError) return e;
  if (e instanceof Error && e.name === 'AbortError') {
    return new IngestError('aborted', `Loading "${fileName}" was cancelled.`, 'Load it again.', {
      cause: e,
    });
  }
  if (isAllocationFailure(e)) {
    return new IngestError(
      'too_large',
      `"${fileName}" is too large for this browser tab's memory.`,
      'Close other tabs and retry, use a 64-bit desktop browser, or load a CSV (which is streamed) or a sample of the rows.',
      { cause: e },
    );
  }
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0].trim();
  return new IngestError(
    'read_failed',
    `"${fileName}" could not be read: ${first}`,
    'Check that the file opens in another program, or save it again as UTF-8 CSV.',
    { cause: e },
  );
}
