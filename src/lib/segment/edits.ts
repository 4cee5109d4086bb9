/** Edits on segment definitions. Each returns new data and never mutates its input. */
import type { ClusterDef, RfmRuleDef, RuleDef, SegmentDef } from './model';

/** The union of two definitions of the same kind. */
export function combineDefinitions(
  a: SegmentDef['definition'],
  b: SegmentDef['definition'],
): SegmentDef['definition'] {
  if (a.kind === 'rfm' && b.kind === 'rfm')
    return { kind: 'rfm', boxes: [...a.boxes, ...b.boxes] } satisfies RfmRuleDef;
  if (a.kind === 'rule' && b.kind === 'rule')
    return { kind: 'rule', when: { any: [a.when, b.when] } } satisfies RuleDef;
  if (a.kind === 'cluster' && b.kind === 'cluster') {
    if (a.features.join('\u0000') !== b.features.join('\u0000')) {
      throw new Error('Cannot merge clusters built on different features');
    }
    const [ca, cb] = [a.categorical, b.categorical];
    if (
      !ca !== !cb ||
      (ca &&
        cb &&
        (ca.gamma !== cb.gamma || ca.features.join('\u0000') !== cb.features.join('\u0000')))
    )
      throw new Error('Cannot merge clusters built on different categories');
    return {
      kind: 'cluster',
      features: a.features,
      centroids: [...a.centroids, ...b.centroids],
      ...(ca && cb ? { categorical: { ...ca, modes: [...ca.modes, ...cb.modes] } } : {}),
    } satisfies ClusterDef;
  }
  throw new Error(`Cannot merge a ${a.kind} segment with a ${b.kind} segment`);
}
