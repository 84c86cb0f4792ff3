import fc from 'fast-check';
import { checkDigit, isBusinessNumber, withCheckDigit } from '../../src/organizations/business-number.js';

/** `'124-81-00998'` → `[1, 2, 4, 8, 1, 0, 0, 9, 9, 8]` */
const digitsOf = (formatted: string): number[] => formatted.replace(/-/g, '').split('').map(Number);

/** Every variant of a formatted number with exactly one digit replaced by another digit. */
function singleDigitChanges(formatted: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < formatted.length; i++) {
    if (formatted[i] === '-') continue;
    for (let d = 0; d <= 9; d++) {
      if (String(d) === formatted[i]) continue;
      out.push(`${formatted.slice(0, i)}${d}${formatted.slice(i + 1)}`);
    }
  }
  return out;
}

describe('business registration number (사업자등록번호)', () => {
  // Worked by hand with the documented algorithm: weights 1,3,7,1,3,7,1,3,5 over the first nine digits,
  // plus floor(5 × ninth / 10), check = (10 − sum mod 10) mod 10.
  //   124-81-0099?: 1+6+28+8+3+0+0+27+45 = 118, + floor(45/10) = 4 → 122 → check 8   (Samsung Electronics)
  //   220-81-6251?: 2+6+0+8+3+42+2+15+5  = 83,  + floor(5/10)  = 0 → 83  → check 7   (Naver)
  //   107-86-1407?: 1+0+49+8+18+7+4+0+35 = 122, + floor(35/10) = 3 → 125 → check 5   (LG Electronics)
  //   123-45-6789?: 1+6+21+4+15+42+7+24+45 = 165, + 4 → 169 → check 1
  //   111-11-1111?: 31, + 0 → 31 → check 9
  //   222-22-2222?: 62, + 1 → 63 → check 7
  //   999-99-9999?: 9 × 31 = 279, + 4 → 283 → check 7
  //   000-00-0000?: 0 → check 0 (the (…) mod 10 keeps it a single digit)
  const KNOWN_VALID = [
    '124-81-00998',
    '220-81-62517',
    '107-86-14075',
    '123-45-67891',
    '111-11-11119',
    '222-22-22227',
    '999-99-99997',
    '000-00-00000',
  ];

  describe('checkDigit', () => {
    it.each(KNOWN_VALID)('gives the last digit of %s', (formatted) => {
      const digits = digitsOf(formatted);
      expect(checkDigit(digits.slice(0, 9))).toBe(digits[9]);
    });

    it('always answers a single digit', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (nine) => {
          const c = checkDigit(nine);
          expect(Number.isInteger(c) && c >= 0 && c <= 9).toBe(true);
        }),
        { seed: 20260302, numRuns: 200 },
      );
    });
  });

  describe('withCheckDigit', () => {
    it.each(KNOWN_VALID)('formats the first nine digits of %s with their check digit', (formatted) => {
      expect(withCheckDigit(digitsOf(formatted).slice(0, 9).join(''))).toBe(formatted);
    });
  });

  describe('isBusinessNumber', () => {
    it.each(KNOWN_VALID)('accepts %s', (formatted) => {
      expect(isBusinessNumber(formatted)).toBe(true);
    });

    it.each(KNOWN_VALID)('refuses every wrong last digit of %s', (formatted) => {
      const head = formatted.slice(0, -1);
      const wrong = [...'0123456789'].filter((d) => d !== formatted.slice(-1)).map((d) => `${head}${d}`);
      expect(wrong).toHaveLength(9);
      expect(wrong.filter((candidate) => isBusinessNumber(candidate))).toEqual([]);
    });

    it.each([
      ['no dashes', '1248100998'],
      ['dash missing between the second and third group', '124-8100998'],
      ['dash missing between the first and second group', '12481-00998'],
      ['wrong grouping 2-3-5', '12-481-00998'],
      ['wrong grouping 3-3-4', '124-810-0998'],
      ['spaces instead of dashes', '124 81 00998'],
      ['en dashes instead of hyphens', '124–81–00998'],
      ['a letter', '124-81-0099a'],
      ['a letter in the first group', 'l24-81-00998'],
      ['full-width digits', '１２４-８１-００９９８'],
      ['one digit too many', '124-81-009981'],
      ['one digit too few', '124-81-0099'],
      ['leading space', ' 124-81-00998'],
      ['trailing space', '124-81-00998 '],
      ['trailing newline', '124-81-00998\n'],
      ['empty string', ''],
    ])('refuses a wrong format (%s): %j', (_label, value) => {
      expect(isBusinessNumber(value)).toBe(false);
    });

    it.each([
      ['a number', 1248100998],
      ['null', null],
      ['undefined', undefined],
      ['an array of digits', [1, 2, 4, 8, 1, 0, 0, 9, 9, 8]],
      ['a String object', Object('124-81-00998')],
      ['an object', { toString: () => '124-81-00998' }],
    ])('refuses a non-string (%s)', (_label, value) => {
      expect(isBusinessNumber(value)).toBe(false);
    });
  });

  describe('properties', () => {
    const nineDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 });

    it('withCheckDigit of any nine digits is a valid NNN-NN-NNNNN number starting with those digits', () => {
      fc.assert(
        fc.property(nineDigits, (nine) => {
          const formatted = withCheckDigit(nine);
          expect(formatted).toMatch(/^\d{3}-\d{2}-\d{5}$/);
          expect(formatted.replace(/-/g, '').slice(0, 9)).toBe(nine);
          expect(isBusinessNumber(formatted)).toBe(true);
        }),
        { seed: 42, numRuns: 300 },
      );
    });

    // Why every single-digit change is caught (so the property below may assert `false` unconditionally):
    //  - positions 1–8 have weights 1, 3 or 7, all coprime with 10: changing the digit by δ ∈ ±1…±9 changes
    //    the sum by w·δ ≢ 0 (mod 10), so the expected check digit changes while the tenth digit stays;
    //  - the ninth digit d contributes g(d) = 5d + floor(5d/10) ≡ 0,5,1,6,2,7,3,8,4,9 (mod 10) for d = 0…9,
    //    a permutation of 0…9 (checked in the next test), so changing it also changes the check digit;
    //  - changing the tenth digit itself obviously breaks the equality.
    it('the ninth digit contributes a permutation of 0..9 to the weighted sum mod 10', () => {
      const contribution = (d: number) => (5 * d + Math.floor((5 * d) / 10)) % 10;
      const values = Array.from({ length: 10 }, (_, d) => contribution(d));
      expect(values).toEqual([0, 5, 1, 6, 2, 7, 3, 8, 4, 9]);
      expect(new Set(values).size).toBe(10);
      // and checkDigit really reacts to each ninth digit differently
      const checks = Array.from({ length: 10 }, (_, d) => checkDigit([0, 0, 0, 0, 0, 0, 0, 0, d]));
      expect(new Set(checks).size).toBe(10);
    });

    it('changing any single digit of a valid number makes it invalid', () => {
      fc.assert(
        fc.property(nineDigits, (nine) => {
          const valid = withCheckDigit(nine);
          const variants = singleDigitChanges(valid);
          expect(variants).toHaveLength(90);
          // one expect per run (not per variant) keeps 200 × 90 checks fast; the list names any culprit
          expect(variants.filter((variant) => isBusinessNumber(variant))).toEqual([]);
        }),
        { seed: 7, numRuns: 200 },
      );
    });
  });
});
