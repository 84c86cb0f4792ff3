/**
 * Korean business registration number (사업자등록번호) `123-45-67890`:
 * the tenth digit is a check digit over the first nine with weights
 * 1,3,7,1,3,7,1,3,5, plus the tens of 5 × the ninth digit.
 */
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

export function checkDigit(firstNine: number[]): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += firstNine[i] * WEIGHTS[i];
  sum += Math.floor((firstNine[8] * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

export function isBusinessNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{3}-\d{2}-\d{5}$/.test(value)) return false;
  const digits = value.replace(/-/g, '').split('').map(Number);
  return checkDigit(digits.slice(0, 9)) === digits[9];
}

/** Formats nine digits plus their check digit as `NNN-NN-NNNNN` (demo data and tests). */
export function withCheckDigit(firstNine: string): string {
  const digits = firstNine.split('').map(Number);
  const all = `${firstNine}${checkDigit(digits)}`;
  return `${all.slice(0, 3)}-${all.slice(3, 5)}-${all.slice(5)}`;
}
