import { ComingSoon } from '../ComingSoon.js';

export default function Reports() {
  return <ComingSoon page="reports" />;
}
