/**
 * Immutable, path-based edits of a rule's condition tree, for the rule builder. A path is the list
 * of child indices from the root group down to a node (`[]` is the root). Every helper returns a
 * new tree and copies only the groups along the path; untouched branches are shared.
 */
import { thresholdCuts } from './leaf-value';
import type { Condition, Leaf } from './model';

/** An `all` (AND) or `any` (OR) group of conditions. */
export type Group = { all: Condition[] } | { any: Condition[] };

/** How a group combines its children. */
export type Join = 'all' | 'any';

/** Child indices from the root group down to a node; `[]` is the root. */
export type Path = readonly number[];

/** A leaf and where it sits in the tree. */
export interface LeafAt {
  leaf: Leaf;
  path: number[];
}

/** True for a leaf test on one feature. */
export const isLeaf = (c: Condition): c is Leaf => 'feature' in c;

/** How `group` combines its children. */
export const joinOf = (group: Group): Join => ('all' in group ? 'all' : 'any');

/** The children of `group`. */
export const childrenOf = (group: Group): Condition[] => ('all' in group ? group.all : group.any);

/** A group of `join` over `children`. */
export const makeGroup = (join: Join, children: Condition[]): Group =>
  join === 'all' ? { all: children } : { any: children };

/** A rule's `when` as a root group: a bare leaf becomes `{ all: [leaf] }`; groups stay as they are. */
export function asGroup(when: Condition): Group {
  return isLeaf(when) ? { all: [when] } : when;
}

/** The node at `path`, or undefined when the path leads nowhere. */
export function nodeAt(root: Condition, path: Path): Condition | undefined {
  let node: Condition = root;
  for (const i of path) {
    if (isLeaf(node)) return undefined;
    const kids = childrenOf(node);
    if (!Number.isInteger(i) || i < 0 || i >= kids.length) return undefined;
    node = kids[i];
  }
  return node;
}

/** The group at `path`; throws when the path leads nowhere or to a leaf. */
export function groupAt(root: Group, path: Path): Group {
  const node = nodeAt(root, path);
  if (node === undefined) throw new Error(`No condition at path [${path.join(', ')}]`);
  if (isLeaf(node)) throw new Error(`The condition at path [${path.join(', ')}] is not a group`);
  return node;
}

/**
 * A copy of `root` with the node at `path` replaced by `f(node)`. Replacing the root itself with
 * a leaf wraps it as `asGroup` does. Throws when the path leads nowhere.
 */
export function updateAt(root: Group, path: Path, f: (node: Condition) => Condition): Group {
  if (nodeAt(root, path) === undefined) {
    throw new Error(`No condition at path [${path.join(', ')}]`);
  }
  const walk = (node: Condition, depth: number): Condition => {
    if (depth === path.length) return f(node);
    const group = node as Group;
    const kids = childrenOf(group).slice();
    kids[path[depth]] = walk(kids[path[depth]], depth + 1);
    return makeGroup(joinOf(group), kids);
  };
  return asGroup(walk(root, 0));
}

/** A copy of `root` with the node at `path` replaced by `node`. */
export function replaceAt(root: Group, path: Path, node: Condition): Group {
  return updateAt(root, path, () => node);
}

/**
 * A copy of `root` without the node at `path`. A nested group left without children is removed
 * too (and so on upwards); the root group may become empty. Throws for the root path or a path
 * that leads nowhere.
 */
export function removeAt(root: Group, path: Path): Group {
  if (path.length === 0) throw new Error('The root group cannot be removed');
  const parentPath = path.slice(0, -1);
  const parent = groupAt(root, parentPath);
  const at = path[path.length - 1];
  if (nodeAt(parent, [at]) === undefined) {
    throw new Error(`No condition at path [${path.join(', ')}]`);
  }
  const kids = childrenOf(parent).filter((_, i) => i !== at);
  if (kids.length === 0 && parentPath.length > 0) return removeAt(root, parentPath);
  return replaceAt(root, parentPath, makeGroup(joinOf(parent), kids));
}

function appendAt(root: Group, groupPath: Path, node: Condition): Group {
  const group = groupAt(root, groupPath);
  return replaceAt(root, groupPath, makeGroup(joinOf(group), [...childrenOf(group), node]));
}

/** A copy of `root` with `leaf` appended to the group at `groupPath`. */
export function appendLeaf(root: Group, groupPath: Path, leaf: Leaf): Group {
  return appendAt(root, groupPath, leaf);
}

/**
 * A copy of `root` with a new sub-group holding `leaf` appended to the group at `groupPath`. The
 * sub-group takes the other join than its parent: nesting the same join would change nothing.
 */
export function appendGroup(root: Group, groupPath: Path, leaf: Leaf): Group {
  const join = joinOf(groupAt(root, groupPath));
  return appendAt(root, groupPath, makeGroup(join === 'all' ? 'any' : 'all', [leaf]));
}

/** A copy of `root` with the group at `groupPath` combining its children by `join`. */
export function setJoin(root: Group, groupPath: Path, join: Join): Group {
  const group = groupAt(root, groupPath);
  if (joinOf(group) === join) return root;
  return replaceAt(root, groupPath, makeGroup(join, childrenOf(group)));
}

/** Every leaf under `root` with its path, in reading order. */
export function leavesWithPaths(root: Condition): LeafAt[] {
  const out: LeafAt[] = [];
  const walk = (node: Condition, path: number[]) => {
    if (isLeaf(node)) out.push({ leaf: node, path });
    else childrenOf(node).forEach((c, i) => walk(c, [...path, i]));
  };
  walk(root, []);
  return out;
}

/**
 * A label per leaf with threshold handles (see thresholdCuts), keyed by `path.join('.')`:
 * `<prefix> <feature>`, with ` #2`, ` #3` appended for later such leaves on the same feature so
 * that every histogram's label is unique within the tree. Leaves without handles get none.
 */
export function leafLabels(root: Condition, prefix: string): Map<string, string> {
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const { leaf, path } of leavesWithPaths(root)) {
    if (!thresholdCuts(leaf)) continue;
    const n = (seen.get(leaf.feature) ?? 0) + 1;
    seen.set(leaf.feature, n);
    labels.set(path.join('.'), `${prefix} ${leaf.feature}${n > 1 ? ` #${n}` : ''}`);
  }
  return labels;
}

/** A path as people count it, 1-based and dotted: `[0, 1]` is "1.2". */
export const pathLabel = (path: Path): string => path.map((i) => i + 1).join('.');
