import { useId, type ReactNode } from 'react';
import { ApiError } from '../api.js';
import { useT } from '../i18n/context.js';

/** What Field hands to its input: spread it onto the `<input>`, `<select>` or `<textarea>`. */
export interface ControlProps {
  id: string;
  name: string;
  required?: boolean;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface FieldProps {
  label: ReactNode;
  /** The field's name in the request body: problems in the error's `details.fields` under this name show here. */
  name: string;
  /** The failed request (an ApiError, as useAction and usePoll give it). */
  error?: unknown;
  /** A problem found before sending, already in the user's language. */
  problem?: string;
  hint?: ReactNode;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}

/**
 * A labelled form control with its hint and problems, tied together for screen readers:
 *
 *   <Field label={t('auth.email')} name="email" error={save.error} required>
 *     {(control) => <input {...control} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
 *   </Field>
 */
export function Field({ label, name, error, problem, hint, required, children }: FieldProps) {
  const t = useT();
  const id = useId();
  const fromApi = error instanceof ApiError ? error.problemsOf(name) : [];
  const invalid = Boolean(problem) || fromApi.length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const problemId = invalid ? `${id}-problem` : undefined;
  const describedBy = [problemId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && <span className="field-required"> ({t('common.required')})</span>}
      </label>
      {children({ id, name, required, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={problemId} className="field-problem">
          {problem ?? t('problems.invalid')}
          {fromApi.length > 0 && <span lang="en">: {fromApi.join('; ')}</span>}
        </p>
      )}
    </div>
  );
}
