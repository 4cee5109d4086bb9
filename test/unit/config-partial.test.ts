import { describe, expect, it } from 'vitest';
import { partialFit } from '../../src/lib/config/partial';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import type { FeatureSpec } from '../../src/lib/features/spec';
import type { SegmentDef } from '../../src/lib/segment/model';

const spec = {
  asOf: null,
  features: [
    {
      id: 'age',
      kind: 'attribute_numeric',
      column: 'age',
      transform: { kind: 'zscore' },
      missing: 'median',
    },
    {
      id: 'income',
      kind: 'attribute_numeric',
      column: 'income',
      transform: { kind: 'zscore' },
      missing: 'median',
    },
    {
      id: 'plan',
      kind: 'attribute_category',
      column: 'plan',
      transform: { kind: 'none' },
      missing: 'keep',
      encoding: 'levels',
    },
  ],
} as unknown as FeatureSpec;

const rule = (id: string, feature: string): SegmentDef =>
  ({
    id,
    name: id,
    color: '#000000',
    definition: { kind: 'rule', when: { all: [{ feature, op: 'is missing' }] } },
  }) as SegmentDef;

describe('applying what fits of a config to other data', () => {
  it('keeps the features whose columns are here and the segments that use only those', () => {
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'rules',
      rules: {
        segments: [
          rule('by-plan', 'plan'),
          rule('by-income', 'income'),
          rule('by-missing-age', 'age__missing'),
        ],
      },
      clusters: {
        ...defaultSegmentsConfig().clusters,
        features: ['age', 'income'],
        categorical: ['plan'],
      },
    };
    const fit = partialFit(spec, seg, ['customer_id', 'age', 'plan']);
    expect(fit.features.features.map((f) => f.id)).toEqual(['age', 'plan']);
    expect(fit.droppedFeatures).toEqual(['income']);
    expect(fit.segmentation.rules.segments.map((s) => s.id)).toEqual(['by-plan', 'by-missing-age']);
    expect(fit.droppedSegments).toEqual(['by-income']);
    expect(fit.segmentation.clusters.features).toEqual(['age']);
    expect(fit.segmentation.clusters.categorical).toEqual(['plan']);
  });
});
