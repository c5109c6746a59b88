// TOTP as an authenticator app computes it, for the browser tests that sign in or enrol:
// base32 keys (RFC 4648) and RFC 6238 codes with node:crypto. sign_in.test.js checks these
// against the RFC's test vector.
import { createHmac } from 'node:crypto';

// RFC 4648 base32 (either case, spaces and '=' padding ignored), as `haven user add` prints
// a key and the enrolment page shows it in groups of four.
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out = [];
  let value = 0;
  let bits = 0;
  for (const c of text.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238 TOTP: HMAC-SHA1 over the 30 s step as a big-endian 64-bit counter, dynamic
// truncation (RFC 4226 §5.3), 6 digits.
export function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, '0');
}

// The 30 s step the clock is in now.
export const currentStep = () => Math.floor(Date.now() / 30_000);
