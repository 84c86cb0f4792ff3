import { ComingSoon } from '../ComingSoon.js';

export default function Support() {
  return <ComingSoon page="support" />;
}
