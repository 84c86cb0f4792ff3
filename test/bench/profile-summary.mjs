// The top self-time functions of V8 CPU profiles (`node --cpu-prof --cpu-prof-dir=DIR test/bench/x.bench.mjs`):
// `node test/bench/profile-summary.mjs DIR|FILE... [--top=25] [--filter=dist/src]`. Self time is summed per function
// (name, file, line) over every sample; "where" shortens paths to the package or the app's own file.
import { promises as fs } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const filter = args.find((a) => a.startsWith('--filter='))?.slice(9);
const files = [];
for (const arg of args.filter((a) => !a.startsWith('--'))) {
  const stat = await fs.stat(arg);
  if (stat.isDirectory()) files.push(...(await fs.readdir(arg)).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(arg, f)));
  else files.push(arg);
}
if (files.length === 0) {
  process.stderr.write('usage: node test/bench/profile-summary.mjs DIR|FILE... [--top=25] [--filter=TEXT]\n');
  process.exit(2);
}

const where = (url, line) => {
  if (!url) return '';
  const file = url.replace(/^file:\/\//, '');
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  const short = pkg ? `${pkg[1]}:${pkg[2]}` : file.replace(/^.*\/dist\//, 'dist/').replace(/^.*\/test\//, 'test/');
  return `${short}:${line + 1}`;
};

const self = new Map();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(await fs.readFile(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'}\t${where(url, lineNumber)}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
}
const rows = [...self].filter(([key]) => !filter || key.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, top);
process.stdout.write(`${files.length} profile(s), ${(total / 1000).toFixed(0)} ms sampled\n\n| self ms | % | function | where |\n|---:|---:|---|---|\n`);
for (const [key, us] of rows) {
  const [name, at] = key.split('\t');
  process.stdout.write(`| ${(us / 1000).toFixed(1)} | ${((100 * us) / total).toFixed(1)} | ${name} | ${at} |\n`);
}
