import { useId, type ReactNode } from 'react';
import { ApiError } from '../../api.js';
import { useT } from '../../i18n/context.js';

interface CheckGroupProps<T extends string> {
  legend: ReactNode;
  /** The field's name in the request body: the API's problems with it show under the group. */
  name: string;
  options: readonly { value: T; label: ReactNode }[];
  checked: readonly T[];
  onChange(checked: T[]): void;
  error?: unknown;
  /** A problem found before sending, in the user's language. */
  problem?: string;
  hint?: ReactNode;
}

/** The problems of a group of controls: one found before sending, or the API's with the field `name`. */
export function groupProblems(name: string, error: unknown, problem?: string): { invalid: boolean; fromApi: string[] } {
  const fromApi = error instanceof ApiError ? error.problemsOf(name) : [];
  return { invalid: Boolean(problem) || fromApi.length > 0, fromApi };
}

export function GroupProblem({ id, fromApi, problem }: { id: string; fromApi: string[]; problem?: string }) {
  const t = useT();
  return (
    <p id={id} className="field-problem">
      {problem ?? t('problems.invalid')}
      {fromApi.length > 0 && <span lang="en">: {fromApi.join('; ')}</span>}
    </p>
  );
}

/** Checkboxes for a list field (drivers, weekdays, webhook events): a fieldset with its legend, hint and problems. */
export function CheckGroup<T extends string>({ legend, name, options, checked, onChange, error, problem, hint }: CheckGroupProps<T>) {
  const id = useId();
  const { invalid, fromApi } = groupProblems(name, error, problem);
  const toggle = (value: T, on: boolean) => onChange(on ? [...checked, value] : checked.filter((v) => v !== value));
  return (
    <fieldset className={invalid ? 'check-group field-invalid' : 'check-group'} aria-describedby={invalid ? `${id}-problem` : hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      <div className="check-options">
        {options.map((option) => (
          <label key={option.value} className="check-option">
            <input type="checkbox" name={name} value={option.value} checked={checked.includes(option.value)} onChange={(e) => toggle(option.value, e.target.checked)} />
            {option.label}
          </label>
        ))}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {invalid && <GroupProblem id={`${id}-problem`} fromApi={fromApi} problem={problem} />}
    </fieldset>
  );
}
