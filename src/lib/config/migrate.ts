/**
 * Old configs keep working: each version has a step to the next, applied in order. A config from
 * a newer studio is refused with a message, never guessed at.
 */
import type { Problem } from '../problems';
import { CONFIG_KIND, CONFIG_VERSION } from './schema';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Version 1 is the "Segmentation config" JSON of earlier studios: the segment definitions only
 * (`method`, `rfm`, `rules`, `clusters`), without `kind` or `version`. It becomes a version 2
 * config that applies those definitions to the data and features of the session.
 */
function fromV1(v1: Obj): Obj {
  return {
    kind: CONFIG_KIND,
    version: 2,
    dataset: null,
    features: null,
    segmentation: v1,
    model: null,
  };
}

/**
 * Version 3 added the order of an ordinal column's levels (`columns[].levels`) and the unit of
 * a date's age (`features[].unit`) and `tables[].oneRowPerCustomer`, all optional: a version 2
 * config is a version 3 one whose ordinal columns take the order guessed at load, whose dates
 * are ages in years and whose tables are told apart by their roles alone.
 */
const fromV2 = (v2: Obj): Obj => ({ ...v2, version: 3 });

/** Steps by the version they start from. */
const STEPS: Record<number, (v: Obj) => Obj> = { 1: fromV1, 2: fromV2 };

const looksLikeV1 = (v: Obj): boolean =>
  ['method', 'rfm', 'rules', 'clusters'].every((k) => k in v);

/**
 * Brings a parsed config to CONFIG_VERSION. Returns the migrated value and the version it came
 * from (null when it was current), or the one problem that stops it.
 */
export function migrate(
  value: unknown,
): { value: unknown; from: number | null } | { problem: Problem } {
  if (!isObj(value)) {
    return { problem: { path: '', message: 'not a segmentation config: expected a JSON object' } };
  }
  let version: number;
  if (value.version === undefined && value.kind === undefined && looksLikeV1(value)) version = 1;
  else {
    if (value.kind !== CONFIG_KIND) {
      const what =
        value.kind === undefined ? 'it has no "kind"' : `its kind is ${JSON.stringify(value.kind)}`;
      return {
        problem: {
          path: 'kind',
          message: `not a Segment Studio segmentation (${what}; expected "${CONFIG_KIND}")`,
        },
      };
    }
    if (
      typeof value.version !== 'number' ||
      !Number.isInteger(value.version) ||
      value.version < 1
    ) {
      return {
        problem: {
          path: 'version',
          message: `expected a version number, got ${JSON.stringify(value.version)}`,
        },
      };
    }
    version = value.version;
  }
  if (version > CONFIG_VERSION) {
    return {
      problem: {
        path: 'version',
        message: `this config was written by a newer Segment Studio (config version ${version}); this studio reads versions 1 to ${CONFIG_VERSION}: open it in the newer studio, or update this one`,
      },
    };
  }
  const from = version === CONFIG_VERSION ? null : version;
  let v: Obj = value;
  while (version < CONFIG_VERSION) v = STEPS[version++](v);
  return { value: v, from };
}
