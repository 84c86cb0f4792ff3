import { ComingSoon } from '../ComingSoon.js';

export default function Users() {
  return <ComingSoon page="users" />;
}
