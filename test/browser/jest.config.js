// `npm run test:browser`: the web app in Debian's Chromium (playwright-core), against the built app started on a
// fresh embedded database with the demo data (test/browser/support/global-setup.mjs). Screenshots of the main
// screens are saved into docs/screenshots/.
import { common } from '../../jest.config.js';

export default {
  ...common,
  rootDir: '../..',
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/test/browser/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/browser/support/global-teardown.mjs',
  // one browser, one app, one file at a time: the files share the app's data
  maxWorkers: 1,
  testTimeout: 180_000,
};
