import { ComingSoon } from '../ComingSoon.js';

export default function FindTime() {
  return <ComingSoon page="findTime" />;
}
