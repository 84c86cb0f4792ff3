import { ComingSoon } from '../ComingSoon.js';

export default function Notifications() {
  return <ComingSoon page="notifications" />;
}
