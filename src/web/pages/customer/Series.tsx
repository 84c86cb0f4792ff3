import { ComingSoon } from '../ComingSoon.js';

export default function Series() {
  return <ComingSoon page="series" />;
}
