import type { Segment, Slot } from '../../model.js';
import { Button } from '../../components/Button.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { formatSpan } from '../../time.js';
import { segmentLabel } from './hooks.js';

interface SlotChoicesProps {
  title: string;
  slots: readonly Slot[];
  segments: readonly Segment[] | undefined;
  onChoose(slot: Slot): void;
  testId: string;
}

/** Free times to pick from (suggestions of the API): each a button that takes that time. */
export function SlotChoices({ title, slots, segments, onChoose, testId }: SlotChoicesProps) {
  const t = useT();
  const zone = useZone();
  if (slots.length === 0) return null;
  return (
    <section className="slot-choices" data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {slots.map((slot) => {
          const text = `${formatSpan(slot.start, slot.end, zone)} · ${segmentLabel(segments, slot.segmentId)}`;
          return (
            <li key={`${slot.segmentId}|${slot.start}`}>
              <Button onClick={() => onChoose(slot)} data-testid={`${testId}-item`} aria-label={t('pages.customerParts.takeSlot', { slot: text })}>
                {text}
              </Button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
