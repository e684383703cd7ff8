// cardscan.mjs FILE... -- prints every Luhn-valid run of 13 to 19 digits
// (as cards are written: in a row or in groups) with a card brand's
// leading digits found in the files,
// and exits 1 when there is one. Used after the tests on the database
// dump, the logs and every page fetched.
import { readFileSync } from 'node:fs';

function luhn(d) {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return sum % 10 === 0;
}

let found = 0;
for (const f of process.argv.slice(2)) {
  const text = readFileSync(f, 'latin1');
  // 13 to 19 digits in a row, or the ways cards are written: groups of 4
  // (4-4-4-4, 4-4-4-4-3) or Amex's 4-6-5, with spaces or dashes
  const re = /\d{13,19}|\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,4}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{4,5}/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (/[0-9A-Za-z]/.test(text[m.index - 1] || '') || /[0-9A-Za-z]/.test(text[re.lastIndex] || ''))
      continue;		// part of a longer word (a hex hash, a token)
    const w = m[0].replace(/[ -]/g, '');
    if (/^(4|5[1-5]|2[2-7]|3[47]|6)/.test(w) && luhn(w)) {
      console.log(`${f}: card-like number ${w.slice(0, 4)}…${w.slice(-4)}`);
      found++;
    }
  }
}
process.exit(found ? 1 : 0);
