import { describe, expect, it } from 'vitest';
import { Notices } from '../../src/state/notices.svelte';

describe('Notices', () => {
  it('keeps one notice per topic and clears it when the problem is fixed', () => {
    const n = new Notices();
    n.error('Computing features failed: a', undefined, { topic: 'features' });
    n.error('Computing features failed: b', undefined, { topic: 'features' });
    n.warning('Something else');
    expect(n.items.map((x) => x.message)).toEqual([
      'Computing features failed: b',
      'Something else',
    ]);
    n.clear('features');
    expect(n.items.map((x) => x.message)).toEqual(['Something else']);
  });
  it('leaves a problem out of the banners of the step that shows it next to its control', () => {
    const n = new Notices();
    n.error('Bad feature', undefined, { topic: 'features', shownOn: 'features' });
    expect(n.on('features')).toEqual([]);
    expect(n.on('segments').map((x) => x.message)).toEqual(['Bad feature']);
  });
});
