/**
 * `segment-studio apply`: a config from the studio applied to data files with native DuckDB.
 * The compiled DuckDB script runs as it is (the same SQL the studio downloads), so the same data
 * and the same config give every customer the studio's segment; the assignment is written as CSV
 * or Parquet, with its digest (the one the studio shows) on stderr and in `--json`.
 */
import { literal } from '../lib/sql/quote';
import type { ConfigSource } from './config-input';
import { tableDigest } from './digest';
import { CliError, EXIT, firstLine } from './errors';
import type { Progress } from './progress';
import { applyConfig, dropIntermediates, segmentCounts } from './run-script';

/** Options of `apply`. */
export interface ApplyOptions extends ConfigSource {
  data: string[];
  out?: string;
}

/** What `apply --json` prints. */
export interface ApplyResult {
  command: 'apply';
  out: string;
  format: 'csv' | 'parquet';
  customers: number;
  segments: { id: string | null; name: string | null; customers: number }[];
  digest: string;
  notes: string[];
  seconds: number;
}

/** Runs `apply`. */
export async function apply(opts: ApplyOptions, progress: Progress): Promise<ApplyResult> {
  const { out, bound: b } = await applyConfig(opts, ['.csv', '.parquet'], progress);
  try {
    await dropIntermediates(b.db);
    const format = out.toLowerCase().endsWith('.parquet') ? 'parquet' : 'csv';
    progress.step(`writing ${out}`);
    const options = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet';
    try {
      await b.db.exec(
        `COPY (SELECT "customer_id", "segment_id", "segment_name" FROM "segment_assignment" ORDER BY "customer_id") TO ${literal(out)} (${options})`,
      );
    } catch (e) {
      throw new CliError(EXIT.output, `cannot write ${out}: ${firstLine(e)}`);
    }
    const segments = await segmentCounts(b);
    const digest = await tableDigest(b.db);
    return {
      command: 'apply',
      out,
      format,
      customers: segments.reduce((s, x) => s + x.customers, 0),
      segments,
      digest,
      notes: b.notes,
      seconds: Math.round(progress.elapsedMs) / 1000,
    };
  } finally {
    b.db.close();
  }
}
