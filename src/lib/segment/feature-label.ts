/** How a clustering column is named to the user. */

const MISSING_SUFFIX = '__missing';

/**
 * A feature-table column as the user reads it: missing-value indicators
 * (`<feature>__missing`, 0/1) are spelled out; other columns keep their names.
 */
export function featureLabel(column: string): string {
  return column.endsWith(MISSING_SUFFIX)
    ? `${column.slice(0, -MISSING_SUFFIX.length)} is missing (0/1)`
    : column;
}
