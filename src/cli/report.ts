/**
 * `segment-studio report`: applies the config like `apply`, then writes one static HTML page of
 * the segments (sizes, shares, value shares), their profiles (means per segment from
 * src/lib/segment/profile.ts) and charts as inline SVG. The page has no script and loads
 * nothing, so it opens from a file or a mail attachment.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { specColumns } from '../lib/features/spec';
import { REST_IDS } from '../lib/config/validate-segments';
import { columnOfKind } from '../lib/segment/columns';
import { profileSegments } from '../lib/segment/profile';
import { RFM_OTHERS } from '../lib/segment/rfm';
import { EVERYONE_ELSE } from '../lib/segment/rules';
import { ident } from '../lib/sql/quote';
import type { ConfigSource } from './config-input';
import { tableDigest } from './digest';
import { CliError, EXIT, firstLine } from './errors';
import type { Progress } from './progress';
import { reportHtml, type ReportData } from './report-html';
import { applyConfig, type Bound } from './run-script';
import { APP } from './version';

/** Options of `report`. */
export interface ReportOptions extends ConfigSource {
  data: string[];
  out?: string;
}

/** Runs `report`. */
export async function report(
  opts: ReportOptions,
  progress: Progress,
): Promise<{ command: 'report'; out: string; customers: number; digest: string; seconds: number }> {
  const { out, bound: b } = await applyConfig(opts, ['.html', '.htm'], progress);
  try {
    progress.step('profiles');
    const data = await reportData(b, opts);
    data.digest = await tableDigest(b.db);
    try {
      writeFileSync(out, reportHtml(data));
    } catch (e) {
      throw new CliError(EXIT.output, `cannot write ${out}: ${firstLine(e)}`);
    }
    return {
      command: 'report',
      out,
      customers: data.customers,
      digest: data.digest,
      seconds: Math.round(progress.elapsedMs) / 1000,
    };
  } finally {
    b.db.close();
  }
}

/** Segments, features and per-customer values, read back from the script's tables. */
async function reportData(b: Bound, opts: ReportOptions): Promise<ReportData> {
  const { config } = b;
  const model = config.model!;
  const seg = config.segmentation;
  const defs = seg[seg.method].segments;
  const rest =
    seg.method === 'clusters'
      ? null
      : { id: REST_IDS[seg.method], name: seg.method === 'rfm' ? RFM_OTHERS : EVERYONE_ELSE };
  const segments = [
    ...defs.map((s) => ({ id: s.id, name: s.name, color: s.color })),
    ...(rest ? [{ ...rest, color: '#999999' }] : []),
  ];
  const index = new Map(segments.map((s, i) => [s.id, i]));
  const columns = specColumns(model.spec).map((c) => c.name);
  const list = columns.map((c) => `CAST(r.${ident(c)} AS DOUBLE) AS ${ident(c)}`).join(', ');
  const t = await b.db.query(
    `SELECT a."segment_id" AS "__segment", ${list} FROM "segment_studio_features_raw" AS r JOIN "segment_assignment" AS a USING ("customer_id") ORDER BY r."customer_id"`,
  );
  const n = t.numRows;
  const assignment = new Int32Array(n);
  const ids = t.getChildAt(0)!;
  for (let i = 0; i < n; i++) {
    const id = ids.get(i) as string | null;
    assignment[i] = id === null ? -1 : (index.get(id) ?? -1);
  }
  const values: Record<string, Float64Array> = {};
  columns.forEach((c, j) => {
    const vec = t.getChildAt(j + 1)!;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = vec.get(i) as number | null;
      v[i] = x === null ? NaN : x;
    }
    values[c] = v;
  });
  const monetary = columnOfKind(model.spec, specColumns(model.spec), 'monetary');
  const profile = profileSegments(values, assignment, segments.length, {
    valueFeature: monetary ?? undefined,
  });
  return {
    title: `Segments of ${opts.data.map((f) => path.basename(f)).join(', ')}`,
    app: APP,
    generatedAt: new Date().toISOString(),
    method: seg.method,
    asOf: model.spec.asOf,
    files: opts.data.map((f) => path.basename(f)),
    customers: n,
    unassigned: n - profile.assigned,
    segments,
    features: columns,
    profile,
    digest: '',
  };
}
