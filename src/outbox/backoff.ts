const SECOND = 1000;

/**
 * When to try a delivery again after its `attempts`-th failure: the schedule's next delay (its
 * last value repeats), or null once that would fall beyond `windowSeconds` after `firstAt` —
 * then the delivery is given up as failed.
 */
export function nextAttemptAt(attempts: number, scheduleSeconds: readonly number[], firstAt: Date, windowSeconds: number, now: Date): Date | null {
  if (scheduleSeconds.length === 0 || attempts < 1) throw new RangeError('a schedule and at least one attempt are needed');
  const delay = scheduleSeconds[Math.min(attempts, scheduleSeconds.length) - 1] * SECOND;
  const next = new Date(now.getTime() + delay);
  return next.getTime() > firstAt.getTime() + windowSeconds * SECOND ? null : next;
}
