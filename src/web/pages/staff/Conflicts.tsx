import { ComingSoon } from '../ComingSoon.js';

export default function Conflicts() {
  return <ComingSoon page="conflicts" />;
}
