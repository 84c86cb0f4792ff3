import { formatWon, parseWon } from '../../../src/web/money.js';

describe('money (web)', () => {
  it('shows whole won with the sign and thousands separators', () => {
    expect(formatWon(1_234_000)).toBe('₩1,234,000');
    expect(formatWon(0)).toBe('₩0');
    expect(formatWon(999)).toBe('₩999');
    expect(formatWon(-55_000)).toBe('-₩55,000');
    expect(formatWon(1_000_000_000_000)).toBe('₩1,000,000,000,000');
  });

  it('reads what a person types into a money field', () => {
    expect(parseWon('1,234,000')).toBe(1_234_000);
    expect(parseWon('₩ 1234000')).toBe(1_234_000);
    expect(parseWon('50,000원')).toBe(50_000);
    expect(parseWon('-5000')).toBe(-5000);
    expect(parseWon('12.5')).toBeNull();
    expect(parseWon('')).toBeNull();
    expect(parseWon('abc')).toBeNull();
  });
});
