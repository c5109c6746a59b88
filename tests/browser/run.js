// Runs the browser tests (`node --test` over tests/browser/*.test.js) after checking what they
// need, so that a missing piece fails with a clear message instead of a stack trace or a skip.
// ctest runs it as the test `browser`; by hand:
//   HAVEN_BINARY=build/<dir>/src/haven [HAVEN_BUILD_DIR=build/<dir>] node tests/browser/run.js
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '..', '..');
const kTimeoutMs = 280_000;

function fail(message) {
  console.error(`browser tests: ${message}`);
  process.exit(1);
}

for (const pkg of ['playwright-core', 'axe-core']) {
  if (!existsSync(path.join(top, 'node_modules', pkg, 'package.json'))) {
    fail(`${path.join(top, 'node_modules', pkg)} is missing: run scripts/install-deps (npm ci from package-lock.json)`);
  }
}
const binary = process.env.HAVEN_BINARY;
if (!binary) fail('HAVEN_BINARY is not set (ctest sets it to the haven target)');
try { accessSync(binary, constants.X_OK); } catch { fail(`HAVEN_BINARY=${binary} is not an executable file`); }
const chromium = process.env.HAVEN_CHROMIUM || '/usr/bin/chromium';
try { accessSync(chromium, constants.X_OK); } catch { fail(`${chromium} is missing: scripts/install-deps installs Debian's chromium`); }

const files = readdirSync(here).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(here, f));
if (files.length === 0) fail(`no *.test.js files in ${here}`);

// Its own process group, so that a time-out or an interrupt reaches every test process.
const child = spawn(process.execPath, ['--test', ...files], { stdio: 'inherit', cwd: top, detached: true });
const stopAll = (why) => {
  console.error(`browser tests: ${why}; stopping them`);
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone already */ }
  setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5_000).unref();
};
const timer = setTimeout(() => stopAll(`no end within ${kTimeoutMs / 1000} s`), kTimeoutMs);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(`got ${signal}`));
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  process.exit(code ?? (signal ? 1 : 0));
});
