import { formatCount, formatPercent, numberOrUndefined } from '../../../src/web/pages/finance/figures.js';
import { addMonths, isMonth, monthsBetween, thisMonth } from '../../../src/web/pages/finance/months.js';

describe('finance months', () => {
  it('recognizes YYYY-MM', () => {
    expect(isMonth('2026-03')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-3')).toBe(false);
    expect(isMonth('')).toBe(false);
  });

  it('adds and subtracts months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-05', 0)).toBe('2026-05');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });

  it('takes the month from the facility zone, not the machine’s', () => {
    // 31 Oct 2026 20:00 in Los Angeles is already 1 November in Seoul
    const instant = '2026-11-01T03:00:00Z';
    expect(thisMonth('Asia/Seoul', instant)).toBe('2026-11');
    expect(thisMonth('America/Los_Angeles', instant)).toBe('2026-10');
  });

  it('lists the months of a range, both ends included', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-05', '2026-05')).toEqual(['2026-05']);
    expect(monthsBetween('2026-05', '2026-04')).toEqual([]);
  });

});

describe('finance figures', () => {
  it('formats counts and ratios', () => {
    expect(formatCount(123456.4)).toBe('123,456');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(0)).toBe('0.0%');
  });

  it('reads number inputs, leaving an empty one out', () => {
    expect(numberOrUndefined('')).toBeUndefined();
    expect(numberOrUndefined('  ')).toBeUndefined();
    expect(numberOrUndefined('30')).toBe(30);
    expect(numberOrUndefined('1.5')).toBe(1.5);
  });
});
