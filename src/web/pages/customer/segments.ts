/** How the customer screens name segment kinds: the demo facility's kinds in words, any other kind as it is. */
import type { Translate } from '../../i18n/context.js';

const KNOWN_KINDS = ['facility', 'high_speed', 'general', 'braking', 'handling', 'gradient', 'noise', 'its', 'durability'] as const;

export function kindLabel(t: Translate, kind: string): string {
  const known = KNOWN_KINDS.find((k) => k === kind);
  return known ? t(`pages.customerParts.kind.${known}`) : kind;
}
