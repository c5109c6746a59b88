// Enrolment with JavaScript off on a 360 px phone: for each language a person invited with
// `haven user invite` follows the link, reads the key off the page as an authenticator app
// would, sets a password, sees the ten recovery codes once, and signs in with the new
// password and the app's next code; axe-core on the link page and the codes page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newNoScriptContext, runHaven, startHaven } from './harness.js';
import { checkPage as checkAnyPage, checkRequests, screenshot, stopHavenCleanly, submit } from './pages.js';
import { addMember, addOrganisation, fillSignIn, kWeakArgon2 } from './staff.js';
import { base32Decode, currentStep, totpCode } from './totp.js';

const kViewport = { width: 360, height: 740 };
const kNewPassword = 'a new and rather long password';

// One invitation per language: the page speaks the link's language without any switch.
const kLanguages = [
  { lang: 'en', label: 'English', heading: 'Set up your account', ready: 'Your account is ready',
    role: 'Counsellor', signedIn: 'Signed in' },
  { lang: 'ru', label: 'Русский', heading: 'Настройка учётной записи', ready: 'Учётная запись готова',
    role: 'Консультант', signedIn: 'Вы вошли' },
  { lang: 'uk', label: 'Українська', heading: 'Налаштування облікового запису', ready: 'Обліковий запис готовий',
    role: 'Консультант', signedIn: 'Ви увійшли' },
  { lang: 'de', label: 'Deutsch', heading: 'Konto einrichten', ready: 'Ihr Konto ist eingerichtet',
    role: 'Beratung', signedIn: 'Angemeldet' },
];

let haven;
let browser;
const invitations = {}; // lang -> { email, path }

before(async () => {
  haven = await startHaven({
    env: kWeakArgon2,
    async prepare(dataDir) {
      const orgId = await addOrganisation(dataDir, { name: 'Connection e.V.' });
      // The first member makes the organisation's keys, which an invitation needs.
      await addMember(dataDir, orgId, { role: 'coordinator', email: 'coordinator@example.org' });
      for (const { lang } of kLanguages) {
        const email = `enrol-${lang}@example.org`;
        const invited = await runHaven(['user', 'invite', '--data', dataDir, '--org', orgId,
                                        '--role', 'counsellor', '--email', email, '--language', lang],
                                       { env: kWeakArgon2 });
        const link = /^Link: (\/welcome\/[0-9a-f]{32}\.[0-9a-f]{64})$/m.exec(invited.stdout)?.[1];
        assert.ok(link, `no invitation link in: ${invited.stdout}`);
        assert.match(invited.stdout, /^Expires: \d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
        invitations[lang] = { email, path: link };
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

describe('enrolment through an invitation link, JavaScript off, 360x740', () => {
  let session;
  let page;

  before(async () => {
    session = await newNoScriptContext(browser, kViewport);
    page = await session.context.newPage();
  });

  after(async () => {
    await session?.close();
  });

  for (const language of kLanguages) {
    test(`follow the invitation, enrol, sign in and out in ${language.label}`, async () => {
      const { email, path: linkPath } = invitations[language.lang];
      const opened = await page.goto(`${haven.url}${linkPath}`, { waitUntil: 'load' });
      assert.equal(opened.status(), 200);
      assert.equal(opened.headers()['cache-control'], 'no-store');
      assert.equal(opened.headers()['referrer-policy'], 'no-referrer');
      assert.equal((await page.locator('h1').innerText()).trim(), language.heading);
      const facts = await page.locator('dl.facts').innerText();
      assert.match(facts, /Connection e\.V\./);
      assert.match(facts, new RegExp(language.role));
      assert.match(facts, /\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      assert.equal(await page.locator('svg.qr').count(), 1, 'the QR code is on the page');
      // What an app that cannot scan is given: the key, in groups of four.
      const key = (await page.locator('.key code').innerText()).trim();
      assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      const secret = base32Decode(key);
      await checkPage(session, page, { lang: language.lang, what: `invitation (${language.lang})` });
      await screenshot(page, `enrol-${language.lang}-360`);

      const enrolStep = currentStep();
      await page.fill('#password', kNewPassword);
      await page.fill('#password_again', kNewPassword);
      await page.fill('#code', totpCode(secret, enrolStep));
      const done = await submit(page, page.locator('form.fields button[type="submit"]'));
      assert.equal(done.status(), 200, await page.content());
      assert.equal(done.headers()['cache-control'], 'no-store');
      assert.equal((await page.locator('h1').innerText()).trim(), language.ready);
      const codes = await page.locator('ol.codes li').allInnerTexts();
      assert.equal(codes.length, 10, `ten recovery codes: ${codes.join(', ')}`);
      assert.equal(new Set(codes).size, 10, 'all different');
      await checkPage(session, page, { lang: language.lang, what: `recovery codes (${language.lang})`, sameHtml: true });
      await screenshot(page, `enrol-codes-${language.lang}-360`);

      // The link is used up: the plain 404 of any missing page.
      const used = await page.goto(`${haven.url}${linkPath}`, { waitUntil: 'load' });
      assert.equal(used.status(), 404);

      // Each step's code works once: the enrolment used `enrolStep`, so sign in with a later
      // one. The server accepts the next step's code already, so nothing waits.
      await page.goto(`${haven.url}/sign-in`, { waitUntil: 'load' });
      const home = await fillSignIn(page, { email, password: kNewPassword,
                                            code: totpCode(secret, Math.max(enrolStep + 1, currentStep())) });
      assert.equal(home.status(), 200, await page.content());
      assert.equal(new URL(page.url()).pathname, '/staff');
      assert.equal((await page.locator('h1').innerText()).trim(), language.signedIn);
      assert.match(await page.locator('main').innerText(), new RegExp(`Connection e\\.V\\.: ${language.role}`));

      const signedOut = await submit(page, page.locator('form[action="/sign-out"] button'));
      assert.equal(signedOut.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/sign-in');
    });
  }

  test('no request left 127.0.0.1 and none failed', () => checkRequests(session));
});
