/** The help text. */
import { DIALECTS } from '../lib/sql/dialect';

/** What `segment-studio --help` prints. */
export const USAGE = `segment-studio: apply a Segment Studio segmentation outside the browser (native DuckDB).

Usage:
  segment-studio apply  (--config segmentation.json | --link URL) --data FILE [--data FILE ...]
                        --out assignments.csv|assignments.parquet
  segment-studio fit    (--config segmentation.json | --link URL) --data FILE [--data FILE ...]
                        --as-of YYYY-MM-DD --out segmentation.json
  segment-studio sql    (--config segmentation.json | --link URL) [--dialect NAME] [--out script.sql]
  segment-studio report (--config segmentation.json | --link URL) --data FILE [--data FILE ...]
                        --out report.html

Options:
  --config FILE   the segmentation.json downloaded from the studio
  --link URL      a share link (its #c= fragment holds the config)
  --data FILE     a data file (CSV, TSV, Parquet, JSON, NDJSON), once per table of the config
  --out FILE      where to write; the extension says the format
  --as-of DATE    fit: the new as-of date (default: the day after the last purchase)
  --dialect NAME  sql: ${DIALECTS.join(', ')} (default duckdb)
  --json          print the result as one JSON object on stdout
  --quiet         no progress lines on stderr
  --help, --version

Exit codes: 0 done; 1 unexpected error; 2 bad arguments; 3 the config cannot be used;
4 a data file is missing or does not match the config; 5 the output cannot be written.
`;
