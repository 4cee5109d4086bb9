import { createNodeDb } from '../../src/lib/db/node';
import { generateDemo } from '../../src/lib/ingest/demo';
import { inferColumns, normalisedViewSql } from '../../src/lib/ingest/roles';
import { computeFeatures, featureColumns, featureMatrix } from '../../src/lib/features';
import { fitQuintiles } from '../../src/lib/config/build';
import {
  defaultSpec,
  sourceFromTables,
  type SourceTable,
} from '../../src/lib/features/from-tables';
import { buildInputs, clusterSpace, type BaseInputs } from '../../src/lib/segment/inputs';
import { assignSegments } from '../../src/lib/segment/pipeline';
import type { SegmentsConfig } from '../../src/lib/segment/config';

/**
 * The demo pipeline run independently in Node with the same library code and seed as the
 * browser: what the studio's counts must equal for a given segmentation config.
 */
export async function demoInputs(): Promise<BaseInputs> {
  const db = await createNodeDb();
  const demo = generateDemo();
  const tables: SourceTable[] = [];
  for (const [name, data] of [
    ['demo_customers', demo.customers],
    ['demo_transactions', demo.transactions],
  ] as const) {
    await db.insertArrow(name, data);
    const { columns } = await inferColumns(db, name);
    const view = `${name} (clean)`;
    await db.exec(normalisedViewSql(name, view, columns, []));
    tables.push({ id: name, label: name, view, columns, allRowsView: view });
  }
  const source = sourceFromTables(tables, null, null);
  if (typeof source === 'string') throw new Error(source);
  const result = await computeFeatures(db, defaultSpec(), source, 'features');
  const raw = await featureColumns(db, result.rawTable, result.rawColumns);
  const matrix = await featureMatrix(db, result.table, result.columns);
  db.close();
  return buildInputs(result, raw, matrix, fitQuintiles(raw.columns));
}

/** Counts per segment (then the rest bucket, if the method has one) the model predicts. */
export function predictCounts(inputs: BaseInputs, config: SegmentsConfig): number[] {
  const r = assignSegments(config, {
    ...inputs,
    cluster: clusterSpace(inputs, config.clusters.features),
  });
  const counts = Array.from(r.counts);
  return r.restLabel ? counts : counts.slice(0, -1);
}
