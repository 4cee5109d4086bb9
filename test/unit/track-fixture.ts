import path from 'node:path';
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
