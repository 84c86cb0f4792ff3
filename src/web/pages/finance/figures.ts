/** Numbers as the finance screens show and read them. Pure: no React, no browser API (test/unit/web/finance.spec.ts). */

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Minutes and other counts with digit groups: '12,345'. */
export const formatCount = (n: number): string => COUNT.format(n);

/** A ratio 0..1 as a percent with one decimal: '12.3%'. */
export const formatPercent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

/**
 * The value of an `<input type="number">` for a request body: undefined when empty (the server's default applies,
 * or it names the missing field), else the number as typed (a fraction is refused by the server, with the field).
 */
export const numberOrUndefined = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));
