import fc from 'fast-check';
import { nextAttemptAt } from '../../../src/outbox/backoff.js';

const T0 = new Date('2026-11-26T00:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('nextAttemptAt: the retry schedule of outbox deliveries', () => {
  it('follows the schedule, its last delay repeating, until the window is over', () => {
    const schedule = [30, 120, 600];
    expect(nextAttemptAt(1, schedule, T0, 86_400, at(0))).toEqual(at(30));
    expect(nextAttemptAt(2, schedule, T0, 86_400, at(30))).toEqual(at(150));
    expect(nextAttemptAt(3, schedule, T0, 86_400, at(150))).toEqual(at(750));
    expect(nextAttemptAt(9, schedule, T0, 86_400, at(5000))).toEqual(at(5600));
    expect(nextAttemptAt(9, schedule, T0, 86_400, at(86_000))).toBeNull();
    expect(nextAttemptAt(1, schedule, T0, 0, at(0))).toBeNull();
  });

  it('the default webhook schedule retries within a minute, grows, and spans the 24-hour window', () => {
    const schedule = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800];
    let now = T0;
    const delays: number[] = [];
    for (let attempt = 1; ; attempt++) {
      const next = nextAttemptAt(attempt, schedule, T0, 86_400, now);
      if (!next) break;
      delays.push((next.getTime() - now.getTime()) / 1000);
      now = next;
    }
    expect(delays[0]).toBeLessThanOrEqual(60);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect((now.getTime() - T0.getTime()) / 3600_000).toBeGreaterThan(20);
    expect((now.getTime() - T0.getTime()) / 3600_000).toBeLessThanOrEqual(24);
  });

  it('never schedules beyond the window, and always schedules after now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        (attempts, schedule, window, elapsed) => {
          const next = nextAttemptAt(attempts, schedule, T0, window, at(elapsed));
          if (next === null) return elapsed + schedule[Math.min(attempts, schedule.length) - 1] > window;
          return next.getTime() >= at(elapsed).getTime() && next.getTime() <= at(window).getTime();
        },
      ),
    );
  });

  it('refuses an empty schedule or a zeroth attempt', () => {
    expect(() => nextAttemptAt(1, [], T0, 10, T0)).toThrow(RangeError);
    expect(() => nextAttemptAt(0, [1], T0, 10, T0)).toThrow(RangeError);
  });
});
