import { ComingSoon } from '../ComingSoon.js';

export default function Gate() {
  return <ComingSoon page="gate" />;
}
