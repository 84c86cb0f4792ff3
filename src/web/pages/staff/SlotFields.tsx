/** Where and when, as staff enter it: a segment from the tree and a start and end on the facility wall clock. */
import { Field } from '../../components/Field.js';
import { useI18n } from '../../i18n/context.js';
import { fromDateTimeLocal } from '../../time.js';
import { flattenTree, segmentLabel, segmentTree } from './segment-tree.js';
import type { StaffSegment } from './staff-model.js';

/** The form's values: `start` and `end` as `<input type="datetime-local">` values, facility-local. */
export interface SlotValue {
  segmentId: string;
  start: string;
  end: string;
}

/** The request's fields, or the names of the inputs that do not hold a time. */
export function slotBody(value: SlotValue, zone: string): { segmentId: string; start: string; end: string } | { invalid: ('start' | 'end')[] } {
  const start = fromDateTimeLocal(value.start, zone);
  const end = fromDateTimeLocal(value.end, zone);
  if (start && end) return { segmentId: value.segmentId, start, end };
  return { invalid: [...(start ? [] : ['start' as const]), ...(end ? [] : ['end' as const])] };
}

/** A segment select listing the tree, children indented under their composite. */
function SegmentOptions({ segments }: { segments: readonly StaffSegment[] }) {
  const { language } = useI18n();
  return (
    <>
      {flattenTree(segmentTree(segments)).map(({ segment, depth }) => (
        <option key={segment.id} value={segment.id}>
          {'\u00a0\u00a0'.repeat(depth * 2)}
          {segmentLabel(segment, language)}
        </option>
      ))}
    </>
  );
}

interface SlotFieldsProps {
  value: SlotValue;
  onChange(value: SlotValue): void;
  segments: readonly StaffSegment[];
  /** The failed request: its `details.fields` mark the inputs. */
  error: unknown;
  /** Inputs found invalid before sending (slotBody's `invalid`). */
  invalid?: readonly string[];
}

export function SlotFields({ value, onChange, segments, error, invalid = [] }: SlotFieldsProps) {
  const { t } = useI18n();
  const problem = (name: string) => (invalid.includes(name) ? t('pages.staffCommon.timeInvalid') : undefined);
  return (
    <div className="staff-form-row">
      <Field label={t('pages.staffCommon.segment')} name="segmentId" error={error} required>
        {(control) => (
          <select {...control} value={value.segmentId} onChange={(e) => onChange({ ...value, segmentId: e.target.value })}>
            <SegmentOptions segments={segments} />
          </select>
        )}
      </Field>
      <Field label={t('pages.staffCommon.start')} name="start" error={error} problem={problem('start')} required>
        {(control) => (
          <input {...control} type="datetime-local" step={1800} value={value.start} onChange={(e) => onChange({ ...value, start: e.target.value })} />
        )}
      </Field>
      <Field label={t('pages.staffCommon.end')} name="end" error={error} problem={problem('end')} required>
        {(control) => (
          <input {...control} type="datetime-local" step={1800} value={value.end} onChange={(e) => onChange({ ...value, end: e.target.value })} />
        )}
      </Field>
    </div>
  );
}
