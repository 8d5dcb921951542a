// Adds the platform-specific optional packages of rollup that this machine's registry mirror lacks (404), so that
// `npm ci` accepts the lock file. On this platform npm skips them (os/cpu mismatch) without fetching anything.
// Run after `npm install` on a machine whose registry mirror 404s other platforms' rollup packages (npm ci refuses a
// lock file without them): node scripts/patch-lock.cjs
const fs = require('fs');
const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const rollup = lock.packages['node_modules/rollup'];
let added = 0;
for (const [name, version] of Object.entries(rollup.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const parts = name.replace('@rollup/rollup-', '').split('-');
  const os = parts[0];
  const cpu = parts[1];
  const abi = parts[2] ?? '';
  const entry = { version, cpu: [cpu], dev: true, license: 'MIT', optional: true, os: [os] };
  if (os === 'linux') entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  lock.packages[key] = entry;
  added += 1;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} entries`);
