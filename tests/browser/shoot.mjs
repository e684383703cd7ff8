// shoot.mjs -- screenshot pages as a logged-in merchant, for looking at
// what we build: node shoot.mjs BASE_URL EMAIL PASSWORD OUTDIR PATH...
import { chromium } from 'playwright-core';
const [base, email, password, outdir, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + '/account/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  for (const p of paths) {
    await page.goto(base + p);
    const name = p.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '') || 'home';
    await page.screenshot({ path: `${outdir}/${name}.png`, fullPage: true });
    console.log(`${outdir}/${name}.png`);
  }
} finally {
  await browser.close();
}
