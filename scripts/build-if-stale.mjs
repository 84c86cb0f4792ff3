// `npm start` runs the built app; this rebuilds first when a source is newer than the build
// (npm ci already built it through `prepare`, so a fresh clone starts at once).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const built = (() => {
  try {
    return statSync('dist/src/main.js').mtimeMs;
  } catch {
    return 0;
  }
})();

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(full).mtimeMs);
  }
  return latest;
}

if (Math.max(newest('src'), newest('migrations')) > built) {
  console.log('sources changed since the last build: building ...');
  const result = spawnSync('npx', ['nest', 'build'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
