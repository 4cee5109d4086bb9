/**
 * When data does not fit a browser tab: DuckDB-WASM's heap is at most 4 GB and the tab's
 * JavaScript heap is smaller still. Such failures become one message that says what to use
 * instead, rather than an engine error or a crashed tab.
 */

/** Errors a database or the JavaScript engine raise when memory runs out. */
const MEMORY = [
  /out of memory/i,
  /could not allocate/i,
  /failed to allocate/i,
  /array buffer allocation failed/i,
  /invalid typed array length/i,
  /invalid array length/i,
  /memory access out of bounds/i,
  /maximum memory/i,
  /cannot grow|failed to grow|grow memory/i,
];

/** True when `err` says that memory ran out. */
export function isMemoryError(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return MEMORY.some((re) => re.test(text));
}

/** The message for data too large for the tab; `what` names it ("These features"). */
export function tooLargeForTab(what: string): string {
  return (
    `${what} do not fit in this browser tab's memory (its database can use at most 4 GB). ` +
    'Run the same segmentation outside the browser: download the config and run ' +
    '`npx segment-studio apply --config segmentation.json --data <file> --out assignments.csv`, ' +
    'or download the SQL (Segments step) and run it in DuckDB, PostgreSQL or your warehouse. ' +
    'A smaller extract (fewer months or a sample of customers) still works here.'
  );
}
