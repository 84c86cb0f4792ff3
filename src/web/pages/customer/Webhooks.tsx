import { ComingSoon } from '../ComingSoon.js';

export default function Webhooks() {
  return <ComingSoon page="webhooks" />;
}
