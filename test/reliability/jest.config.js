// `npm run test:reliability`: app processes from the build under load, killed, and a PostgreSQL
// stopped under them (see test/reliability/*.rel-spec.ts). Not part of `npm test`: it takes minutes.
// RELIABILITY_SHORT=1 runs the same checks with less load and shorter phases (for CI).
import { common, database } from '../../jest.config.js';

export default {
  ...common,
  ...database,
  rootDir: '../..',
  displayName: 'reliability',
  testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'],
  // one file at a time: each spawns app processes and saturates the machine on purpose
  maxWorkers: 1,
  testTimeout: 10 * 60_000,
};
