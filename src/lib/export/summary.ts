/** The segment table (sizes, shares, value share, feature means) as a CSV file. */
import { CRLF, csvHeader, numberCell, textCell } from './csv';

/** One segment's line of the summary. */
export interface SummaryRow {
  id: string;
  name: string;
  count: number;
  share: number;
  /** NaN without a monetary feature. */
  valueShare: number;
  /** Mean of each feature over the segment's customers. */
  means: Readonly<Record<string, number>>;
}

/** The summary CSV: one line per segment, feature means as `mean_<feature>` columns. */
export function summaryCsv(rows: readonly SummaryRow[], features: readonly string[]): string {
  const header = csvHeader(
    [
      'segment_id',
      'segment_name',
      'customers',
      'share',
      'value_share',
      ...features.map((f) => `mean_${f}`),
    ],
    true,
  );
  const lines = rows.map((r) =>
    [
      textCell(r.id, true),
      textCell(r.name, true),
      numberCell(r.count),
      numberCell(r.share),
      numberCell(r.valueShare),
      ...features.map((f) => numberCell(r.means[f] ?? NaN)),
    ].join(','),
  );
  return header + lines.map((l) => l + CRLF).join('');
}
