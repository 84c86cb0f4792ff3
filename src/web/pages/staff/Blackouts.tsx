import { ComingSoon } from '../ComingSoon.js';

export default function Blackouts() {
  return <ComingSoon page="blackouts" />;
}
