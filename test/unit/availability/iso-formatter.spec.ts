import fc from 'fast-check';
import { isoFormatter } from '../../../src/availability/availability.service.js';

describe('isoFormatter()', () => {
  it('formats like Date.prototype.toISOString', () => {
    const iso = isoFormatter();
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        const d = new Date(ms);
        expect(iso(ms)).toBe(d.toISOString());
      }),
      { numRuns: 5000 },
    );
  });

  it('answers a known instant again, extended years included', () => {
    const iso = isoFormatter();
    for (const text of ['2026-12-01T08:00:00.000Z', '2026-12-01T19:59:59.999Z', '1969-12-31T23:59:59.999Z', '0000-01-01T00:00:00.000Z']) {
      expect(iso(Date.parse(text))).toBe(text);
    }
    const far = new Date(Date.UTC(10000, 0, 1));
    expect(iso(far.getTime())).toBe(far.toISOString());
    const before = new Date(-62_167_219_200_001);
    expect(iso(before.getTime())).toBe(before.toISOString());
    expect(iso(Date.parse('2026-12-01T08:00:00.000Z'))).toBe('2026-12-01T08:00:00.000Z');
  });
});
