// Staff accounts for browser tests, made as an operator makes them (`haven org add`,
// `haven user add --password-stdin`) in a `startHaven({prepare})` step, and signing them in
// through the real form with a TOTP code computed here.
import assert from 'node:assert/strict';
import { runHaven } from './harness.js';
import { submit } from './pages.js';
import { base32Decode, currentStep, totpCode } from './totp.js';

export const kStaffPassword = 'correct horse battery staple';
// `haven user add` and `haven serve` use cheap Argon2id parameters (test builds only).
export const kWeakArgon2 = { HAVEN_TEST_WEAK_ARGON2: '1' };

// Adds an organisation; returns its id.
export async function addOrganisation(dataDir, { name, country = 'DE', city = 'Offenbach',
                                                  languages = 'ru,en,de' }) {
  const org = await runHaven(['org', 'add', '--data', dataDir, '--name', name,
                              '--country', country, '--city', city, '--languages', languages]);
  const orgId = /^Added \S+ ([0-9a-f]{32})$/m.exec(org.stdout)?.[1];
  assert.ok(orgId, `no organisation id in: ${org.stdout}`);
  return orgId;
}

// Adds a member; returns { email, password, secret } (secret: the TOTP key's bytes).
export async function addMember(dataDir, orgId, { role, email, lang = 'en', password = kStaffPassword }) {
  const added = await runHaven(['user', 'add', '--data', dataDir, '--org', orgId, '--role', role,
                                '--email', email, '--password-stdin', '--language', lang],
                               { input: `${password}\n`, env: kWeakArgon2 });
  const secret = /^TOTP secret: ([A-Z2-7]+)$/m.exec(added.stdout)?.[1];
  assert.ok(secret, `no TOTP secret in: ${added.stdout}`);
  return { email, password, secret: base32Decode(secret) };
}

// Fills the sign-in form on the current page and submits it; returns the response.
export async function fillSignIn(page, { email, password = kStaffPassword, code }) {
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.fill('#code', code);
  return submit(page, page.locator('form[action="/sign-in"] button[type="submit"]'));
}

// Signs `account` in from /sign-in with the current step's code (`step` to use another, as
// each step's code works once); checks that the staff start page came.
export async function signIn(page, baseUrl, account, { step = currentStep() } = {}) {
  await page.goto(`${baseUrl}/sign-in`, { waitUntil: 'load' });
  const home = await fillSignIn(page, { email: account.email, password: account.password,
                                        code: totpCode(account.secret, step) });
  assert.equal(home.status(), 200, await page.content());
  assert.equal(new URL(page.url()).pathname, '/staff');
  return home;
}
