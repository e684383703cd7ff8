// Signed carrier-feed batches for tests/bench/scale (node, no modules).
//   node scale_feed.js KEYFILE OUT BATCHES EVENTS_PER_BATCH FIRST STEP
// Writes one line per batch: "<X-Signature>\t<JSON body>". Events go in
// pairs (accepted, in_transit) to the bulk returns 7099999 + 8-digit
// sequence + Luhn digit, sequences FIRST, FIRST + STEP, ...
// Every event id is distinct; every signature uses the current time, so
// the file is good for TRACKING_SKEW (5 minutes).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');

const [keyfile, out, nb, per, first, st] = process.argv.slice(2);
const batches = Number(nb), perBatch = Number(per), step = Number(st);
let seq = Number(first);
const key = fs.readFileSync(keyfile);
if (key.length !== 32) {
  console.error(`scale_feed: ${keyfile}: ${key.length} bytes, expected 32`);
  process.exit(1);
}

// the check digit of src/lib/tracknum.c (Luhn over the first 15 digits)
function tracking(n) {
  const s = '7099999' + String(n).padStart(8, '0');
  let sum = 0;
  for (let i = 14, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = s.charCodeAt(i) - 48;
    if (dbl && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return s + ((10 - sum % 10) % 10);
}

function iso(t) {	// Eastern standard time, as the carrier sends it
  return new Date((t - 5 * 3600) * 1000).toISOString().slice(0, 19) +
    '-05:00';
}

const now = Math.floor(Date.now() / 1000);
const t = String(now);
const lines = [];
for (let b = 0; b < batches; b++) {
  const ev = [];
  for (let k = 0; k < perBatch; k += 2) {
    const trk = tracking(seq);
    ev.push({ event_id: `SCALE-HTTP-${b}-${k}`, tracking: trk,
      type: 'accepted', time: iso(now - 2 * 86400 + k),
      location: 'OTTAWA ON' });
    if (k + 1 < perBatch)
      ev.push({ event_id: `SCALE-HTTP-${b}-${k + 1}`, tracking: trk,
        type: 'in_transit', time: iso(now - 86400 + k),
        location: 'MONTRÉAL QC' });
    seq += step;
  }
  const body = JSON.stringify(ev);
  const mac = crypto.createHmac('sha256', key).update(t + '.' + body)
    .digest('hex');
  lines.push(`t=${t},v1=${mac}\t${body}`);
}
fs.writeFileSync(out, lines.join('\n') + '\n');
