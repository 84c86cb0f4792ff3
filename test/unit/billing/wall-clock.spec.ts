import fc from 'fast-check';
import { localDate, localMinuteOfDay, localWeekday } from '../../../src/segments/local-time.js';
import { wallClock, wallClocksWithin } from '../../../src/billing/wall-clock.js';

const ZONES = ['Asia/Seoul', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'UTC'];
const instant = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms));
const expected = (at: Date, zone: string) => ({ date: localDate(at, zone), minute: localMinuteOfDay(at, zone), weekday: localWeekday(at, zone) });

describe('wallClock()', () => {
  it('agrees with localDate, localMinuteOfDay and localWeekday', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        expect(wallClock(at, zone)).toEqual(expected(at, zone));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('wallClocksWithin()', () => {
  it('agrees with the zone lookups for every instant of a span, across DST switches too', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 4 * 1440 }), fc.constantFrom(...ZONES), (from, minutes, zone) => {
        const to = new Date(from.getTime() + minutes * 60_000);
        const clockAt = wallClocksWithin(from, to, zone);
        for (let m = 0; m < minutes; m += 30) {
          const at = new Date(from.getTime() + m * 60_000);
          expect(clockAt(at)).toEqual(expected(at, zone));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('spans a spring-forward and a fall-back switch', () => {
    // Europe/Berlin: 2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00
    for (const [from, minutes] of [['2026-03-28T22:00:00Z', 360], ['2026-10-24T22:00:00Z', 360]] as const) {
      const start = new Date(from);
      const clockAt = wallClocksWithin(start, new Date(start.getTime() + minutes * 60_000), 'Europe/Berlin');
      for (let m = 0; m < minutes; m += 30) {
        const at = new Date(start.getTime() + m * 60_000);
        expect(clockAt(at)).toEqual(expected(at, 'Europe/Berlin'));
      }
    }
  });
});
