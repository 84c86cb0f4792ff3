import { ComingSoon } from '../ComingSoon.js';

export default function MyReservations() {
  return <ComingSoon page="myReservations" />;
}
