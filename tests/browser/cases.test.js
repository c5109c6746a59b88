// Issue 4's workspace in a real browser with JavaScript off on a 360 px phone: a counsellor
// working in Russian opens a case, records the person, adds a note and a document, sets a
// deadline and changes the status, logs two hotline calls from one number (the second finds
// the first case and joins it) with a callback on the agenda; a coordinator working in German grants the counsellor
// access first and reassigns the case; a counsellor of another organisation gets the plain
// 404 for every page of it; and the database files hold none of the words planted in it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newNoScriptContext, startHaven } from './harness.js';
import { checkPage as checkAnyPage, checkRequests, screenshot, stopHavenCleanly, submit } from './pages.js';
import { addMember, addOrganisation, kWeakArgon2, signIn } from './staff.js';

const kViewport = { width: 360, height: 740 };

// Planted in every sensitive field; none may reach the database in plaintext.
const kCanary = {
  summary: 'CANARY-SUMMARY-3308 дезертир из Твери',
  alias: 'CANARY-ALIAS-Сокол',
  names: 'CANARY-NAMES Канарейкин Олег Петрович',
  phone: '+90 555 010 77 31',
  phoneE164: '+905550107731',
  note: 'CANARY-NOTE-5521 прячется в Стамбуле у родственников',
  documentName: 'CANARY-FILE-повестка.pdf',
  documentText: 'CANARY-DOCUMENT-8812 voenkomat summons',
  deadlineNote: 'CANARY-DEADLINE-4410 апелляция',
  callerNumber: '+7 916 204-33-58',
  callSummary: 'CANARY-CALL-6107 звонил из Казани, повестка на среду',
};

// What the database bytes are searched for: each canary's distinctive part, as typed and as
// the server would store it in plaintext (the phone number normalised, its bare digits).
const kPlanted = {
  summary: 'CANARY-SUMMARY-3308',
  alias: 'CANARY-ALIAS-Сокол',
  names: 'Канарейкин',
  phone: kCanary.phoneE164,
  phoneDigits: '5550107731',
  note: 'CANARY-NOTE-5521',
  documentName: 'CANARY-FILE',
  documentText: 'CANARY-DOCUMENT-8812',
  deadlineNote: 'CANARY-DEADLINE-4410',
  callerNumber: '+79162043358',
  callerDigits: '9162043358',
  callSummary: 'CANARY-CALL-6107',
};

// A small but well-formed PDF whose only text is the document canary.
function pdfWith(text) {
  const stream = `BT /F1 12 Tf 72 712 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

// The date `days` from today (UTC), as an <input type=date> holds it.
function dayFromToday(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

let haven;
let browser;
let orgA;
let orgB;
const staff = {}; // coordinator (de), counsellor (ru) of org A; outsider (en) of org B

before(async () => {
  haven = await startHaven({
    env: kWeakArgon2,
    async prepare(dataDir) {
      orgA = await addOrganisation(dataDir, { name: 'Connection e.V.' });
      // The first member of an organisation holds its key; the counsellor waits for a grant.
      staff.coordinator = await addMember(dataDir, orgA, { role: 'coordinator', lang: 'de',
                                                          email: 'koordination@example.org' });
      staff.counsellor = await addMember(dataDir, orgA, { role: 'counsellor', lang: 'ru',
                                                         email: 'konsultant@example.org' });
      orgB = await addOrganisation(dataDir, { name: 'Nash Dom', country: 'LT', city: 'Vilnius' });
      staff.outsider = await addMember(dataDir, orgB, { role: 'counsellor', lang: 'en',
                                                       email: 'outsider@example.org' });
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

describe('cases, JavaScript off, 360x740', () => {
  const sessions = {};
  const pages = {};
  let caseUrl;
  let documentUrl;

  before(async () => {
    for (const who of ['coordinator', 'counsellor', 'outsider']) {
      sessions[who] = await newNoScriptContext(browser, kViewport);
      pages[who] = await sessions[who].context.newPage();
    }
  });

  after(async () => {
    for (const session of Object.values(sessions)) await session?.close();
  });

  test('the coordinator (German) grants the counsellor access to the organisation key', async () => {
    const page = pages.coordinator;
    await signIn(page, haven.url, staff.coordinator);
    await page.goto(`${haven.url}/staff/orgs/${orgA}/members`, { waitUntil: 'load' });
    const granted = await submit(page, page.locator('form[action$="/grant"] button'));
    assert.equal(granted.status(), 200, await page.content());
    assert.equal(await page.locator('form[action$="/grant"]').count(), 0, 'nobody waits any more');
  });

  test('the counsellor (Russian) opens a case for a deserter in Turkey', async () => {
    const page = pages.counsellor;
    await signIn(page, haven.url, staff.counsellor);
    const queue = await page.goto(`${haven.url}/staff/orgs/${orgA}/cases`, { waitUntil: 'load' });
    assert.equal(queue.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    await submit(page, page.locator(`a[href="/staff/orgs/${orgA}/cases/new"]`));
    await checkPage(sessions.counsellor, page, { lang: 'ru', what: 'new case form (ru)' });
    await page.selectOption('#case-channel', 'hotline');
    await page.selectOption('#case-origin', 'ru');
    await page.fill('#case-country', 'tr');
    await page.selectOption('#case-language', 'ru');
    await page.check('input[name="topic"][value="desertion"]');
    await page.check('input[name="topic"][value="extradition-or-deportation"]');
    await page.check('input[name="urgency"][value="extradition-risk"]');
    await page.fill('#case-summary', kCanary.summary);
    if (await page.locator('#case-alias').count()) {
      await page.fill('#case-alias', kCanary.alias);
      await page.fill('#case-phone', kCanary.phone);
    }
    const created = await submit(page, page.locator(`form[action$="/cases/new"] button[type="submit"]`));
    assert.equal(created.status(), 200, await page.content());
    // The new case is on the page the form leads to, with its number; open it.
    const link = page.locator(`a[href^="/staff/orgs/${orgA}/cases/"]`).filter({ hasText: /-\d{4}-\d{4}$/ });
    assert.equal(await link.count(), 1, await page.content());
    await submit(page, link);
    caseUrl = page.url();
    assert.match(new URL(caseUrl).pathname, new RegExp(`^/staff/orgs/${orgA}/cases/[0-9a-f]{32}$`));
    const main = await page.locator('main').innerText();
    assert.ok(main.includes(kCanary.summary), 'the summary reads back decrypted');
    assert.ok(main.includes('TR'));
    await checkPage(sessions.counsellor, page, { lang: 'ru', what: 'case page (ru)' });
    await screenshot(page, 'case-ru-360');
  });

  test('the counsellor records the person, a note, a document and a deadline', async () => {
    const page = pages.counsellor;
    await page.goto(caseUrl, { waitUntil: 'load' });

    // The person form folds away under its <details> summary (no script needed to open it).
    if (!(await page.locator('#person-alias').isVisible())) {
      await page.locator('details:has(form[action$="/person"]) > summary').click();
    }
    await page.fill('#person-alias', kCanary.alias);
    await page.fill('#person-names', kCanary.names);
    await page.selectOption('#handle-kind-0', 'phone');
    await page.fill('#handle-value-0', kCanary.phone);
    const person = await submit(page, page.locator('form[action$="/person"] button[type="submit"]'));
    assert.equal(person.status(), 200, await page.content());
    assert.ok((await page.locator('main').innerText()).includes(kCanary.names));

    await page.selectOption('#note-kind', 'call');
    await page.fill('#note-text', kCanary.note);
    const noted = await submit(page, page.locator('form[action$="/notes"] button[type="submit"]'));
    assert.equal(noted.status(), 200, await page.content());
    assert.ok((await page.locator('.timeline').innerText()).includes(kCanary.note));

    await page.setInputFiles('#document-file', {
      name: kCanary.documentName, mimeType: 'application/pdf', buffer: pdfWith(kCanary.documentText),
    });
    const uploaded = await submit(page, page.locator('form[action$="/documents"] button[type="submit"]'));
    assert.equal(uploaded.status(), 200, await page.content());
    const download = page.locator(`a[href*="/documents/"]`).first();
    documentUrl = new URL(await download.getAttribute('href'), haven.url).href;
    // The download is an attachment, byte for byte what was uploaded.
    const fetched = await sessions.counsellor.context.request.get(documentUrl);
    assert.equal(fetched.status(), 200);
    assert.match(fetched.headers()['content-disposition'] ?? '', /^attachment;/);
    assert.equal(fetched.headers()['cache-control'], 'no-store');
    assert.deepEqual(Buffer.from(await fetched.body()), pdfWith(kCanary.documentText));

    await page.selectOption('#deadline-kind', 'appeal-deadline');
    await page.fill('#deadline-day', dayFromToday(3));
    await page.fill('#deadline-note', kCanary.deadlineNote);
    const deadline = await submit(page, page.locator('form[action$="/deadlines"] button[type="submit"]'));
    assert.equal(deadline.status(), 200, await page.content());
    assert.ok((await page.locator('main').innerText()).includes(kCanary.deadlineNote));
    await checkPage(sessions.counsellor, page, { lang: 'ru', what: 'case page with everything (ru)' });
    await screenshot(page, 'case-full-ru-360');
  });

  test('the counsellor takes the case and moves it on; it shows on the start page', async () => {
    const page = pages.counsellor;
    await page.goto(caseUrl, { waitUntil: 'load' });
    const taken = await submit(page, page.locator('form[action$="/assign"] button[type="submit"]').first());
    assert.equal(taken.status(), 200, await page.content());
    // new → open → waiting for an authority: the workflow of domain/case.h.
    for (const status of ['open', 'waiting-for-authority']) {
      await page.selectOption('#case-status', status);
      const changed = await submit(page, page.locator('form[action$="/status"] button[type="submit"]'));
      assert.equal(changed.status(), 200, await page.content());
    }
    assert.match(await page.locator('main').innerText(), /Статус\nЖдём ведомство\n/);
    // The deadline in three days is on the counsellor's agenda.
    await page.goto(`${haven.url}/staff`, { waitUntil: 'load' });
    assert.ok(await page.locator(`a[href="${new URL(caseUrl).pathname}"]`).count() >= 1,
              'the case is on the agenda');
    await checkPage(sessions.counsellor, page, { lang: 'ru', what: 'start page with agenda (ru)' });
  });

  test('the counsellor logs two calls from one number; the second finds the first', async () => {
    const page = pages.counsellor;
    await page.goto(`${haven.url}/staff/orgs/${orgA}/cases`, { waitUntil: 'load' });
    await submit(page, page.locator(`a[href="/staff/orgs/${orgA}/calls/new"]`));
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    await checkPage(sessions.counsellor, page, { lang: 'ru', what: 'call form (ru)' });
    await page.fill('#call-number', kCanary.callerNumber);
    // "Check number" without script: the form comes back as typed, with the answer.
    await page.fill('#call-summary', kCanary.callSummary);
    const checked = await submit(page, page.locator('button[name="action"][value="check"]'));
    assert.equal(checked.status(), 200, await page.content());
    assert.match(await page.locator('#called-before').innerText(), /раньше не звонили/);
    assert.equal(await page.inputValue('#call-summary'), kCanary.callSummary);
    await checkPage(sessions.counsellor, page, { lang: 'ru', what: 'call form checked (ru)', sameHtml: true });
    await page.selectOption('#call-language', 'ru');
    await page.fill('#call-minutes', '12');
    await page.selectOption('#call-origin', 'by');
    await page.fill('#call-country', 'ge');
    await page.check('input[name="topic"][value="avoiding-conscription"]');
    await page.check('input[name="urgency"][value="summons-received"]');
    await page.check('input[name="followup"][value="callback"]');
    await page.fill('#call-callback-day', dayFromToday(1));
    await page.fill('#call-callback-time', '10:30');
    const saved = await submit(page, page.locator('button[name="action"][value="save"]'));
    assert.equal(saved.status(), 200, await page.content());
    const callCaseUrl = page.url();
    assert.match(new URL(callCaseUrl).pathname, new RegExp(`^/staff/orgs/${orgA}/cases/[0-9a-f]{32}$`));
    assert.notEqual(callCaseUrl, caseUrl);
    const main = await page.locator('main').innerText();
    assert.ok(main.includes(kCanary.callSummary), 'the call reads back decrypted');
    assert.ok(main.includes('Call, 12 min, ru'));
    const number = (await page.locator('h1').innerText()).trim();
    assert.match(number, /^DE-\d{4}-\d{4}$/);
    assert.ok(main.includes(`Звонящий ${number}`), 'the default alias names the case');
    await checkPage(sessions.counsellor, page, { lang: 'ru', what: 'case page after a call (ru)' });

    // The second call, the number written another way: the hint links the first case.
    await page.goto(`${haven.url}/staff/orgs/${orgA}/calls/new`, { waitUntil: 'load' });
    await page.fill('#call-number', '+7 (916) 204 33 58');
    await submit(page, page.locator('button[name="action"][value="check"]'));
    const hint = page.locator(`#called-before a[href="${new URL(callCaseUrl).pathname}"]`);
    assert.equal(await hint.count(), 1, await page.content());
    assert.equal(await hint.innerText(), number);
    await page.fill('#call-summary', 'перезвонил, всё в порядке');
    await page.check('input[name="target"][value="existing"]');
    await page.fill('#call-case-number', number.toLowerCase());
    const added = await submit(page, page.locator('button[name="action"][value="save"]'));
    assert.equal(added.status(), 200, await page.content());
    assert.equal(page.url(), callCaseUrl, 'the second call is on the first call\'s case');
    assert.ok((await page.locator('.timeline').innerText()).includes('перезвонил, всё в порядке'));
    // The callback tomorrow is on the counsellor's agenda (the case was assigned to them).
    await page.goto(`${haven.url}/staff`, { waitUntil: 'load' });
    assert.ok(await page.locator(`a[href="${new URL(callCaseUrl).pathname}"]`).count() >= 1,
              'the callback is on the agenda');
  });

  test('the coordinator (German) reassigns the case to herself', async () => {
    const page = pages.coordinator;
    const opened = await page.goto(caseUrl, { waitUntil: 'load' });
    assert.equal(opened.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    const select = page.locator('form[action$="/assign"] select[name="assignee"]');
    const mine = await select.locator('option').filter({ hasText: /^ich|^mir|^Ich/ }).first().getAttribute('value');
    await select.selectOption(mine);
    const reassigned = await submit(page, page.locator('form[action$="/assign"]:has(select) button[type="submit"]'));
    assert.equal(reassigned.status(), 200, await page.content());
    await checkPage(sessions.coordinator, page, { lang: 'de', what: 'case page (de)' });
    await screenshot(page, 'case-de-360');
  });

  test('a counsellor of another organisation gets the plain 404 for all of it', async () => {
    const page = pages.outsider;
    await signIn(page, haven.url, staff.outsider);
    const missing = await page.goto(`${haven.url}/staff/orgs/${orgA}/cases/${'0'.repeat(32)}`, { waitUntil: 'load' });
    assert.equal(missing.status(), 404);
    // The page as a visitor reads it, less the reference that names each request.
    const text = async () => (await page.locator('main').innerText()).replace(/^.*[0-9a-f]{32}.*$/m, '');
    const missingText = await text();
    for (const url of [caseUrl, `${haven.url}/staff/orgs/${orgA}/cases`, documentUrl,
                       `${haven.url}/staff/orgs/${orgA}/cases/new`,
                       `${haven.url}/staff/orgs/${orgA}/calls/new`]) {
      const response = await page.goto(url, { waitUntil: 'load' });
      assert.equal(response.status(), 404, url);
      assert.equal(await text(), missingText, url);
    }
  });

  test('no request left 127.0.0.1 and none failed', () => {
    for (const session of Object.values(sessions)) checkRequests(session);
  });

  test('the database files hold none of the planted words', () => {
    const files = readdirSync(haven.dataDir).filter((f) => /\.db(-wal|-shm)?$/.test(f));
    assert.ok(files.some((f) => f.endsWith('.db')), `a database in ${haven.dataDir}: ${files.join(', ')}`);
    for (const file of files) {
      const bytes = readFileSync(path.join(haven.dataDir, file));
      for (const [field, word] of Object.entries(kPlanted)) {
        assert.equal(bytes.indexOf(Buffer.from(word, 'utf8')), -1, `${field} (${word}) in ${file}`);
      }
    }
  });
});
