import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const app = globalThis.__BROWSER_APP__;
  if (!app) return;
  if (app.child.exitCode === null) {
    const exited = new Promise((resolve) => app.child.once('exit', resolve));
    app.child.kill('SIGTERM'); // the app stops its embedded PostgreSQL on the way out
    await exited;
  }
  await rm(app.dataDir, { recursive: true, force: true });
}
