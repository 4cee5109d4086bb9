/**
 * What each transform and missing-value option does, in the words shown where they are picked.
 * Both change what clustering sees, never the values profiles, rules and exports show.
 */
import type { MissingPolicy, Transform } from './spec';

/** One sentence per transform. */
export const TRANSFORM_HELP: Record<Transform['kind'], string> = {
  none: 'none: the values as they are; a feature in large units outweighs the others in clustering.',
  log1p:
    'log1p: log(1 + x), so a few very large values (big spenders) no longer dominate; for values from 0 up.',
  zscore:
    'zscore: minus the mean, divided by the standard deviation, so every feature counts alike in clustering.',
  minmax:
    'minmax: scaled to 0–1 between the smallest and largest value; one outlier squeezes the rest.',
  winsorize:
    'winsorize: values beyond the chosen percentiles are pulled in to them, then standardised; outliers stop stretching the scale.',
  rank: 'rank: each customer’s percentile (0–1) in this data; only the order matters, so outliers and skew have no pull.',
};

/** One sentence per missing-value option. */
export const MISSING_HELP: Record<MissingPolicy, string> = {
  drop: 'drop: customers without a value are left out of the segmentation.',
  median: 'median: a missing value counts as the median of the others.',
  mean: 'mean: a missing value counts as the mean of the others.',
  zero: 'zero: a missing value counts as 0 (right for counts and amounts where none means 0).',
  indicator:
    'indicator: the median stands in, and a 0/1 “is missing” column lets clustering tell those customers apart.',
  keep: 'keep: missing stays a level of its own (categories kept as levels).',
};

/** Said once next to the transform and missing pickers. */
export const CHOICE_NOTE =
  'Transforms and missing-value options change what clustering sees, not the values shown in profiles, rules and exports.';
