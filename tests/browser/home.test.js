// The public home page with JavaScript off, on a 360 px phone and a 1280 px desktop: it loads,
// fits the screen, asks nothing of other hosts, switches language through a plain form POST,
// and passes axe-core with no serious or critical violation; so does the 404 page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newNoScriptContext, startHaven } from './harness.js';
import { checkPage, checkRequests, screenshot, stopHavenCleanly } from './pages.js';

const kViewports = [
  { name: '360', width: 360, height: 740 },
  { name: '1280', width: 1280, height: 800 },
];

// Clicking each in turn walks through every language; `sample` is a letter that only a page
// in that language is likely to show (Ukrainian і/ї/є/ґ are not in Russian).
const kLanguageSteps = [
  { lang: 'ru', label: 'Русский', sample: /[а-яё]/i },
  { lang: 'de', label: 'Deutsch', sample: /[a-zäöüß]/i },
  { lang: 'uk', label: 'Українська', sample: /[іїєґ]/i },
  { lang: 'en', label: 'English', sample: /[a-z]/i },
];

let haven;
let browser;

before(async () => {
  haven = await startHaven();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (haven) await stopHavenCleanly(haven);
});

for (const viewport of kViewports) {
  describe(`JavaScript off, ${viewport.width}x${viewport.height}`, () => {
    let session;
    let page;

    before(async () => {
      session = await newNoScriptContext(browser, { width: viewport.width, height: viewport.height });
      page = await session.context.newPage();
    });

    after(async () => {
      await session?.close();
    });

    test('home page loads in English with its stylesheet', async () => {
      const response = await page.goto(`${haven.url}/`, { waitUntil: 'load' });
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
      const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href));
      assert.ok(sheets.some((href) => href && new URL(href).pathname === '/static/haven.css'),
                `home page does not load /static/haven.css (sheets: ${sheets.join(', ')})`);
      await checkPage(session, page, { viewport, lang: 'en', what: 'home (en)' });
      await screenshot(page, `home-en-${viewport.name}`);
    });

    test('language switch works without JavaScript', async () => {
      for (const step of kLanguageSteps) {
        const button = page.locator(`form[action="/language"] button[name="lang"][value="${step.lang}"]`);
        assert.equal(await button.count(), 1, `one ${step.label} button in the language form`);
        assert.match((await button.innerText()).trim(), new RegExp(step.label, 'i'));
        const [response] = await Promise.all([
          page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }),
          button.click(),
        ]);
        assert.equal(response?.status(), 200, `after choosing ${step.label}`);
        assert.equal(new URL(page.url()).pathname, '/', `after choosing ${step.label} the form returns to "next" (/)`);
        const text = await page.locator('body').innerText();
        assert.match(text, step.sample, `page text after choosing ${step.label}`);
        await checkPage(session, page, { viewport, lang: step.lang, what: `home (${step.lang})` });
        if (step.lang !== 'en') await screenshot(page, `home-${step.lang}-${viewport.name}`);
      }
    });

    test('unknown path gives the 404 page', async () => {
      await session.context.clearCookies(); // a first-time visitor: English
      const response = await page.goto(`${haven.url}/no-such-page`, { waitUntil: 'load' });
      assert.equal(response.status(), 404);
      assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
      await checkPage(session, page, { viewport, lang: 'en', what: '404 page' });
      await screenshot(page, `not-found-${viewport.name}`);
    });

    test('no request left 127.0.0.1 and none failed', () => checkRequests(session));
  });
}
