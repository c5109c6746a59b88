// What every browser test checks on a page and how it moves between pages: the page's
// language, no horizontal scroll, axe-core clean, a screenshot, a form submitted by a click,
// and at the end that no request left 127.0.0.1 or failed. Shared by every *.test.js.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describeViolations, foreignRequests, screenshotDir, seriousViolations } from './harness.js';

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`), fullPage: true });
}

// `sameHtml`: check the page's own HTML (the answer to a POST cannot be fetched again).
export async function checkPage(session, page, { viewport, lang, what, sameHtml = false }) {
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${what}: <html lang>`);
  const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(scrollWidth <= viewport.width,
            `${what}: horizontal scroll at ${viewport.width} px (scrollWidth ${scrollWidth})`);
  const serious = seriousViolations(await session.axe(page, { sameHtml }));
  assert.deepEqual(serious, [], `${what}: axe-core found serious/critical violations:\n${describeViolations(serious)}`);
}

// Clicks `button` and waits for the page it leads to; returns that response.
export async function submit(page, button) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: 15_000 }),
    button.click(),
  ]);
  return response;
}

// The last check of a session: requests were made, none to another host, none failed.
export function checkRequests(session) {
  assert.ok(session.requests.length > 0, 'requests were recorded');
  assert.deepEqual(foreignRequests(session.requests), [], 'requests to other hosts');
  // A form post that navigates while the browser is still fetching the icon aborts that
  // fetch (net::ERR_ABORTED on the client side): not an answer the server failed to give.
  const failures = session.failures.filter(
    (f) => !(f.includes('/static/favicon.svg') && f.endsWith('net::ERR_ABORTED')));
  assert.deepEqual(failures, [], 'failed requests');
}

// Stops haven with SIGTERM and checks that it ended in time and cleanly.
export async function stopHavenCleanly(haven) {
  const exit = await haven.stop();
  assert.ok(exit.graceful, `haven did not stop within the time limit after SIGTERM\n${haven.stderr()}`);
  assert.equal(exit.code, 0, `haven exited with code ${exit.code}, signal ${exit.signal} after SIGTERM\n${haven.stderr()}`);
}
