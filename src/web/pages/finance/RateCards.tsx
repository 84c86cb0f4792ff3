import { ComingSoon } from '../ComingSoon.js';

export default function RateCards() {
  return <ComingSoon page="rates" />;
}
