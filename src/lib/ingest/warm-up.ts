/**
 * Warming DuckDB-WASM's CSV reader. The first `read_csv` in a fresh DuckDB-WASM instance runs in
 * V8's baseline WebAssembly code: the 48 MB Online Retail file took ~1.1 s that way against
 * ~0.45 s for a second read in the same page. Reading a small generated file through the same
 * path while the studio is idle lets V8 optimise the reader's hot functions before the user's
 * own file arrives (measured: the first real load then takes ~0.65-0.8 s).
 */
import type { IngestDb } from '../db/types';
import { ident } from '../sql/quote';
import { createRng } from '../random';
import { loadFile } from './load';

/** Rows of the generated file: ~3 MB, enough for V8 to optimise the parsing loops. */
export const WARM_UP_ROWS = 40_000;

let warmUps = 0;

const COUNTRIES = ['United Kingdom', 'France', 'Germany', 'EIRE', 'Spain', 'Netherlands'];

/**
 * A CSV shaped like a typical transactions export: invoice numbers (some cancelled, `C...`),
 * product codes, quoted descriptions with commas and quotes, signed quantities, `m/d/yyyy H:MM`
 * dates, decimal prices, float-written customer ids (some missing) and a text column; CRLF.
 */
export function warmUpCsv(rows = WARM_UP_ROWS): Uint8Array {
  const rng = createRng(7);
  const lines = [
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  ];
  for (let i = 0; i < rows; i++) {
    const cancelled = rng.next() < 0.02;
    const invoice = `${cancelled ? 'C' : ''}${536365 + (i >> 3)}`;
    const code = `${10000 + rng.int(90000)}${rng.next() < 0.3 ? 'A' : ''}`;
    const text = `"ITEM ${rng.int(4000)}, ""SET"" OF ${1 + rng.int(12)}"`;
    const qty = (cancelled ? -1 : 1) * (1 + rng.int(48));
    const date = `${1 + rng.int(12)}/${1 + rng.int(28)}/201${rng.int(2)} ${rng.int(24)}:${String(rng.int(60)).padStart(2, '0')}`;
    const price = (rng.int(5000) / 100 + 0.01).toFixed(2);
    const customer = rng.next() < 0.2 ? '' : `${12346 + rng.int(6000)}.0`;
    const country = COUNTRIES[rng.int(COUNTRIES.length)];
    lines.push(`${invoice},${code},${text},${qty},${date},${price},${customer},${country}`);
  }
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

/**
 * Loads the generated CSV into a scratch table through `loadFile` (the path a user's file takes)
 * and drops it. Resolves whatever happens: it only makes the next real load faster.
 */
export async function warmUpCsvReader(db: IngestDb): Promise<void> {
  const table = `__warm_up_${++warmUps}_${Date.now().toString(36)}`;
  try {
    await loadFile(db, { name: 'warm-up.csv', bytes: warmUpCsv() }, { table });
  } catch {
    // Nothing depends on the warm-up; a failure here would also show on the user's own load.
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => undefined);
  }
}
