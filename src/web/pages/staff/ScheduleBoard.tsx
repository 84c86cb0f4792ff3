import { ComingSoon } from '../ComingSoon.js';

export default function ScheduleBoard() {
  return <ComingSoon page="schedule" />;
}
