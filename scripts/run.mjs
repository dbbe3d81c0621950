#!/usr/bin/env node
// The README's commands: `npm start`, `npm test`, `npm run dev` (or the same with pnpm).
// On a fresh machine with only Node and npm this fetches the pinned pnpm, installs the workspace,
// builds what is missing or stale (turbo's cache decides), then starts the app or runs the tests.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager; // "pnpm@x.y.z"
const pinnedVersion = pinned.split('@')[1];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(cmd, args) {
  const status = run(cmd, args);
  if (status !== 0) process.exit(status);
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env });
  if (probe.status === 0 && probe.stdout.trim().split('.')[0] === pinnedVersion.split('.')[0]) return ['pnpm'];
  return ['npx', '--yes', pinned];
}

const [command = 'start', ...rest] = process.argv.slice(2);
const [pnpm, ...pnpmPrefix] = pnpmCommand();
const pn = (...args) => must(pnpm, [...pnpmPrefix, ...args]);

pn('install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only');

switch (command) {
  case 'start':
    pn('exec', 'turbo', 'run', 'build', '--filter=@qms/server...', '--filter=@qms/web...', '--output-logs=errors-only');
    process.exit(run(process.execPath, [join(root, 'apps/server/dist/main.js'), ...rest]));
  case 'dev':
    pn('exec', 'turbo', 'run', 'dev', '--filter=@qms/server', '--filter=@qms/web');
    break;
  case 'test':
    pn('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
    pn('exec', 'turbo', 'run', 'test', '--concurrency=1', '--output-logs=new-only', ...rest);
    break;
  default:
    console.error(`Unknown command "${command}". Use start, dev or test.`);
    process.exit(2);
}
