// `npm start` runs the built app; this rebuilds first what is older than its sources: the server (dist/src) and
// the web app (dist/web). `npm ci` already built both through `prepare`, so a fresh clone starts at once.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function builtAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of the files under `dir` that `counts` admits. */
function newest(dir, counts) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full, counts));
    else if (counts(full)) latest = Math.max(latest, statSync(full).mtimeMs);
  }
  return latest;
}

const WEB = `src${path.sep}web${path.sep}`;
const serverSource = (file) => file.endsWith('.ts') && !file.startsWith(WEB);
// The web app is all of src/web, and the server's .ts it imports (facility-local time).
const webSource = (file) => file.startsWith(WEB) || file.endsWith('.ts');

const builds = [
  { name: 'server', stale: Math.max(newest('src', serverSource), newest('migrations', serverSource)) > builtAt('dist/src/main.js'), command: ['npx', 'nest', 'build'] },
  { name: 'web app', stale: newest('src', webSource) > builtAt('dist/web/index.html'), command: ['npm', 'run', 'build:web'] },
];

for (const build of builds.filter((b) => b.stale)) {
  console.log(`the ${build.name}'s sources changed since its last build: building ...`);
  const result = spawnSync(build.command[0], build.command.slice(1), { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
