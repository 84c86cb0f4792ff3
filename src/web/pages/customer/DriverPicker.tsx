import { useT } from '../../i18n/context.js';
import type { Driver, Segment } from '../../model.js';
import { CheckGroup } from './CheckGroup.js';

interface DriverPickerProps {
  drivers: readonly Driver[];
  /** The segment booked: its required certification level is the hint. */
  segment: Segment | undefined;
  checked: string[];
  onChange(ids: string[]): void;
  error: unknown;
}

/** The organization's drivers to name on a booking, with their certification. */
export function DriverPicker({ drivers, segment, checked, onChange, error }: DriverPickerProps) {
  const t = useT();
  const level = segment?.requiredDriverLevel ?? 0;
  return (
    <CheckGroup
      legend={t('pages.customerParts.drivers')}
      name="driverIds"
      error={error}
      checked={checked}
      onChange={onChange}
      hint={drivers.length === 0 ? t('pages.customerParts.noDrivers') : level > 0 ? t('pages.customerParts.driverLevelNeeded', { level }) : undefined}
      options={drivers.map((d) => ({
        value: d.id,
        label: (
          <>
            {d.name}{' '}
            <span className="muted">
              {d.certifiedUntil ? t('pages.customerParts.driverCertified', { level: d.level, until: d.certifiedUntil }) : t('pages.customerParts.driverUncertified')}
            </span>
          </>
        ),
      }))}
    />
  );
}
