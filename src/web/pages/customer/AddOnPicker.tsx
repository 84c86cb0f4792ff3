import { useId } from 'react';
import { useT } from '../../i18n/context.js';
import { GroupProblem, groupProblems } from './CheckGroup.js';
import type { AddOn, CatalogItem } from './types.js';

interface AddOnPickerProps {
  items: readonly CatalogItem[];
  addOns: AddOn[];
  onChange(addOns: AddOn[]): void;
  error: unknown;
}

/** Quantities of the catalog's add-ons (test driver hours, data logger days…) ordered with a booking; 0 = none. */
export function AddOnPicker({ items, addOns, onChange, error }: AddOnPickerProps) {
  const t = useT();
  const id = useId();
  const { invalid, fromApi } = groupProblems('addOns', error);
  const quantityOf = (code: string) => addOns.find((a) => a.itemCode === code)?.quantity ?? 0;
  // in the catalog's order, so that the same choice is the same request
  const set = (itemCode: string, quantity: number) =>
    onChange(items.map((i) => ({ itemCode: i.code, quantity: i.code === itemCode ? quantity : quantityOf(i.code) })).filter((a) => a.quantity > 0));
  if (items.length === 0) return null;
  return (
    <fieldset className={invalid ? 'add-ons field-invalid' : 'add-ons'} aria-describedby={invalid ? `${id}-problem` : undefined}>
      <legend>{t('pages.customerParts.addOns')}</legend>
      {items.map((item) => (
        <div key={item.code} className="add-on">
          <label htmlFor={`${id}-${item.code}`}>
            {item.name} <span className="muted">({t(`pages.customerParts.per.${item.unit}`)})</span>
          </label>
          <input
            id={`${id}-${item.code}`}
            type="number"
            min={0}
            max={1000}
            step={1}
            inputMode="numeric"
            value={quantityOf(item.code)}
            onChange={(e) => set(item.code, Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          />
        </div>
      ))}
      {invalid && <GroupProblem id={`${id}-problem`} fromApi={fromApi} />}
    </fieldset>
  );
}
