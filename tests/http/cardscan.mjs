// cardscan.mjs FILE... -- prints every Luhn-valid run of 13 to 19 digits
// (digits may be separated by single spaces or dashes) found in the files,
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
  const re = /\d(?:[ -]?\d){12,18}/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    const digits = m[0].replace(/[ -]/g, '');
    // every 13..19 window of a longer run too
    for (let len = 13; len <= Math.min(19, digits.length); len++)
      for (let i = 0; i + len <= digits.length; i++) {
        const w = digits.slice(i, i + len);
        if (/^(4|5[1-5]|2[2-7]|3[47]|6)/.test(w) && luhn(w)) {
          console.log(`${f}: card-like number ${w.slice(0, 4)}…${w.slice(-4)}`);
          found++;
        }
      }
  }
}
process.exit(found ? 1 : 0);
