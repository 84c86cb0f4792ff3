import { ComingSoon } from '../ComingSoon.js';

export default function Approvals() {
  return <ComingSoon page="approvals" />;
}
