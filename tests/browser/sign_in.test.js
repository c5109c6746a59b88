// Staff sign-in with JavaScript off on a 360 px phone: for each language an account made
// with `haven user add` signs in with password and TOTP code, sees the staff start page and
// its sessions, passes axe-core, and signs out; a wrong code gets the one generic message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newNoScriptContext, startHaven } from './harness.js';
import { checkPage as checkAnyPage, checkRequests, screenshot, stopHavenCleanly, submit } from './pages.js';
import { addMember, addOrganisation, fillSignIn, kWeakArgon2 } from './staff.js';
import { base32Decode, currentStep, totpCode } from './totp.js';

const kViewport = { width: 360, height: 740 };

// One account per language: a TOTP code is single use per 30 s step, so one account signing
// in four times in a row would have to wait for the clock.
const kLanguages = [
  { lang: 'en', label: 'English', heading: 'Signed in', role: 'Counsellor',
    signIn: 'Sign in', signedOut: 'You are signed out.' },
  { lang: 'ru', label: 'Русский', heading: 'Вы вошли', role: 'Консультант',
    signIn: 'Войти', signedOut: 'Вы вышли из системы.' },
  { lang: 'uk', label: 'Українська', heading: 'Ви увійшли', role: 'Консультант',
    signIn: 'Увійти', signedOut: 'Ви вийшли з системи.' },
  { lang: 'de', label: 'Deutsch', heading: 'Angemeldet', role: 'Beratung',
    signIn: 'Anmelden', signedOut: 'Sie sind abgemeldet.' },
];
const kSignedOutByLang = Object.fromEntries(kLanguages.map((l) => [l.lang, l.signedOut]));
const kRefused = 'The email address, password or code is not right.';

// The RFC 6238 test vector (SHA-1, T = 59 s): checks the helper before trusting it.
test('TOTP helper matches RFC 6238', () => {
  const secret = Buffer.from('12345678901234567890', 'ascii');
  assert.equal(totpCode(secret, Math.floor(59 / 30)), '287082');
  assert.deepEqual(base32Decode('GEZDGNBVGY3TQOJQ'), Buffer.from('1234567890', 'ascii'));
});

let haven;
let browser;
const accounts = {}; // lang -> { email, secret }

before(async () => {
  haven = await startHaven({
    env: kWeakArgon2,
    async prepare(dataDir) {
      const orgId = await addOrganisation(dataDir, { name: 'Connection e.V.' });
      for (const { lang } of kLanguages) {
        accounts[lang] = await addMember(dataDir, orgId, { role: 'counsellor', lang,
                                                           email: `counsellor-${lang}@example.org` });
      }
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (haven) await stopHavenCleanly(haven);
});

function checkPage(session, page, what) {
  return checkAnyPage(session, page, { viewport: kViewport, ...what });
}

describe('staff sign-in, JavaScript off, 360x740', () => {
  let session;
  let page;

  before(async () => {
    session = await newNoScriptContext(browser, kViewport);
    page = await session.context.newPage();
  });

  after(async () => {
    await session?.close();
  });

  test('a wrong code gets the one generic message, and the address stays', async () => {
    const { email, secret } = accounts.en;
    const step = currentStep();
    const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, step + d)));
    let wrong = '000000';
    while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');

    const form = await page.goto(`${haven.url}/sign-in`, { waitUntil: 'load' });
    assert.equal(form.status(), 200);
    assert.equal(form.headers()['cache-control'], 'no-store');
    const response = await fillSignIn(page, { email, code: wrong });
    assert.equal(response.status(), 403);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal((await page.locator('.problem[role="alert"]').innerText()).trim(), kRefused);
    assert.equal(await page.inputValue('#email'), email);
    assert.equal(await page.inputValue('#password'), '', 'the password is never sent back');
    assert.equal(await page.inputValue('#code'), '');
    await checkPage(session, page, { lang: 'en', what: 'refused sign-in' });
    await screenshot(page, 'sign-in-refused-360');
  });

  for (const language of kLanguages) {
    test(`sign in, staff pages and sign out in ${language.label}`, async () => {
      const { email, secret } = accounts[language.lang];
      await page.goto(`${haven.url}/sign-in`, { waitUntil: 'load' });
      const switched = await submit(page, page.locator(`form[action="/language"] button[value="${language.lang}"]`));
      assert.equal(switched.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'the switch returns to the form');
      assert.equal((await page.locator('h1').innerText()).trim(), language.signIn);
      assert.equal(await page.getAttribute('#code', 'autocomplete'), 'one-time-code');
      // No numeric keypad: recovery codes have letters.
      assert.equal(await page.getAttribute('#code', 'inputmode'), null);
      await checkPage(session, page, { lang: language.lang, what: `sign-in (${language.lang})` });
      await screenshot(page, `sign-in-${language.lang}-360`);

      const home = await fillSignIn(page, { email, code: totpCode(secret, currentStep()) });
      assert.equal(home.status(), 200, await page.content());
      assert.equal(new URL(page.url()).pathname, '/staff');
      assert.equal(home.headers()['cache-control'], 'no-store');
      assert.equal((await page.locator('h1').innerText()).trim(), language.heading);
      assert.match(await page.locator('main').innerText(), new RegExp(`Connection e\\.V\\.: ${language.role}`));
      const cookies = await session.context.cookies();
      const cookie = cookies.find((c) => c.name === 'haven_session');
      assert.ok(cookie, 'session cookie set');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      await checkPage(session, page, { lang: language.lang, what: `staff home (${language.lang})` });
      await screenshot(page, `staff-home-${language.lang}-360`);

      const sessions = await submit(page, page.locator('a[href="/staff/sessions"]'));
      assert.equal(sessions.status(), 200);
      // One session: every language signs in its own account, and axe's twin context
      // reuses this browser's cookie rather than signing in.
      assert.equal(await page.locator('.sessions li').count(), 1);
      assert.match(await page.locator('.sessions').innerText(), /Chrome, Linux/);
      await checkPage(session, page, { lang: language.lang, what: `sessions (${language.lang})` });
      await screenshot(page, `staff-sessions-${language.lang}-360`);

      await page.goto(`${haven.url}/staff`, { waitUntil: 'load' });
      const signedOut = await submit(page, page.locator('form[action="/sign-out"] button'));
      assert.equal(signedOut.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/sign-in');
      assert.equal(new URL(page.url()).searchParams.get('signed-out'), '1');
      // Clear-Site-Data removed every cookie, the language choice with it: the notice comes
      // in the language the browser asks for.
      const lang = await page.getAttribute('html', 'lang');
      assert.equal((await page.locator('.notice[role="status"]').innerText()).trim(), kSignedOutByLang[lang]);
      const left = (await session.context.cookies()).map((c) => c.name);
      assert.ok(!left.includes('haven_session'), `cookies left after sign-out: ${left.join(', ')}`);
      const again = await page.goto(`${haven.url}/staff`, { waitUntil: 'load' });
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out for real');
      assert.equal(again.status(), 200);
      // The same page as the sign-in form, already checked above: axe once is enough.
      if (language.lang === 'en') {
        await checkPage(session, page, { lang, what: 'signed out' });
        await screenshot(page, 'signed-out-360');
      }
    });
  }

  test('no request left 127.0.0.1 and none failed', () => checkRequests(session));
});
