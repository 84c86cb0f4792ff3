import { ComingSoon } from '../ComingSoon.js';

export default function Quotas() {
  return <ComingSoon page="quotas" />;
}
