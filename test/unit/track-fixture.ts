import path from 'node:path';
import { NEW_AT_B } from '../../src/lib/track/migration';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';

/** Absolute path of a fixture file. */
export const fixture = (name: string): string => path.join(process.cwd(), 'test', 'fixtures', name);

/** Recent: last order within 60 days; Regular: 3 orders or more; then everyone else. */
export const MOVERS_RULES: SegmentsConfig = {
  ...defaultSegmentsConfig(),
  method: 'rules',
  rules: {
    segments: [
      {
        id: 'recent',
        name: 'Recent',
        color: '#0072b2',
        definition: { kind: 'rule', when: { feature: 'recency', op: '<=', value: 60 } },
      },
      {
        id: 'regular',
        name: 'Regular',
        color: '#e69f00',
        definition: { kind: 'rule', when: { feature: 'frequency', op: '>=', value: 3 } },
      },
    ],
  },
};

/**
 * The movers' transitions, known by construction (test/fixtures/make-track-fixtures.mjs): rows
 * are segments at A (2024-07-01), columns at B (2025-01-01).
 */
export const PLANTED: Record<string, Record<string, number>> = {
  Recent: { Recent: 6, 'Everyone else': 4 },
  Regular: { Regular: 5, Recent: 3 },
  'Everyone else': { 'Everyone else': 4, Recent: 2, Regular: 2 },
  [NEW_AT_B]: { Recent: 5, 'Everyone else': 2 },
};
