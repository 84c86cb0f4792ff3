import type { ButtonHTMLAttributes } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  /** While an action runs: disabled, marked aria-busy. */
  busy?: boolean;
}

/** A button that is not a submit button unless it says so (`type="submit"`). */
export function Button({ variant = 'secondary', busy = false, type = 'button', disabled, className, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={['btn', `btn-${variant}`, className].filter(Boolean).join(' ')}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    />
  );
}
