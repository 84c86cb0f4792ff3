import { ComingSoon } from '../ComingSoon.js';

export default function Drivers() {
  return <ComingSoon page="drivers" />;
}
