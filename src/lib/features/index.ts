/** Public API of the feature layer. */
export { FeatureError } from './errors';
export * from './spec';
export type * from './source';
export {
  CATALOGUE,
  availableFeatures,
  catalogueEntry,
  satisfiedNeeds,
  type CatalogueEntry,
  type FeatureNeed,
} from './catalogue';
export { buildFeatureSql, buildRowsReadSql, type FeatureColumn } from './build';
export { checkSource, describeRelation, resolveSpec, type SourceFacts } from './checks';
export {
  fitTransforms,
  applyTransformsSql,
  type FittedTransforms,
  type FittedColumn,
  RANK_LEVELS,
} from './transforms';
export { applyFrozenFeatures, computeFeatures, type FeatureResult } from './compute';
export { materialise, MAX_COPY_ROWS, type Scratch } from './scratch';
export { featureMatrix, featureColumns, type FeatureMatrix, type FeatureColumns } from './matrix';
export { parseExpr } from './expr/parse';
export { compileExpr, EXPR_FUNCTIONS, type CompileContext } from './expr/compile';
export { ExprError, type ExprNode } from './expr/ast';
