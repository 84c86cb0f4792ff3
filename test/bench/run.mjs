// `npm run bench`: every benchmark, one process each (so none warms another), in order; arguments (e.g. --write)
// are passed on. `npm run bench -- --only=booking` runs one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = ['booking', 'availability', 'series', 'invoices', 'utilization'];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--only='));
let failed = 0;
for (const name of BENCHES.filter((b) => !only || only.includes(b))) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const run = spawnSync(process.execPath, [path.join(here, `${name}.bench.mjs`), ...args], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
