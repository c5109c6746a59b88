// Browser-test harness: a throw-away haven instance per test file, Debian's chromium driven by
// playwright-core, and axe-core injected into pages. Test files import from here; nothing here
// downloads anything or talks to any host but 127.0.0.1.
//
// Environment:
//   HAVEN_BINARY     path of the haven executable (required; ctest passes $<TARGET_FILE:haven>)
//   HAVEN_BUILD_DIR  build directory; screenshots go to $HAVEN_BUILD_DIR/screenshots
//                    (default: two levels above HAVEN_BINARY, i.e. build/<dir>)
//   HAVEN_CHROMIUM   browser executable (default /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const kStartTimeoutMs = 15_000;
export const kStopTimeoutMs = 10_000;
export const kInitTimeoutMs = 30_000;
const kListeningLine = /^haven: listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

// The haven binary under test; throws a clear error when it is not set or not executable.
export function havenBinary() {
  const binary = process.env.HAVEN_BINARY;
  if (!binary) throw new Error('HAVEN_BINARY is not set (ctest sets it; by hand: HAVEN_BINARY=build/<dir>/src/haven)');
  accessSync(binary, constants.X_OK);
  return path.resolve(binary);
}

// Directory for screenshots, created on demand.
export function screenshotDir() {
  const build = process.env.HAVEN_BUILD_DIR || path.resolve(path.dirname(havenBinary()), '..');
  const dir = path.join(build, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Runs `binary args` to completion within timeoutMs; resolves {code, signal, stdout, stderr}.
// `input` (a string) goes to stdin, which is otherwise closed; `env` adds variables.
function run(binary, args, timeoutMs, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    if (input !== undefined) child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(binary)} ${args.join(' ')}: no exit within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

// Waits for a child's exit within timeoutMs; resolves {code, signal} or null on time-out.
function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal }); });
  });
}

// Runs `haven args` (a console command such as `org add`) to completion; rejects unless it
// exits 0. Options: `input` for stdin (e.g. a password for --password-stdin), `env`.
// Resolves {stdout, stderr}.
export async function runHaven(args, { input, env } = {}) {
  const result = await run(havenBinary(), args, kInitTimeoutMs, { input, env });
  if (result.code !== 0) {
    throw new Error(`haven ${args.join(' ')} failed (code ${result.code}, signal ${result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

// Starts a fresh instance: temp data dir, `haven init`, then `prepare(dataDir)` if given
// (e.g. `haven org add`, `haven user add` through runHaven), then
// `haven serve --listen 127.0.0.1:0` with `env` added to its environment.
// Resolves {url, port, dataDir, stderr(), stop()}. stop() sends SIGTERM, waits up to
// kStopTimeoutMs (then SIGKILLs), removes the data dir and resolves {code, signal, graceful}.
export async function startHaven({ extraServeArgs = [], prepare, env } = {}) {
  const binary = havenBinary();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'haven-browser-'));
  const dir = path.join(dataDir, 'data');
  const init = await run(binary, ['init', '--data', dir], kInitTimeoutMs);
  if (init.code !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`haven init failed (code ${init.code}, signal ${init.signal}):\n${init.stdout}${init.stderr}`);
  }
  if (prepare) {
    try {
      await prepare(dir);
    } catch (e) {
      rmSync(dataDir, { recursive: true, force: true });
      throw e;
    }
  }

  const child = spawn(binary, ['serve', '--data', dir, '--listen', '127.0.0.1:0', ...extraServeArgs],
                      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  // If this test process ends without stop() (a crash, or run.js's time limit: playwright
  // turns SIGTERM into an exit), take the server down with it.
  const killOnExit = () => {
    try { child.kill('SIGKILL'); } catch { /* gone already */ }
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19)); });

  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  let url;
  try {
    url = await new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`haven serve printed no listening line within ${kStartTimeoutMs} ms; stdout so far: ${JSON.stringify(buffered)}`)), kStartTimeoutMs);
      const onData = (d) => {
        buffered += d;
        const newline = buffered.indexOf('\n');
        if (newline < 0) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining later output
        const first = buffered.slice(0, newline).replace(/\r$/, '');
        const m = kListeningLine.exec(first);
        if (m) resolve(m[1]);
        else reject(new Error(`first stdout line of haven serve is not "haven: listening on http://127.0.0.1:PORT": ${JSON.stringify(first)}`));
      };
      child.stdout.on('data', onData);
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`haven serve exited during start-up (code ${code}, signal ${signal})`)); });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await waitForExit(child, kStopTimeoutMs);
    cleanUp();
    e.message += `\nhaven stderr:\n${stderr}`;
    throw e;
  }

  let stopped = null;
  return {
    url,
    port: Number(new URL(url).port),
    dataDir: dir,
    stderr: () => stderr,
    async stop() {
      if (stopped) return stopped;
      child.kill('SIGTERM');
      let exit = await waitForExit(child, kStopTimeoutMs);
      const graceful = exit !== null;
      if (!graceful) {
        child.kill('SIGKILL');
        exit = await waitForExit(child, kStopTimeoutMs);
      }
      cleanUp();
      process.off('exit', killOnExit);
      stopped = { ...exit, graceful };
      return stopped;
    },
  };
}

// Launches Debian's chromium as STACK.md §6 says (as root, no network chatter). playwright
// gives each launch a fresh temporary profile and removes it on close.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.HAVEN_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
  });
}

// A context with JavaScript disabled, as a visitor with scripts off would have. Browsing is
// recorded: `requests` holds every URL asked for, `failures` every request that failed.
// `axe(page)` checks the page with axe-core (see runAxe). close() closes both contexts.
export async function newNoScriptContext(browser, viewport) {
  const options = { viewport, locale: 'en-US', serviceWorkers: 'block' };
  const context = await browser.newContext({ ...options, javaScriptEnabled: false });
  const requests = [];
  const failures = [];
  const record = (ctx) => {
    ctx.on('request', (r) => requests.push(r.url()));
    ctx.on('requestfailed', (r) => failures.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  };
  record(context);
  let twin = null;
  return {
    context, requests, failures,
    // `{ sameHtml: true }` for a page that a second GET of its URL would not give back
    // (the answer to a POST, a one-time page): the twin gets this page's HTML instead.
    async axe(page, { sameHtml = false } = {}) {
      if (!twin) {
        twin = await browser.newContext({ ...options, javaScriptEnabled: true, bypassCSP: true });
        record(twin);
      }
      return runAxe(twin, context, page.url(), sameHtml ? await page.content() : undefined);
    },
    async close() {
      await twin?.close();
      await context.close();
    },
  };
}

// URLs among `requests` whose host is not 127.0.0.1 (data: and about: have no host).
export function foreignRequests(requests) {
  return requests.filter((u) => {
    const { protocol, hostname } = new URL(u);
    if (protocol === 'data:' || protocol === 'about:' || protocol === 'blob:') return false;
    return hostname !== '127.0.0.1';
  });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core on `url` as the no-script context `from` sees it and returns the violations.
// axe needs JavaScript (its run never finishes in a page with script execution disabled), so
// the page is loaded again in the JS-enabled context `twin` with `from`'s cookies (language,
// session): the server renders the same HTML, and the page itself has no script to behave
// differently. axe's source is evaluated through the DevTools protocol, so page CSP is moot.
// With `html`, the twin's request for `url` is answered with it (its stylesheet and icon
// still come from the server) rather than asking the server again.
export async function runAxe(twin, from, url, html) {
  await twin.clearCookies();
  await twin.addCookies(await from.cookies());
  const page = await twin.newPage();
  try {
    if (html !== undefined) {
      await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    }
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(axeSource);
    return await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
    });
  } finally {
    await page.close();
  }
}

// Violations of impact serious or critical, formatted one a line for an assertion message.
export function seriousViolations(violations) {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
export function describeViolations(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('\n');
}
