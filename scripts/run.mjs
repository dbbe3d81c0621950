#!/usr/bin/env node
// The README's commands: `npm start`, `npm test`, `npm run dev` (or the same with pnpm).
// On a fresh machine with only Node and npm this fetches the pinned pnpm, installs the workspace,
// builds what is missing or stale (turbo's cache decides), then starts the app or runs the tests.
import { spawn, spawnSync } from 'node:child_process';
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

// Colour codes in the test runners' output (ESC [ … m).
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Runs the tests, echoing their output, and ends with one line: "N passed, N failed". */
function runCounting(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'] });
    const totals = { passed: 0, failed: 0, skipped: 0 };
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        // vitest's per-package summary, e.g. "Tests  2 failed | 20 passed | 1 skipped (23)"
        const plain = line.replace(ANSI_COLOUR, '');
        if (!/^\S*\s*Tests\s+\d/.test(plain.replace(/^[^:]*:\s*/, ''))) continue;
        for (const [, n, kind] of plain.matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
      }
    });
    child.on('close', (code) => {
      const failed = code !== 0 && totals.failed === 0 ? 1 : totals.failed;
      console.log(`\n${totals.passed} passed, ${failed} failed${totals.skipped ? ` (${totals.skipped} skipped)` : ''}`);
      resolve(code ?? 1);
    });
  });
}

const [command = 'start', ...rest] = process.argv.slice(2);
const [pnpm, ...pnpmPrefix] = pnpmCommand();
const pn = (...args) => must(pnpm, [...pnpmPrefix, ...args]);

pn('install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only');

switch (command) {
  case 'start':
    pn('exec', 'turbo', 'run', 'build', '--filter=@qms/server...', '--filter=@qms/web...', '--output-logs=errors-only');
    process.exit(run(process.execPath, [join(root, 'apps/server/dist/main.js'), ...rest]));
    break;
  case 'dev':
    pn('exec', 'turbo', 'run', 'dev', '--filter=@qms/server', '--filter=@qms/web');
    break;
  case 'test': {
    // Type errors in tests are caught too: vitest itself only strips types.
    pn('exec', 'turbo', 'run', 'build', 'typecheck', '--output-logs=errors-only');
    // The layers, import cycles and file sizes (eslint.config.js).
    pn('run', 'lint');
    const status = await runCounting(pnpm, [...pnpmPrefix, 'exec', 'turbo', 'run', 'test', '--concurrency=1', ...rest]);
    process.exit(status);
    break;
  }
  default:
    console.error(`Unknown command "${command}". Use start, dev or test.`);
    process.exit(2);
}
