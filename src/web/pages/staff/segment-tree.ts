/** The segments as the tree they form (parentId): composites above their children, siblings by code. */
import type { Language } from '../../i18n/translate.js';
import type { StaffSegment } from './staff-model.js';

export interface SegmentNode {
  segment: StaffSegment;
  depth: number;
  children: SegmentNode[];
}

/** The roots, each with its children; a segment whose parent is not in the list counts as a root. */
export function segmentTree(segments: readonly StaffSegment[]): SegmentNode[] {
  const ids = new Set(segments.map((s) => s.id));
  const byCode = [...segments].sort((a, b) => a.code.localeCompare(b.code));
  const build = (parentId: string | null, depth: number): SegmentNode[] =>
    byCode
      .filter((s) => (parentId === null ? s.parentId === null || !ids.has(s.parentId) : s.parentId === parentId))
      .map((segment) => ({ segment, depth, children: build(segment.id, depth + 1) }));
  return build(null, 0);
}

/** The tree in reading order (each composite, then its children), with depths for indenting. */
export function flattenTree(nodes: readonly SegmentNode[]): { segment: StaffSegment; depth: number }[] {
  return nodes.flatMap((node) => [{ segment: node.segment, depth: node.depth }, ...flattenTree(node.children)]);
}

/** The composites above a segment, nearest first. */
function ancestorIds(segments: readonly StaffSegment[], id: string): string[] {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const ancestors: string[] = [];
  for (let parent = byId.get(id)?.parentId; parent && byId.has(parent) && !ancestors.includes(parent); parent = byId.get(parent)?.parentId) {
    ancestors.push(parent);
  }
  return ancestors;
}

/** Every segment below a composite (none for a leaf). */
export function descendantIds(segments: readonly StaffSegment[], id: string): string[] {
  return segments.filter((s) => s.parentId === id).flatMap((s) => [s.id, ...descendantIds(segments, s.id)]);
}

/**
 * The segments a booking on `id` competes with besides itself: its ancestors (booking a part blocks the composite)
 * and its descendants (booking a composite occupies every part of it).
 */
export const relatedSegmentIds = (segments: readonly StaffSegment[], id: string): string[] => [
  ...ancestorIds(segments, id),
  ...descendantIds(segments, id),
];

/** 'WBR 젖은 노면 제동력 시험로', or its English name in English when it has one. */
export const segmentLabel = (segment: StaffSegment, language: Language): string =>
  `${segment.code} ${language === 'en' && segment.nameEn ? segment.nameEn : segment.name}`;
