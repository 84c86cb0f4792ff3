import { ComingSoon } from '../ComingSoon.js';

export default function CalendarFeed() {
  return <ComingSoon page="calendarFeed" />;
}
