import { ComingSoon } from '../ComingSoon.js';

export default function Organizations() {
  return <ComingSoon page="organizations" />;
}
