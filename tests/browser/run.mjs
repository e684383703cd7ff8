// run.mjs -- headless-browser tests of the returns site.
//
//   BASE_URL=http://127.0.0.1:18181 node run.mjs
//
// Drives the Debian Chromium (/usr/bin/chromium) through playwright-core; no
// browser is ever downloaded. Each test runs in a fresh browser context (own
// cookies) and prints `PASS name` or `FAIL name: reason`; the last line is
// `browser: N passed, M failed`. Exit status 1 if any test failed.
//
// Environment:
//   BASE_URL        the site, e.g. http://127.0.0.1:18181 (required)
//   SCREENSHOT_DIR  where PNG screenshots go (default: tests/browser/out)
//   CHROMIUM        browser executable (default: /usr/bin/chromium)
//   TEST_TIMEOUT_MS per-test limit (default: 20000; the email test has 45000)
//   ONLY            run only the tests whose name contains this text
//   TRACKING_KEY_FILE the stack's tracking key (<stack dir>/tracking.key), to
//                   sign tracking events; the Returns tab tests fail without it
//   MAIL_DIR        the Maildir the stack's SMTP server writes (NOTIFIER=1:
//                   <stack dir>/mail/new), to read the emails; the email test
//                   of the Notification settings fails without it

import { chromium } from 'playwright-core';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.BASE_URL || '').replace(/\/+$/, '');
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(here, 'out'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TEST_TIMEOUT = Number(process.env.TEST_TIMEOUT_MS || 20000);
const RUN_TIMEOUT = 900000; // the whole run, as a last resort against a hang (generous: a busy machine is slow, not broken)
const ACTION_TIMEOUT = 5000; // one click, fill, wait for an element
const NAV_TIMEOUT = 10000; // one page load

if (!/^https?:\/\/[^/]+$/.test(BASE)) {
  console.error('run.mjs: set BASE_URL to the site, e.g. BASE_URL=http://127.0.0.1:18181');
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
}

// Unique per run, so the tests can run again and again on the same database.
const STAMP = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const PASSWORD = 'correct horse battery staple';

// ---------------------------------------------------------------- asserts

class AssertionError extends Error {}

function ok(cond, msg) {
  if (!cond) throw new AssertionError(msg);
}

function eq(actual, expected, what) {
  if (actual !== expected)
    throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function norm(s) {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

async function text(page, selector) {
  const loc = page.locator(selector);
  const n = await loc.count();
  ok(n === 1, `expected exactly one ${selector}, found ${n}`);
  return norm(await loc.textContent());
}

async function attr(page, selector, name) {
  const loc = page.locator(selector);
  const n = await loc.count();
  ok(n === 1, `expected exactly one ${selector}, found ${n}`);
  return loc.getAttribute(name);
}

async function visible(page, selector) {
  ok(await page.locator(selector).first().isVisible(), `${selector} is not visible`);
}

async function absent(page, selector) {
  const n = await page.locator(selector).count();
  ok(n === 0, `${selector} should not be on the page (found ${n})`);
}

function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

function expectPath(page, expected) {
  eq(pathOf(page), expected, 'URL');
}

async function htmlLang(page) {
  return page.locator('html').getAttribute('lang');
}

// ---------------------------------------------------------------- browser helpers

// The final (non-redirect) response of the main frame's next navigation.
function nextPage(page) {
  return page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() &&
      r.frame() === page.mainFrame() &&
      !(r.status() >= 300 && r.status() < 400),
    { timeout: NAV_TIMEOUT },
  );
}

// Do `action` (a click, a key press) and wait until the page it leads to is
// loaded: its final response, then the new document's commit, then its load
// event (the old document's load state would otherwise answer at once).
async function navigate(page, action) {
  const committed = page.waitForEvent('framenavigated', {
    predicate: (f) => f === page.mainFrame(),
    timeout: NAV_TIMEOUT,
  });
  const [resp] = await Promise.all([nextPage(page), committed, action()]);
  await page.waitForLoadState('load');
  return resp;
}

async function go(page, where) {
  const resp = await page.goto(BASE + where, { waitUntil: 'load' });
  ok(resp, `no response for ${where}`);
  return resp;
}

// The redirect chain of a response, oldest first: [{method, path, status}].
async function chain(resp) {
  const out = [];
  for (let req = resp.request(); req; req = req.redirectedFrom()) {
    const r = await req.response();
    const u = new URL(req.url());
    out.unshift({ method: req.method(), path: u.pathname + u.search, status: r ? r.status() : 0 });
  }
  return out;
}

// The POST of a form answered 303 with a redirect to `to`, and `to` came back 200.
async function expectPostRedirect(resp, from, to) {
  const c = await chain(resp);
  const desc = c.map((x) => `${x.method} ${x.path} ${x.status}`).join(' -> ');
  ok(c.length === 2, `expected POST ${from} 303 -> GET ${to} 200, got ${desc}`);
  ok(c[0].method === 'POST' && c[0].path === from && c[0].status === 303,
    `expected POST ${from} 303 first, got ${desc}`);
  ok(c[1].method === 'GET' && c[1].path === to && c[1].status === 200,
    `expected GET ${to} 200 after the redirect, got ${desc}`);
}

async function shot(page, name) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  const head = (await readFile(file)).subarray(0, 8);
  ok(head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${name} is not a PNG`);
  return file;
}

// ---------------------------------------------------------------- site helpers

function newAccount(tag) {
  const id = `${STAMP}-${tag}`;
  return { business: `Browser Test ${tag} ${STAMP}`, email: `browser-${id}@example.com`, password: PASSWORD };
}

// Fill and send the signup form. When it is accepted ("check your inbox"),
// confirm the address as a new merchant does: the link in the email the
// stack's notifier sends to MAIL_DIR, then the page's button. Returns the
// response of the last page (the form again when it had errors).
async function signup(page, acct, { lang = 'en', tz = 'America/Toronto', password2 } = {}) {
  await go(page, '/account/signup');
  await page.fill('#business', acct.business);
  await page.fill('#email', acct.email);
  await page.fill('#password', acct.password);
  await page.fill('#password2', password2 ?? acct.password);
  await page.selectOption('#lang', lang);
  await page.selectOption('#tz', tz);
  const sent = await navigate(page, () => page.click('form[action="/account/signup"] button[type=submit]'));
  if (!page.url().endsWith('/account/signup?sent=1')) return sent;
  await expectPostRedirect(sent, '/account/signup', '/account/signup?sent=1');
  const link = await confirmLink(acct.email);
  await go(page, link);
  return navigate(page, () => page.click('form[action^="/account/confirm/"] button[type=submit]'));
}

// The confirmation link emailed to `email` (the path, on this site).
async function confirmLink(email) {
  const find = (mails) => mails.filter((m) => m.to === email)
    .map((m) => /\/account\/confirm\/[0-9a-f]{64}/.exec(m.text)?.[0]).find(Boolean);
  return find(await waitForMail(mailDir(), (mails) => !!find(mails), `the confirmation email to ${email}`, [email]));
}

// A signup that went through: the confirmation's button (POST) led to the
// Return policies tab with its welcome.
async function expectSignedUp(resp) {
  const c = await chain(resp);
  const desc = c.map((x) => `${x.method} ${x.path} ${x.status}`).join(' -> ');
  ok(c.length === 2 && c[0].method === 'POST' && /^\/account\/confirm\/[0-9a-f]{64}$/.test(c[0].path) &&
    c[0].status === 303 && c[1].method === 'GET' && c[1].path === '/policies/?welcome=1' && c[1].status === 200,
  `expected POST /account/confirm/<token> 303 -> GET /policies/?welcome=1 200, got ${desc}`);
}

async function login(page, acct, password = acct.password) {
  await go(page, '/account/login');
  await page.fill('#email', acct.email);
  await page.fill('#password', password);
  return navigate(page, () => page.click('form[action="/account/login"] button[type=submit]'));
}

// One account shared by the tests that only need to log in. Made on first use
// (through the signup form, in a context of its own) so each test can run alone.
let shared = null;
async function sharedAccount(browser) {
  if (shared) return shared;
  const acct = newAccount('shared');
  const ctx = await newContext(browser);
  try {
    const page = await ctx.newPage();
    const resp = await signup(page, acct);
    await expectSignedUp(resp);
  } finally {
    await ctx.close();
  }
  shared = acct;
  return acct;
}

// The logged-in layout: three tabs, `current` marked aria-current=page.
const TABS = [
  ['/returns/', 'Returns'],
  ['/policies/', 'Return policies'],
  ['/settings/notifications', 'Notification settings'],
];
const TABS_FR = ['Retours', 'Politiques de retour', 'Paramètres des avis'];
async function expectTabs(page, current, lang = 'en') {
  await visible(page, 'nav.tabs');
  const links = page.locator('nav.tabs a');
  eq(await links.count(), 3, 'number of tabs');
  for (let i = 0; i < TABS.length; i++) {
    const href = TABS[i][0], label = lang === 'fr' ? TABS_FR[i] : TABS[i][1];
    const a = links.nth(i);
    eq(await a.getAttribute('href'), href, `tab ${i + 1} href`);
    eq(norm(await a.textContent()), label, `tab ${href} text`);
    ok(await a.isVisible(), `tab ${label} is not visible`);
    eq(await a.getAttribute('aria-current'), href === current ? 'page' : null, `aria-current of tab ${href}`);
  }
}

// The session cookie ("sid"), null when there is none.
async function sid(ctx) {
  const c = (await ctx.cookies(BASE)).find((x) => x.name === 'sid' && x.value !== '');
  return c ? { httpOnly: c.httpOnly, sameSite: c.sameSite } : null;
}

// ---------------------------------------------------------------- contexts

// Problems a person would see or that point at a broken page: failed
// sub-resources (the stylesheet, the icon), 4xx/5xx sub-resources, console
// errors (CSP violations land there), uncaught page errors.
// `options` overrides the defaults (another locale, JavaScript off).
async function newContext(browser, options = {}) {
  const ctx = await browser.newContext({
    locale: 'en-CA',
    viewport: { width: 1024, height: 768 },
    javaScriptEnabled: true, // the site needs none (but copy.js); needed for page.evaluate
    ...options,
  });
  ctx.setDefaultTimeout(ACTION_TIMEOUT);
  ctx.setDefaultNavigationTimeout(NAV_TIMEOUT);
  ctx.problems = [];
  ctx.on('page', (page) => watch(ctx, page));
  return ctx;
}

function watch(ctx, page) {
  page.on('requestfailed', (req) => {
    if (req.isNavigationRequest()) return; // reported by the test itself
    // ERR_ABORTED: the page was left before the icon or stylesheet arrived.
    // (A stylesheet refused for its MIME type is aborted too, but Chromium
    // then logs a console error, caught below.)
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    ctx.problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (!r.request().isNavigationRequest() && r.status() >= 400)
      ctx.problems.push(`sub-resource ${r.url()} answered ${r.status()}`);
  });
  page.on('console', (m) => {
    // a 4xx page (a form sent back with errors) logs "Failed to load
    // resource"; bad sub-resources are caught by the 'response' handler above
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      ctx.problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => ctx.problems.push(`page error: ${e.message}`));
}

// ---------------------------------------------------------------- the tests

const tests = [];
function test(name, fn, { timeout = TEST_TIMEOUT } = {}) {
  tests.push({ name, fn, timeout });
}

test('signup in English lands on policies with welcome', async ({ ctx }) => {
  const page = await ctx.newPage();
  const acct = newAccount('signup');
  const resp = await signup(page, acct);
  await expectSignedUp(resp);
  expectPath(page, '/policies/?welcome=1');
  eq(await htmlLang(page), 'en', 'html lang');
  eq(await text(page, 'main p.notice.ok[role=status]'), 'Welcome! Your account is ready.', 'welcome notice');
  eq(await text(page, 'main h1'), 'Return policies', 'heading');
  await expectTabs(page, '/policies/');
  eq(await text(page, 'details.menu summary .who'), acct.business, 'business name in the account menu');
  eq(await page.title(), 'Return policies · Returns management', 'title');
  // the stylesheet was applied (body background from style.css)
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  eq(bg, 'rgb(244, 246, 248)', 'body background (style.css applied)');
  const lang = (await ctx.cookies(BASE)).find((c) => c.name === 'lang');
  eq(lang?.value, 'en', 'lang cookie after signup');
  await shot(page, 'signup-welcome.png');
  // the welcome notice is for the first visit only
  await go(page, '/policies/');
  await absent(page, 'main p.notice.ok');
  await expectTabs(page, '/policies/');
});

test('signup form errors are shown next to the fields', async ({ ctx }) => {
  const page = await ctx.newPage();
  const business = `Errors & Co <${STAMP}>`; // checks escaping too
  await go(page, '/account/signup');
  eq(await text(page, 'main h1'), 'Create your account', 'heading');
  await page.fill('#business', business);
  await page.fill('#email', 'not-an-email');
  await page.fill('#password', 'short');
  await page.fill('#password2', 'different');
  let resp = await navigate(page, () => page.click('form[action="/account/signup"] button[type=submit]'));
  eq(resp.status(), 400, 'status of a bad signup');
  expectPath(page, '/account/signup');
  eq(await text(page, 'main p.notice.bad[role=alert]'), 'Please correct the fields marked below.', 'form alert');
  const expectErr = async (field, message) => {
    eq(await text(page, `#${field}-err`), message, `error of ${field}`);
    await visible(page, `#${field}-err`);
    eq(await attr(page, `#${field}`, 'aria-invalid'), 'true', `aria-invalid of ${field}`);
    const described = (await attr(page, `#${field}`, 'aria-describedby')) || '';
    ok(described.split(/\s+/).includes(`${field}-err`), `#${field} aria-describedby "${described}" lacks ${field}-err`);
    // next to its field: in the same .field block, right below the input
    const near = await page.evaluate((f) => {
      const input = document.getElementById(f), err = document.getElementById(`${f}-err`);
      const box = err.closest('.field');
      if (!box || !box.contains(input)) return 'not in the same .field';
      const a = input.getBoundingClientRect(), b = err.getBoundingClientRect();
      if (b.top < a.bottom - 1 || b.top - a.bottom > 60) return `${b.top - a.bottom}px below the input`;
      return 'ok';
    }, field);
    eq(near, 'ok', `position of #${field}-err`);
  };
  await expectErr('email', 'Enter an email address such as name@example.com.');
  await expectErr('password', 'At least 12 characters.');
  await absent(page, '#business-err');
  eq(await attr(page, '#business', 'aria-invalid'), null, 'aria-invalid of business');
  // what was typed is kept, except the passwords
  eq(await page.inputValue('#business'), business, 'business kept');
  eq(await page.inputValue('#email'), 'not-an-email', 'email kept');
  eq(await page.inputValue('#password'), '', 'password emptied');
  eq(await page.inputValue('#password2'), '', 'confirmation emptied');
  await shot(page, 'signup-errors.png');

  // a long enough password with another confirmation: the mismatch is shown
  const email = `browser-${STAMP}-mismatch@example.com`;
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.fill('#password2', PASSWORD + ' not');
  resp = await navigate(page, () => page.click('form[action="/account/signup"] button[type=submit]'));
  eq(resp.status(), 400, 'status of a signup with mismatched passwords');
  await expectErr('password2', 'The two passwords are not the same.');
  await absent(page, '#email-err');
  await absent(page, '#password-err');
  eq(await page.inputValue('#business'), business, 'business kept (2nd try)');
  eq(await page.inputValue('#email'), email, 'email kept (2nd try)');
  await absent(page, 'nav.tabs');
  await shot(page, 'signup-mismatch.png');
});

test('logout through the account menu, then log in again', async ({ ctx }) => {
  const page = await ctx.newPage();
  const acct = newAccount('logout');
  await expectSignedUp(await signup(page, acct));
  await expectTabs(page, '/policies/');
  eq(JSON.stringify(await sid(ctx)), '{"httpOnly":true,"sameSite":"Lax"}', 'session cookie after signup');

  // the menu is closed: its content is hidden until the summary is clicked
  const logoutButton = page.locator('details.menu form[action="/account/logout"] button[type=submit]');
  ok(!(await logoutButton.isVisible()), 'the log-out button shows before the menu is opened');
  eq(await page.locator('details.menu').getAttribute('open'), null, 'menu open before click');
  await page.click('details.menu summary');
  eq(await page.locator('details.menu').getAttribute('open'), '', 'menu open after click');
  await visible(page, 'details.menu a[href="/account/profile"]');
  await visible(page, 'details.menu a[href="/account/password"]');
  eq(await text(page, 'details.menu .menu-email'), acct.email, 'email in the menu');
  eq(norm(await logoutButton.textContent()), 'Log out', 'log-out button text');
  ok(await logoutButton.isVisible(), 'the log-out button is hidden after opening the menu');
  await shot(page, 'account-menu.png');

  const resp = await navigate(page, () => logoutButton.click());
  await expectPostRedirect(resp, '/account/logout', '/account/login?bye=1');
  eq(await text(page, 'main p.notice.ok[role=status]'), 'You are logged out.', 'logout notice');
  await absent(page, 'nav.tabs');
  await absent(page, 'details.menu');
  eq(await sid(ctx), null, 'session cookie after logout');
  // the session is really over: a logged-in page sends back to the login page
  const r2 = await go(page, '/policies/');
  eq(new URL(page.url()).pathname, '/account/login', `path of /policies/ after logout (status ${r2.status()})`);
  await absent(page, 'nav.tabs');

  const r3 = await login(page, acct);
  await expectPostRedirect(r3, '/account/login', '/policies/');
  expectPath(page, '/policies/');
  await expectTabs(page, '/policies/');
  eq(await text(page, 'details.menu summary .who'), acct.business, 'business name after login');
  await absent(page, 'main p.notice.ok'); // no welcome on a plain login
});

test('wrong password shows an alert and keeps the email', async ({ ctx, browser }) => {
  const acct = await sharedAccount(browser);
  const page = await ctx.newPage();
  const resp = await login(page, acct, 'not the right password');
  eq(resp.status(), 403, 'status of a failed login');
  expectPath(page, '/account/login');
  eq(await text(page, 'main p.notice.bad[role=alert]'), 'The email or password is incorrect.', 'alert');
  await visible(page, 'main p.notice.bad[role=alert]');
  eq(await page.inputValue('#email'), acct.email, 'email kept');
  eq(await page.inputValue('#password'), '', 'password emptied');
  await absent(page, 'nav.tabs');
  eq(await sid(ctx), null, 'session cookie after a failed login');
  // still logged out
  await go(page, '/policies/');
  eq(new URL(page.url()).pathname, '/account/login', 'path of /policies/ after a failed login');
  await shot(page, 'login-failed.png');
});

test('language switch with the a.lang link sticks through a cookie', async ({ ctx }) => {
  const page = await ctx.newPage();
  await go(page, '/account/login');
  eq(await htmlLang(page), 'en', 'html lang at first');
  eq(await text(page, 'main h1'), 'Log in', 'English heading');
  eq(await text(page, 'a.lang'), 'Français', 'language link on an English page');
  eq(await attr(page, 'a.lang', 'hreflang'), 'fr', 'hreflang');

  let resp = await navigate(page, () => page.click('a.lang'));
  eq(resp.status(), 200, 'status of the French page');
  expectPath(page, '/account/login?lang=fr');
  eq(await htmlLang(page), 'fr', 'html lang after the switch');
  eq(await text(page, 'main h1'), 'Ouvrir une session', 'French heading');
  eq(await text(page, 'a.lang'), 'English', 'language link on a French page');
  eq(await page.locator('label[for=password]').textContent(), 'Mot de passe', 'French password label');
  eq((await ctx.cookies(BASE)).find((c) => c.name === 'lang')?.value, 'fr', 'lang cookie');
  await shot(page, 'lang-login-fr.png');

  // another page, no ?lang=: still French
  await go(page, '/account/signup');
  eq(await htmlLang(page), 'fr', 'html lang of /account/signup');
  eq(await text(page, 'main h1'), 'Créer votre compte', 'French signup heading');
  eq(await page.locator('#lang option[selected]').getAttribute('value'), 'fr', 'preselected account language');

  // and back to English
  resp = await navigate(page, () => page.click('a.lang'));
  expectPath(page, '/account/signup?lang=en');
  eq(await htmlLang(page), 'en', 'html lang after switching back');
  eq(await text(page, 'main h1'), 'Create your account', 'English signup heading');
  eq(await text(page, 'a.lang'), 'Français', 'language link after switching back');
  await go(page, '/account/login');
  eq(await htmlLang(page), 'en', 'html lang of /account/login after switching back');
  eq(await text(page, 'main h1'), 'Log in', 'English heading after switching back');
});

test('keyboard: skip link with visible focus, log in with keys only', async ({ ctx, browser }) => {
  const acct = await sharedAccount(browser);
  const page = await ctx.newPage();
  await go(page, '/account/login');

  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
        text: (el.textContent || '').trim(), focusVisible: el.matches(':focus-visible'),
        outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth), outlineColor: cs.outlineColor,
        left: r.left, top: r.top, width: r.width, height: r.height,
        onScreen: r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
      };
    });

  eq((await focused()).tag, 'body', 'focus before any key');
  await page.keyboard.press('Tab');
  let f = await focused();
  eq(`${f.tag}.${f.cls}`, 'a.skip', 'first Tab stop');
  eq(f.text, 'Skip to main content', 'skip link text');
  eq(f.href, '#main', 'skip link target');
  ok(f.focusVisible, 'the skip link does not match :focus-visible');
  ok(f.outlineStyle !== 'none' && f.outlineWidth > 0,
    `no visible focus outline on the skip link (outline-style ${f.outlineStyle}, width ${f.outlineWidth})`);
  ok(f.onScreen && f.width > 0 && f.height > 0, `the focused skip link is off screen (at ${f.left},${f.top})`);
  await shot(page, 'keyboard-skip-link.png');

  // Enter follows the skip link; the next Tab lands in the form, on the email field
  await page.keyboard.press('Enter');
  // (page.url() may lag behind a same-document navigation: ask the page)
  await page.waitForFunction(() => location.hash === '#main', null, { timeout: 2000 }).catch(() => {});
  eq(await page.evaluate(() => location.pathname + location.hash), '/account/login#main', 'URL after Enter on the skip link');
  await page.keyboard.press('Tab');
  f = await focused();
  eq(`${f.tag}#${f.id}`, 'input#email', 'first Tab stop after the skip link');
  ok(f.focusVisible && f.outlineStyle !== 'none' && f.outlineWidth > 0,
    `no visible focus outline on the email field (outline-style ${f.outlineStyle})`);
  await page.keyboard.type(acct.email);
  await page.keyboard.press('Tab');
  f = await focused();
  eq(`${f.tag}#${f.id}`, 'input#password', 'Tab stop after the email');
  await page.keyboard.type(acct.password);
  eq(await page.inputValue('#email'), acct.email, 'typed email');
  const resp = await navigate(page, () => page.keyboard.press('Enter'));
  await expectPostRedirect(resp, '/account/login', '/policies/');
  await expectTabs(page, '/policies/');

  // the logged-in page: Tab still starts at the skip link
  await page.keyboard.press('Tab');
  f = await focused();
  eq(`${f.tag}.${f.cls}`, 'a.skip', 'first Tab stop on /policies/');
});

test('screenshots of the main pages in English and French', async ({ ctx, browser }) => {
  const acct = await sharedAccount(browser);
  const page = await ctx.newPage();
  const saved = [];

  let resp = await go(page, '/account/login?lang=fr');
  eq(resp.status(), 200, 'status of /account/login?lang=fr');
  eq(await htmlLang(page), 'fr', 'html lang of the French login');
  eq(await text(page, 'main h1'), 'Ouvrir une session', 'French login heading');
  saved.push(await shot(page, 'login-fr.png'));

  resp = await go(page, '/account/login?lang=en');
  eq(resp.status(), 200, 'status of /account/login?lang=en');
  eq(await htmlLang(page), 'en', 'html lang of the English login');
  eq(await text(page, 'main h1'), 'Log in', 'English login heading');
  saved.push(await shot(page, 'login-en.png'));

  await expectPostRedirect(await login(page, acct), '/account/login', '/policies/');

  const pages = [
    ['/policies/', 'Return policies', '/policies/', 'policies.png'],
    ['/returns/', 'Returns', '/returns/', 'returns.png'],
    ['/settings/notifications', 'Notification settings', '/settings/notifications', 'notifications.png'],
    ['/help', 'Help', null, 'help.png'],
  ];
  for (const [where, heading, tab, file] of pages) {
    resp = await go(page, where);
    eq(resp.status(), 200, `status of ${where}`);
    expectPath(page, where);
    eq(await htmlLang(page), 'en', `html lang of ${where}`);
    eq(await text(page, 'main h1'), heading, `heading of ${where}`);
    eq(await text(page, 'details.menu summary .who'), acct.business, `business name on ${where}`);
    await expectTabs(page, tab);
    saved.push(await shot(page, file));
  }
  eq(saved.length, 6, 'screenshots saved');
});

// ---------------------------------------------------------------- return policies, in English and French
//
// The main flow of the Return policies tab, once per language: a fresh
// merchant is sent to the payment page, adds a card, creates a policy, copies
// its direct return link, deactivates and activates it, looks at it without
// JavaScript and deletes it. The customer's page (/r/<token>) is opened at each
// step in a context of its own, without cookies, in the customer's language
// (from Accept-Language); its error pages (unknown link, deleted policy) last.
// The tests of one language share its merchant and policy; a test makes what
// an earlier one did not, so each can run alone (ONLY=[fr], ONLY=delete...).

const PAGE_TEXT = {
  en: {
    paymentLink: 'Payment',
    paymentTitle: 'Payment method',
    needed: 'Add a payment method before you create a return policy.',
    fix: 'Please correct the fields marked below.',
    addCard: 'Add the card',
    declined: 'The card was declined. Try another card.',
    saved: 'Your payment method was saved.',
    isDefault: 'Default',
    expires: 'expires',
    newTitle: 'Create a return policy',
    create: 'Create the policy',
    created: 'The policy was created. Share its direct return link with your customers.',
    active: 'Active',
    inactive: 'Inactive',
    edit: 'Edit',
    deactivate: 'Deactivate',
    activate: 'Activate',
    del: 'Delete',
    copy: 'Copy',
    copied: 'The link was copied.',
    copyLink: 'Copy link', linkCopied: 'Link copied', returnLink: 'Return link',
    statusChanged: (n, on) => on ? `Policy ${n} activated: customers can get labels with it.` : `Policy ${n} deactivated: customers cannot get labels with it until you activate it.`,
    linkOff: 'This policy is not active: the link shows customers that returns are not available right now.',
    historyTitle: 'History of changes',
    hCreated: 'Created',
    hActivated: 'Activated',
    hDeactivated: 'Deactivated',
    deleteTitle: 'Delete policy',
    deleteFinal: 'Deleting a policy is final: it cannot be restored. Its number and its direct return link stop ' +
      'working, and customers can no longer get labels with it.',
    deleteLabels: 'Return labels already created with this policy stay valid, and their tracking and reports go on.',
    deleteConfirm: 'Delete the policy',
    keep: 'Keep it',
    deleted: 'The policy was deleted. Labels already created with it stay valid.',
    policiesTitle: 'Return policies',
    returnsFor: 'Returns for',
    unavailable: 'Returns are not available right now',
    notFound: 'Page not found',
    goneTitle: 'Gone',
    unknownLink: 'This return link does not exist. Check the link the merchant gave you, or contact the merchant.',
    gone: 'This return link no longer works: the merchant removed it. Contact the merchant for another way to ' +
      'return your item.',
  },
  fr: {
    paymentLink: 'Paiement',
    paymentTitle: 'Mode de paiement',
    needed: 'Ajoutez un mode de paiement avant de créer une politique de retour.',
    fix: 'Veuillez corriger les champs indiqués ci-dessous.',
    addCard: 'Ajouter la carte',
    declined: 'La carte a été refusée. Essayez une autre carte.',
    saved: 'Votre mode de paiement a été enregistré.',
    isDefault: 'Par défaut',
    expires: 'expire',
    newTitle: 'Créer une politique de retour',
    create: 'Créer la politique',
    created: 'La politique a été créée. Communiquez son lien de retour direct à vos clients.',
    active: 'Active',
    inactive: 'Inactive',
    edit: 'Modifier',
    deactivate: 'Désactiver',
    activate: 'Activer',
    del: 'Supprimer',
    copy: 'Copier',
    copied: 'Le lien a été copié.',
    copyLink: 'Copier le lien', linkCopied: 'Lien copié', returnLink: 'Lien de retour',
    statusChanged: (n, on) => on ? `Politique ${n} activée : vos clients peuvent obtenir des étiquettes avec elle.` : `Politique ${n} désactivée : vos clients ne peuvent plus obtenir d’étiquettes avec elle tant que vous ne l’aurez pas activée.`,
    linkOff: 'Cette politique n’est pas active : le lien indique aux clients que les retours ne sont pas offerts ' +
      'pour le moment.',
    historyTitle: 'Historique des modifications',
    hCreated: 'Créée',
    hActivated: 'Activée',
    hDeactivated: 'Désactivée',
    deleteTitle: 'Supprimer la politique',
    deleteFinal: 'La suppression d’une politique est définitive : elle ne peut pas être rétablie. Son numéro et son ' +
      'lien de retour direct cessent de fonctionner, et les clients ne peuvent plus obtenir d’étiquettes avec elle.',
    deleteLabels: 'Les étiquettes de retour déjà créées avec cette politique restent valides, et leur suivi et les ' +
      'rapports continuent.',
    deleteConfirm: 'Supprimer la politique',
    keep: 'La garder',
    deleted: 'La politique a été supprimée. Les étiquettes déjà créées avec elle restent valides.',
    policiesTitle: 'Politiques de retour',
    returnsFor: 'Retours pour',
    unavailable: 'Les retours ne sont pas offerts pour le moment',
    notFound: 'Page introuvable',
    goneTitle: 'Page supprimée',
    unknownLink: 'Ce lien de retour n’existe pas. Vérifiez le lien que le commerçant vous a donné ou communiquez avec lui.',
    gone: 'Ce lien de retour ne fonctionne plus : le commerçant l’a supprimé. Communiquez avec le commerçant pour ' +
      'retourner votre article autrement.',
  },
};

// What each language's merchant types into the policy form. The English one
// first sends a postal code that is not one; the French one, a real postal
// code of another province.
const POLICY_DATA = {
  en: {
    name: 'Holiday returns & exchanges',
    channel: 'both', service: 'xpresspost', serviceLabel: 'Xpresspost',
    secure: false, boxFree: true, ra: true,
    contact: 'Jane Doe', line1: '123 Main Street', line2: 'Unit 4', city: 'Ottawa', province: 'ON',
    badPostal: 'ZZZ 999', badPostalError: 'Enter a Canadian postal code such as K1A 0B1.',
    postal: 'k1a0b1', postalShown: 'K1A 0B1',
    orderQEn: 'Order number?', orderQFr: 'No de commande?',
    format: '4x6',
    // (one line each: the site turns line breaks into spaces, reported separately)
    instrEn: 'Put the packing slip in the box. Do not tape over the label.',
    instrFr: 'Mettez le bordereau d’emballage dans la boîte.',
  },
  fr: {
    name: 'Retours des Fêtes & échanges',
    channel: 'online', service: 'priority', serviceLabel: 'Priorité',
    secure: true, boxFree: false, ra: false,
    contact: 'Élise Tremblay', line1: '1234, rue Saint-Denis', line2: '', city: 'Montréal', province: 'QC',
    badPostal: 'K1A 0B1', badPostalError: 'Ce code postal n’est pas dans la province choisie.',
    postal: 'h2x 1y4', postalShown: 'H2X 1Y4',
    orderQEn: '', orderQFr: '',
    format: 'letter',
    instrEn: 'Include the invoice.',
    instrFr: 'Joignez la facture à votre colis. Merci !',
  },
};

const DECLINED_CARD = '4000000000000002';
const VISA = '4111 1111 1111 1111';
const EXP_YEAR = String(new Date().getFullYear() + 3);

// Per language: { acct, signedUp, card, policy: { number, link } }.
const flows = { en: {}, fr: {} };

function flowAccount(lang) {
  const f = flows[lang];
  if (!f.acct) {
    f.acct = newAccount(`policies-${lang}`);
    if (lang === 'fr') f.acct.business = `Boutique Élise & Fils ${STAMP}`; // non-ASCII, escaped
  }
  return f.acct;
}

// The number in the HTML, with or without separators between its digits.
function showsNumber(html, number) {
  const digits = number.replace(/\D/g, '');
  return new RegExp(digits.split('').join('(?:\\s|-|&nbsp;|&#160;|\u00a0)?')).test(html);
}

// The error message of a form field: in p.err#<field>-err, in the field's
// .field block right below it, and tied to it by aria-describedby.
async function fieldError(page, field, message) {
  eq(await text(page, `p.err#${field}-err`), message, `error of ${field}`);
  await visible(page, `#${field}-err`);
  eq(await attr(page, `#${field}`, 'aria-invalid'), 'true', `aria-invalid of ${field}`);
  const described = (await attr(page, `#${field}`, 'aria-describedby')) || '';
  ok(described.split(/\s+/).includes(`${field}-err`), `#${field} aria-describedby "${described}" lacks ${field}-err`);
  const near = await page.evaluate((f) => {
    const input = document.getElementById(f), err = document.getElementById(`${f}-err`);
    const box = err.closest('.field');
    if (!box || !box.contains(input)) return 'not in the same .field';
    const a = input.getBoundingClientRect(), b = err.getBoundingClientRect();
    if (b.top < a.bottom - 1 || b.top - a.bottom > 60) return `${b.top - a.bottom}px below the input`;
    return 'ok';
  }, field);
  eq(near, 'ok', `position of #${field}-err`);
}

// Log in as `acct` in a new page of ctx, the pages in `lang`.
async function merchantPage(ctx, lang, acct) {
  const page = await ctx.newPage();
  await go(page, `/account/login?lang=${lang}`);
  await expectPostRedirect(await login(page, acct), '/account/login', '/policies/');
  eq(await htmlLang(page), lang, 'html lang after login');
  return page;
}

async function signupMerchant(page, lang) {
  const acct = flowAccount(lang);
  await go(page, `/account/signup?lang=${lang}`);
  eq(await htmlLang(page), lang, 'html lang of the signup page');
  await expectSignedUp(await signup(page, acct, { lang }));
  flows[lang].signedUp = true;
  return acct;
}

async function fillCard(page, number) {
  await page.fill('#number', number);
  await page.selectOption('#exp_month', '07');
  await page.fill('#exp_year', EXP_YEAR);
  await page.fill('#cvv', '123');
}

function submitCardButton(page) {
  return page.locator('form[action="/account/payment/card"] button[type=submit]');
}

// The language's merchant with a default card, made in a context of its own
// when the payment test did not.
async function merchantWithCard(browser, lang) {
  const f = flows[lang];
  if (f.card) return f.acct;
  await withContext(browser, {}, async (ctx) => {
    let page;
    if (f.signedUp) page = await merchantPage(ctx, lang, f.acct);
    else await signupMerchant((page = await ctx.newPage()), lang);
    await go(page, '/account/payment');
    await fillCard(page, VISA);
    await page.check('input[name=make_default]');
    const resp = await navigate(page, () => submitCardButton(page).click());
    await expectPostRedirect(resp, '/account/payment/card', '/account/payment?done=1');
  });
  f.card = true;
  return f.acct;
}

async function fillPolicy(page, d, postal) {
  await page.fill('#name', d.name);
  await page.check(`input[name=channel][value="${d.channel}"]`);
  await page.setChecked('input[name=secure_labels]', d.secure);
  await page.setChecked('input[name=box_free]', d.boxFree);
  await page.check(`input[name=service][value="${d.service}"]`);
  await page.fill('#contact', d.contact);
  await page.fill('#line1', d.line1);
  await page.fill('#line2', d.line2);
  await page.fill('#city', d.city);
  await page.selectOption('#province', d.province);
  await page.fill('#postal', postal);
  await page.setChecked('input[name=ra_required]', d.ra);
  await page.fill('#order_q_en', d.orderQEn);
  await page.fill('#order_q_fr', d.orderQFr);
  await page.check(`input[name=label_format][value="${d.format}"]`);
  await page.fill('#instructions_en', d.instrEn);
  await page.fill('#instructions_fr', d.instrFr);
}

// Everything the policy form would send but the CSRF token.
function policyFormValues(page) {
  return page.evaluate(() => {
    const out = {};
    for (const el of document.querySelector('main form[method=post]').elements) {
      if (!el.name || el.name === 'csrf') continue;
      if (el.type === 'radio') {
        if (el.checked) out[el.name] = el.value;
        else if (!(el.name in out)) out[el.name] = null;
      } else if (el.type === 'checkbox') out[el.name] = el.checked;
      else out[el.name] = el.value;
    }
    return out;
  });
}

function submitPolicyButton(page) {
  return page.locator('form[action="/policies/new"] button[type=submit]');
}

// POST /policies/new 303 -> GET /policies/PR123456?created=1 200; returns the number.
async function expectCreated(resp) {
  const c = await chain(resp);
  const desc = c.map((x) => `${x.method} ${x.path} ${x.status}`).join(' -> ');
  ok(c.length === 2 && c[0].method === 'POST' && c[0].path === '/policies/new' && c[0].status === 303,
    `expected POST /policies/new 303 -> GET /policies/PR…?created=1 200, got ${desc}`);
  const m = /^\/policies\/([^/?]+)\?created=1$/.exec(c[1].path);
  ok(m && c[1].method === 'GET' && c[1].status === 200, `expected GET /policies/PR…?created=1 200, got ${desc}`);
  ok(/^PR\d{6}$/.test(m[1]), `policy number ${JSON.stringify(m[1])} is not PR and 6 digits`);
  return m[1];
}

// The link on the details page: http://HOST/r/<40 hex>.
async function directLink(page) {
  const link = await page.inputValue('#link');
  ok(new RegExp(`^${BASE.replace(/[.]/g, '\\.')}/r/[0-9a-f]{40}$`).test(link),
    `#link ${JSON.stringify(link)} is not ${BASE}/r/<40 hex digits>`);
  return link;
}

// The language's policy (active), made through the form when the policy-form test did not.
async function policyOf(browser, lang) {
  const f = flows[lang];
  if (f.policy) return f.policy;
  const acct = await merchantWithCard(browser, lang);
  await withContext(browser, {}, async (ctx) => {
    const page = await merchantPage(ctx, lang, acct);
    await go(page, '/policies/new');
    await fillPolicy(page, POLICY_DATA[lang], POLICY_DATA[lang].postal);
    const number = await expectCreated(await navigate(page, () => submitPolicyButton(page).click()));
    f.policy = { number, link: await directLink(page) };
  });
  return f.policy;
}

// The direct return link of a deleted policy of the language's merchant,
// deleted through the confirmation page when the delete test did not.
async function goneLink(browser, lang) {
  const f = flows[lang];
  if (f.goneLink) return f.goneLink;
  const pol = await policyOf(browser, lang);
  await withContext(browser, {}, async (ctx) => {
    const page = await merchantPage(ctx, lang, f.acct);
    await go(page, `/policies/${pol.number}/delete`);
    const resp = await navigate(page, () =>
      page.click(`main form[action="/policies/${pol.number}/delete"] button[type=submit]`));
    await expectPostRedirect(resp, `/policies/${pol.number}/delete`, '/policies/?deleted=1');
  });
  f.policy = null;
  f.goneLink = pol.link;
  return pol.link;
}

// A context of its own (customers, JavaScript off); its problems fail the test.
async function withContext(browser, options, fn) {
  const ctx = await newContext(browser, options);
  try {
    const result = await fn(ctx);
    const problems = [...new Set(ctx.problems)];
    if (problems.length) throw new AssertionError(problems.slice(0, 3).join('; '));
    return result;
  } finally {
    await withTimeout(ctx.close(), 5000, 'closing the context').catch(() => {});
  }
}

// Open the direct return link as a customer: no cookies, the browser in `lang`.
async function asCustomer(browser, lang, link, fn) {
  ok(link.startsWith(`${BASE}/r/`), `not a direct return link: ${link}`);
  return withContext(browser, { locale: lang === 'fr' ? 'fr-CA' : 'en-CA' }, async (ctx) => {
    eq((await ctx.cookies(BASE)).length, 0, 'cookies of a new context');
    const page = await ctx.newPage();
    const resp = await page.goto(link, { waitUntil: 'load' });
    ok(resp, `no response for ${link}`);
    eq(await sid(ctx), null, 'session cookie of the customer');
    eq(await htmlLang(page), lang, 'html lang of the customer page (from Accept-Language)');
    return fn(page, resp);
  });
}

// The customer's pages have none of the merchant's navigation.
async function noMerchantNav(page) {
  for (const sel of ['a[href="/account/login"]', 'a[href="/account/signup"]', 'a[href="/help"]', 'details.menu',
    'nav.tabs', 'form[action="/account/logout"]'])
    await absent(page, sel);
}

async function historyRows(page) {
  return page.locator('main table.data tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.cells].map((td) => td.textContent.replace(/\s+/g, ' ').trim())));
}

for (const lang of ['en', 'fr']) {
  const t = PAGE_TEXT[lang];
  const d = POLICY_DATA[lang];

  test(`[${lang}] payment: no policy without a payment method; a declined card, then a Visa`, async ({ ctx }) => {
    const page = await ctx.newPage();
    const acct = await signupMerchant(page, lang);
    eq(await htmlLang(page), lang, 'html lang after signup');

    // "Create a policy" without a payment method leads to the payment page
    let resp = await navigate(page, () => page.click('main a[href="/policies/new"]'));
    eq((await chain(resp)).map((x) => `${x.method} ${x.path} ${x.status}`).join(' -> '),
      'GET /policies/new 303 -> GET /account/payment?needed=1 200', 'requests of /policies/new');
    expectPath(page, '/account/payment?needed=1');
    eq(await text(page, 'main h1'), t.paymentTitle, 'heading of the payment page');
    eq(await text(page, 'main p.notice.info[role=status]'), t.needed, 'the "needed" notice');
    await expectTabs(page, null, lang);

    // the account menu's Payment link leads there too, without the notice
    await page.click('details.menu summary');
    const menuLink = page.locator('details.menu a[href="/account/payment"]');
    eq(norm(await menuLink.textContent()), t.paymentLink, 'payment link of the account menu');
    ok(await menuLink.isVisible(), 'the payment link of the open account menu is not visible');
    resp = await navigate(page, () => menuLink.click());
    eq(resp.status(), 200, 'status of /account/payment');
    expectPath(page, '/account/payment');
    await absent(page, 'main p.notice.info');
    await absent(page, 'ul.cards li');

    // a declined card: the error next to the number, the number nowhere in the page
    await fillCard(page, DECLINED_CARD);
    eq(norm(await submitCardButton(page).textContent()), t.addCard, 'button of the card form');
    resp = await navigate(page, () => submitCardButton(page).click());
    eq(resp.status(), 400, 'status of a declined card');
    expectPath(page, '/account/payment/card');
    eq(await text(page, 'main p.notice.bad[role=alert]'), t.fix, 'form alert');
    await fieldError(page, 'number', t.declined);
    for (const f of ['exp_month', 'exp_year', 'cvv']) await absent(page, `#${f}-err`);
    ok(!showsNumber(await resp.text(), DECLINED_CARD), 'the declined card number is in the HTML sent');
    ok(!showsNumber(await page.content(), DECLINED_CARD), 'the declined card number is in the page');
    eq(await page.inputValue('#number'), '', 'card number after the error');
    eq(await page.inputValue('#cvv'), '', 'security code after the error');
    eq(await page.inputValue('#exp_month'), '07', 'expiry month kept');
    eq(await page.inputValue('#exp_year'), EXP_YEAR, 'expiry year kept');
    await absent(page, 'ul.cards li');
    await shot(page, `payment-declined-${lang}.png`);

    // a good Visa: listed, the default, and only its last 4 digits shown
    await fillCard(page, VISA);
    await page.check('input[name=make_default]');
    resp = await navigate(page, () => submitCardButton(page).click());
    await expectPostRedirect(resp, '/account/payment/card', '/account/payment?done=1');
    eq(await text(page, 'main p.notice.ok[role=status]'), t.saved, 'saved notice');
    eq(await page.locator('ul.cards li').count(), 1, 'number of cards listed');
    eq(await text(page, 'ul.cards li .card-id'), 'Visa •••• 1111', 'the card');
    eq(await text(page, 'ul.cards li .status'), t.isDefault, 'badge of the card');
    await visible(page, 'ul.cards li .status');
    eq(await text(page, 'ul.cards li .muted'), `${t.expires} 07/${EXP_YEAR}`, 'expiry of the card');
    await absent(page, 'ul.cards li form[action$="/default"]'); // already the default
    ok(!showsNumber(await resp.text(), VISA), 'the full card number is in the HTML sent');
    ok(!showsNumber(await page.content(), VISA), 'the full card number is in the page');
    eq(await page.inputValue('#number'), '', 'card number field after saving');
    flows[lang].card = true;
    await shot(page, `payment-${lang}.png`);

    // now /policies/new is the form
    resp = await go(page, '/policies/new');
    eq(resp.status(), 200, 'status of /policies/new with a card');
    expectPath(page, '/policies/new');
    eq(await text(page, 'details.menu summary .who'), acct.business, 'business name in the account menu');
  });

  test(`[${lang}] policy form: a bad postal code, then created; the details page and the list`, async ({ ctx, browser }) => {
    const acct = await merchantWithCard(browser, lang);
    const page = await merchantPage(ctx, lang, acct);
    let resp = await navigate(page, () => page.click('main a[href="/policies/new"]'));
    eq(resp.status(), 200, 'status of /policies/new');
    expectPath(page, '/policies/new');
    eq(await text(page, 'main h1'), t.newTitle, 'heading of the form');
    await expectTabs(page, '/policies/', lang);
    eq(await page.inputValue('#company'), acct.business, 'company filled in with the business name');
    eq(JSON.stringify(await page.locator('input[name=service]').evaluateAll((l) => l.map((e) => e.value))),
      '["priority","xpresspost","regular"]', 'services offered to a card account (no expedited)');

    // a bad postal code: the error next to it, the rest kept
    await fillPolicy(page, d, d.badPostal);
    const typed = await policyFormValues(page);
    eq(norm(await submitPolicyButton(page).textContent()), t.create, 'button of the policy form');
    resp = await navigate(page, () => submitPolicyButton(page).click());
    eq(resp.status(), 400, 'status with a bad postal code');
    expectPath(page, '/policies/new');
    eq(await text(page, 'main p.notice.bad[role=alert]'), t.fix, 'form alert');
    await fieldError(page, 'postal', d.badPostalError);
    eq(await page.locator('main p.err').count(), 1, 'number of field errors');
    eq(JSON.stringify(await policyFormValues(page)), JSON.stringify(typed), 'the form after the error');
    eq(await page.inputValue('#name'), d.name, 'name kept');
    eq(await page.inputValue('#instructions_fr'), d.instrFr, 'French instructions kept');
    await shot(page, `policy-form-errors-${lang}.png`);

    // fixed: created, on its details page
    await page.fill('#postal', d.postal);
    const number = await expectCreated(await navigate(page, () => submitPolicyButton(page).click()));
    expectPath(page, `/policies/${number}?created=1`);
    eq(await htmlLang(page), lang, 'html lang of the details page');
    eq(await text(page, 'main p.notice.ok[role=status]'), t.created, 'created notice');
    eq(await text(page, 'main h1'), `${d.name} ${number}`, 'heading: name and number');
    eq(await text(page, 'main .status'), t.active, 'status badge');
    await expectTabs(page, '/policies/', lang);
    eq(norm(await page.locator(`main a.button[href="/policies/${number}/edit"]`).textContent()), t.edit, 'Edit button');
    eq(norm(await page.locator(`main form[action="/policies/${number}/deactivate"] button`).textContent()),
      t.deactivate, 'Deactivate button');
    await absent(page, `main form[action="/policies/${number}/activate"]`);
    eq(norm(await page.locator(`main a.button[href="/policies/${number}/delete"]`).textContent()), t.del, 'Delete button');
    const link = await directLink(page);
    eq(await attr(page, '#link', 'readonly'), '', '#link read-only');
    await absent(page, 'main .notice.warn'); // the link works
    await visible(page, 'button[data-copy=link]'); // JavaScript on
    eq(norm(await page.locator('button[data-copy=link]').textContent()), t.copy, 'Copy button');
    ok(!(await page.locator('.copy-done').isVisible()), '.copy-done shows before any click');
    const qr = await page.evaluate((n) => {
      const img = document.querySelector(`main img[src="/policies/${n}/qr.svg"]`);
      return img && { loaded: img.complete && img.naturalWidth > 0, alt: img.alt };
    }, number);
    ok(qr, 'no QR code image');
    ok(qr.loaded, 'the QR code image did not load');
    ok(qr.alt.length > 0, 'the QR code image has no alt text');
    eq(await page.locator('main ul.tips li').count(), 4, 'number of tips');
    const settings = await text(page, 'main dl.settings');
    for (const s of [number, d.serviceLabel, d.contact, d.city, d.postalShown])
      ok(settings.includes(s), `settings lack ${JSON.stringify(s)}: ${settings}`);
    ok((await page.locator('main h2').allTextContents()).map(norm).includes(t.historyTitle), 'no history heading');
    const hist = await historyRows(page);
    eq(hist.length, 1, 'history rows');
    eq(hist[0][1], acct.email, 'who created the policy');
    eq(hist[0][2], t.hCreated, 'first history row');
    await shot(page, `policy-details-${lang}.png`);
    flows[lang].policy = { number, link };

    // the list: number, name, status, actions
    resp = await navigate(page, () => page.click('main p.crumbs a[href="/policies/"]'));
    expectPath(page, '/policies/');
    eq(await text(page, 'main h1'), t.policiesTitle, 'heading of the list');
    const row = page.locator('main table.data tbody tr', { has: page.locator(`a[href="/policies/${number}"]`) });
    eq(await row.count(), 1, `rows of ${number}`);
    const cells = (await row.locator('td').allTextContents()).map(norm);
    eq(cells[0], number, 'number in the list');
    eq(cells[1], d.name, 'name in the list');
    eq(norm(await row.locator('.status').textContent()), t.active, 'status in the list');
    eq(norm(await row.locator(`a[href="/policies/${number}/edit"]`).textContent()), `${t.edit} ${number}`, 'row Edit');
    eq(norm(await row.locator(`form[action="/policies/${number}/deactivate"] button.link`).textContent()),
      `${t.deactivate} ${number}`, 'row Deactivate');
    await absent(page, `form[action="/policies/${number}/activate"]`);
    eq(norm(await row.locator(`a[href="/policies/${number}/delete"]`).textContent()), `${t.del} ${number}`, 'row Delete');
  });

  test(`[${lang}] copy the direct return link; the customer's page`, async ({ ctx, browser }) => {
    const pol = await policyOf(browser, lang);
    const acct = flows[lang].acct;
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
    const page = await merchantPage(ctx, lang, acct);
    await go(page, `/policies/${pol.number}`);
    const link = await directLink(page);
    eq(link, pol.link, 'the link is the same on each visit');
    const copy = page.locator('button[data-copy=link]');
    await visible(page, 'button[data-copy=link]');
    ok(!(await page.locator('.copy-done').isVisible()), '.copy-done shows before the click');
    await copy.click();
    await page.locator('.copy-done').waitFor({ state: 'visible', timeout: 2000 })
      .catch(() => { throw new AssertionError('.copy-done did not show after clicking Copy'); });
    eq(await text(page, '.copy-done'), t.copied, 'copied message');
    eq(await page.evaluate(() => navigator.clipboard.readText()), link, 'the clipboard after Copy');
    await shot(page, `policy-copied-${lang}.png`);

    // the same link from the list, one click on the policy's row
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await go(page, '/policies/');
    const row = page.locator('main table.data tbody tr', { has: page.locator(`a[href="/policies/${pol.number}"]`) });
    const rowCopy = row.locator('button[data-copy-text]');
    eq(norm(await rowCopy.textContent()), `${t.copyLink} ${pol.number}`, 'the row Copy link button');
    ok(await rowCopy.isVisible(), 'the row Copy link button is hidden with JavaScript');
    await rowCopy.click();
    await page.waitForFunction((b) => b.textContent.trim() !== '' && !b.textContent.includes(b.dataset.copyText) &&
      b.textContent === b.dataset.done, await rowCopy.elementHandle(), { timeout: 2000 })
      .catch(() => { throw new AssertionError('the row button did not say the link was copied'); });
    eq(norm(await rowCopy.textContent()), t.linkCopied, 'the row button after the click');
    eq(await page.evaluate(() => navigator.clipboard.readText()), link, 'the clipboard after Copy link in the list');

    await asCustomer(browser, lang, link, async (cp, resp) => {
      eq(resp.status(), 200, 'status of the customer page');
      eq(await text(cp, 'main h1'), acct.business, "the merchant's business name");
      eq(await text(cp, 'main .eyebrow'), t.returnsFor, 'above the name');
      const main = await text(cp, 'main');
      ok(main.includes(pol.number), `the policy number ${pol.number} is not on the customer page`);
      ok(main.includes(d.serviceLabel), `the service ${d.serviceLabel} is not on the customer page`);
      eq(await text(cp, 'main .instructions'), norm(lang === 'fr' ? d.instrFr : d.instrEn),
        "the instructions in the customer's language");
      await absent(cp, 'main .notice.warn');
      await noMerchantNav(cp);
      await shot(cp, `customer-${lang}.png`);
    });
  });

  test(`[${lang}] deactivate on the details page, activate from the list`, async ({ ctx, browser }) => {
    const pol = await policyOf(browser, lang);
    const n = pol.number;
    const page = await merchantPage(ctx, lang, flows[lang].acct);
    await go(page, `/policies/${n}`);
    eq(await text(page, 'main .status'), t.active, 'status before');

    let resp = await navigate(page, () => page.click(`main form[action="/policies/${n}/deactivate"] button[type=submit]`));
    await expectPostRedirect(resp, `/policies/${n}/deactivate`, `/policies/${n}?done=1`);
    eq(await text(page, 'main p.notice.ok[role=status]'), t.statusChanged(n, false), 'notice after deactivating');
    eq(await text(page, 'main .status'), t.inactive, 'status after deactivating');
    await absent(page, `main form[action="/policies/${n}/deactivate"]`);
    eq(norm(await page.locator(`main form[action="/policies/${n}/activate"] button`).textContent()), t.activate,
      'Activate button');
    eq(await text(page, 'main .notice.warn'), t.linkOff, 'link notice of an inactive policy');
    eq(await page.inputValue('#link'), pol.link, 'the link of an inactive policy');
    eq((await historyRows(page))[0][2], t.hDeactivated, 'latest history row');
    await shot(page, `policy-inactive-${lang}.png`);

    await asCustomer(browser, lang, pol.link, async (cp, r) => {
      eq(r.status(), 200, 'status of the customer page of an inactive policy');
      eq(await text(cp, 'main h1'), flows[lang].acct.business, "the merchant's business name");
      eq(await text(cp, 'main .notice h2'), t.unavailable, 'not available');
      ok(!(await cp.content()).includes(n), 'the number of an inactive policy is shown');
      await absent(cp, 'main form'); // no way to get a label
      await noMerchantNav(cp);
      await shot(cp, `customer-inactive-${lang}.png`);
    });

    // the list: Inactive, with an Activate button in the row
    await go(page, '/policies/');
    const row = page.locator('main table.data tbody tr', { has: page.locator(`a[href="/policies/${n}"]`) });
    eq(norm(await row.locator('.status').textContent()), t.inactive, 'status in the list');
    const activate = row.locator(`form[action="/policies/${n}/activate"] button.link`);
    eq(norm(await activate.textContent()), `${t.activate} ${n}`, 'row Activate');
    await absent(page, `form[action="/policies/${n}/deactivate"]`);
    resp = await navigate(page, () => activate.click());
    await expectPostRedirect(resp, `/policies/${n}/activate`, `/policies/${n}?done=1`);
    eq(await text(page, 'main p.notice.ok[role=status]'), t.statusChanged(n, true), 'notice after activating');
    eq(await text(page, 'main .status'), t.active, 'status after activating');
    await absent(page, 'main .notice.warn');
    const hist = await historyRows(page);
    eq(JSON.stringify(hist.map((h) => h[2])), JSON.stringify([t.hActivated, t.hDeactivated, t.hCreated]),
      'history, latest first');

    await asCustomer(browser, lang, pol.link, async (cp, r) => {
      eq(r.status(), 200, 'status of the customer page once active again');
      ok((await text(cp, 'main')).includes(n), 'the policy number is not shown once active again');
      await absent(cp, 'main .notice.warn');
    });
  });

  test(`[${lang}] without JavaScript: no Copy button, the link is in #link`, async ({ browser }) => {
    const pol = await policyOf(browser, lang);
    await withContext(browser, { javaScriptEnabled: false }, async (ctx) => {
      const page = await merchantPage(ctx, lang, flows[lang].acct);
      await go(page, `/policies/${pol.number}`);
      await shot(page, `policy-nojs-${lang}.png`);
      eq(await text(page, 'main h1'), `${d.name} ${pol.number}`, 'heading');
      const copy = page.locator('button[data-copy=link]');
      eq(await copy.count(), 1, 'Copy buttons in the page');
      ok(!(await copy.isVisible()), 'the Copy button shows without JavaScript');
      eq(await copy.getAttribute('hidden'), '', 'the Copy button keeps its hidden attribute (copy.js did not run)');
      ok(!(await page.locator('.copy-done').isVisible()), '.copy-done shows without JavaScript');
      await visible(page, '#link');
      eq(await attr(page, '#link', 'value'), pol.link, 'value attribute of #link');
      eq(await page.inputValue('#link'), pol.link, 'value of #link');
      // the list: the row links to the policy's link field instead
      await go(page, '/policies/');
      const row = page.locator('main table.data tbody tr', { has: page.locator(`a[href="/policies/${pol.number}"]`) });
      ok(!(await row.locator('button[data-copy-text]').isVisible()), 'the row Copy link button shows without JavaScript');
      const a = row.locator(`a[href="/policies/${pol.number}#link"]`);
      ok(await a.isVisible(), 'no link to the return link field in the row without JavaScript');
      eq(norm(await a.textContent()), `${t.returnLink} ${pol.number}`, 'the row link without JavaScript');
    });
  });

  test(`[${lang}] delete through the confirmation page; 404 for the details, 410 for the link`, async ({ ctx, browser }) => {
    const pol = await policyOf(browser, lang);
    const n = pol.number;
    const page = await merchantPage(ctx, lang, flows[lang].acct);
    await go(page, `/policies/${n}`);
    const before = await text(page, 'main .status');
    const toConfirm = () => navigate(page, () => page.click(`main a[href="/policies/${n}/delete"]`));
    let resp = await toConfirm();
    eq(resp.status(), 200, 'status of the confirmation page');
    expectPath(page, `/policies/${n}/delete`);
    eq(await text(page, 'main h1'), `${t.deleteTitle} ${n}`, 'heading of the confirmation');
    eq(await text(page, 'main .lead'), d.name, 'name on the confirmation');
    const warn = (await page.locator('main .notice p').allTextContents()).map(norm);
    eq(JSON.stringify(warn), JSON.stringify([t.deleteFinal, t.deleteLabels]), 'what the confirmation says');
    const confirm = page.locator(`main form[action="/policies/${n}/delete"] button[type=submit]`);
    eq(norm(await confirm.textContent()), t.deleteConfirm, 'confirmation button');
    const keep = page.locator(`main a[href="/policies/${n}"]`);
    eq(norm(await keep.textContent()), t.keep, 'the keep link');
    await shot(page, `policy-delete-${lang}.png`);

    // "Keep it" goes back, nothing changed
    resp = await navigate(page, () => keep.click());
    eq(resp.status(), 200, 'status after Keep it');
    expectPath(page, `/policies/${n}`);
    eq(await text(page, 'main .status'), before, 'status after Keep it');

    await toConfirm();
    resp = await navigate(page, () => confirm.click());
    await expectPostRedirect(resp, `/policies/${n}/delete`, '/policies/?deleted=1');
    flows[lang].policy = null;
    flows[lang].goneLink = pol.link;
    eq(await text(page, 'main p.notice.ok[role=status]'), t.deleted, 'deleted notice');
    await absent(page, `main a[href="/policies/${n}"]`);
    ok(!(await text(page, 'main')).includes(n), `${n} is still on the list`);

    resp = await go(page, `/policies/${n}`);
    eq(resp.status(), 404, 'status of the details of a deleted policy');
    eq(await text(page, 'main h1'), t.notFound, 'heading of the 404 page');
    eq(await htmlLang(page), lang, 'html lang of the 404 page');

    await asCustomer(browser, lang, pol.link, async (cp, r) => {
      eq(r.status(), 410, 'status of the link of a deleted policy');
      eq(await text(cp, 'main h1'), t.goneTitle, 'heading of the 410 page');
      eq(await text(cp, 'main .lead'), t.gone, 'message of the 410 page');
      ok(!(await cp.content()).includes(n), 'the number of a deleted policy is shown');
      await shot(cp, `customer-gone-${lang}.png`);
    });
  });

  test(`[${lang}] the customer's error pages (unknown link, deleted policy) have no merchant navigation`, async ({ browser }) => {
    const gone = await goneLink(browser, lang);
    await asCustomer(browser, lang, gone, async (cp, r) => {
      eq(r.status(), 410, 'status of the link of a deleted policy');
      eq(await text(cp, 'main .lead'), t.gone, 'message of the 410 page');
      await noMerchantNav(cp);
    });
    const unknown = `${BASE}/r/${'0'.repeat(40)}`;
    await asCustomer(browser, lang, unknown, async (cp, r) => {
      eq(r.status(), 404, 'status of an unknown link');
      eq(await text(cp, 'main .lead'), t.unknownLink, 'message of an unknown link');
      await shot(cp, `customer-unknown-${lang}.png`);
      await noMerchantNav(cp);
    });
  });
}

// ---------------------------------------------------------------- the customer's return form
//
// A customer opens a policy's direct return link (no account, no cookies),
// fills the form and gets a label to download (a real PDF: its bar code and
// QR code are decoded with pdftoppm + zbarimg) or a QR code for the post
// office (qr.svg, decoded with rsvg-convert + zbarimg). The tests share one
// merchant and policy (an RA number and an order question), made on first
// use, so each test can run alone.

// The merchant's policy: what POLICY_DATA.en types, with an RA number
// required, an order question in both languages and instructions in both.
const RETURN_POLICY = {
  ...POLICY_DATA.en,
  name: 'Returns with an RA number',
  secure: false, ra: true,
  orderQEn: 'Order number', orderQFr: 'N° de commande',
  instrEn: 'Write the RA number on the box.',
  instrFr: 'Inscrivez le numéro d’AR sur la boîte. Merci !',
};

const RETURN_TEXT = {
  en: {
    submit: 'Get my return label', done: 'Your return is ready', download: 'Download the label (PDF)',
    created: 'Label created', orderQ: RETURN_POLICY.orderQEn, instr: RETURN_POLICY.instrEn,
    steps: ['Label created', 'Dropped off at Canada Post', 'In transit', 'Delivered to the merchant'],
  },
  fr: {
    submit: 'Obtenir mon étiquette de retour', done: 'Votre retour est prêt', download: 'Télécharger l’étiquette (PDF)',
    created: 'Étiquette créée', orderQ: RETURN_POLICY.orderQFr, instr: RETURN_POLICY.instrFr,
    steps: ['Étiquette créée', 'Déposé à Postes Canada', 'En transit', 'Livré au commerçant'],
    badPostal: 'Entrez un code postal canadien comme K1A 0B1.',
    badWeight: 'Entrez un poids entre 0,001 et 29,999 kg, par exemple 1,5',
  },
};

// What customers type. (The email is unique per run: a day's labels per address are capped.)
function customer(tag, lang) {
  const email = `customer-${STAMP}-${tag}@example.com`;
  return lang === 'fr'
    ? { name: 'Émilie Côté', line1: '12, rue Saint-Louis', line2: 'App. 3', city: 'Québec', province: 'QC',
      postal: 'G1R 4P5', email, tracking: true, ra: 'RA-2024-0042', order: 'CMD-10472', weight: '1,5', method: 'label' }
    : { name: 'Sam O’Brien', line1: '24 Sussex Drive', line2: '', city: 'Ottawa', province: 'ON',
      postal: 'K1A 0B1', email, tracking: false, ra: 'ra-77', order: '#55120', weight: '0.75', method: 'label' };
}

// A fresh merchant (signed up, with a Visa) and its policy (RETURN_POLICY):
// { acct, number, link, business }.
async function freshPolicy(browser, tag) {
  const acct = newAccount(tag);
  return withContext(browser, {}, async (ctx) => {
    const page = await ctx.newPage();
    await expectSignedUp(await signup(page, acct));
    await go(page, '/account/payment');
    await fillCard(page, VISA);
    await page.check('input[name=make_default]');
    await expectPostRedirect(await navigate(page, () => submitCardButton(page).click()),
      '/account/payment/card', '/account/payment?done=1');
    await go(page, '/policies/new');
    await fillPolicy(page, RETURN_POLICY, RETURN_POLICY.postal);
    const number = await expectCreated(await navigate(page, () => submitPolicyButton(page).click()));
    return { acct, number, link: await directLink(page), business: acct.business };
  });
}

// The shared merchant of the customer tests and its policy: { number, link, business }.
let returnPolicy = null;
async function customerPolicy(browser) {
  if (!returnPolicy) returnPolicy = await freshPolicy(browser, 'customer');
  return returnPolicy;
}

async function fillReturn(page, c) {
  await page.fill('#name', c.name);
  await page.fill('#line1', c.line1);
  await page.fill('#line2', c.line2);
  await page.fill('#city', c.city);
  await page.selectOption('#province', c.province);
  await page.fill('#postal', c.postal);
  await page.fill('#email', c.email);
  await page.setChecked('input[name=tracking_emails]', c.tracking);
  await page.fill('#ra_number', c.ra);
  await page.fill('#order_answer', c.order);
  await page.fill('#weight', c.weight);
  await page.check(`input[name=method][value="${c.method}"]`);
}

function submitReturnButton(page) {
  return page.locator('main form[method=post] button[type=submit]');
}

// The form of the link, as the customer sees it before typing anything.
async function expectReturnForm(page, lang, pol) {
  const t = RETURN_TEXT[lang];
  eq(await text(page, 'main h1'), pol.business, "the merchant's business name");
  eq(await text(page, 'main .instructions'), t.instr, "the instructions in the customer's language");
  eq(await text(page, 'label[for=order_answer]'), t.orderQ, "the order question in the customer's language");
  await visible(page, '#ra_number');
  eq(JSON.stringify(await page.locator('input[name=method]').evaluateAll((l) => l.map((e) => e.value))),
    '["label","qr"]', 'methods offered');
  eq(norm(await submitReturnButton(page).textContent()), t.submit, 'submit button');
  await noMerchantNav(page);
}

// What an error page says (its heading and message), for failure messages.
async function pageSays(page) {
  const said = await page.locator('main h1, main .lead, main p.err').allTextContents().catch(() => []);
  return said.map(norm).join(' / ').slice(0, 200);
}

// The status of the page sent back for the form.
async function expectStatus(page, resp, status, what) {
  if (resp.status() !== status)
    throw new AssertionError(`${what}: expected ${status}, got ${resp.status()} (the page says: ${await pageSays(page)})`);
}

// POST /r/<link> 303 -> GET /r/t/<40 hex> 200; returns that path.
async function expectReturnCreated(page, resp, link) {
  const from = new URL(link).pathname;
  const c = await chain(resp);
  const desc = c.map((x) => `${x.method} ${x.path} ${x.status}`).join(' -> ') + ` (the page says: ${await pageSays(page)})`;
  ok(c.length === 2 && c[0].method === 'POST' && c[0].path === from && c[0].status === 303,
    `expected POST ${from} 303 -> GET /r/t/… 200, got ${desc}`);
  ok(c[1].method === 'GET' && /^\/r\/t\/[0-9a-f]{40}$/.test(c[1].path) && c[1].status === 200,
    `expected GET /r/t/<40 hex digits> 200 after the redirect, got ${desc}`);
  return c[1].path;
}

// Mod 10 (Luhn) over all the digits, the check digit last.
function luhnValid(s) {
  let sum = 0;
  for (let i = s.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let d = s.charCodeAt(i) - 48;
    if (dbl && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

function expectTracking(s, what) {
  ok(/^\d{16}$/.test(s), `${what} ${JSON.stringify(s)} is not 16 digits`);
  ok(luhnValid(s), `${what} ${s} has a bad mod-10 (Luhn) check digit`);
}

// The success page: heading, timeline at "Label created", the email; returns the tracking number.
async function expectReturnDone(page, lang, c) {
  const t = RETURN_TEXT[lang];
  eq(await htmlLang(page), lang, 'html lang of the success page');
  eq(await text(page, 'main h1'), t.done, 'heading of the success page');
  const tracking = await text(page, 'main dl.settings dd.mono');
  expectTracking(tracking, 'the tracking number');
  const steps = (await page.locator('main ol.timeline li').allTextContents()).map(norm);
  eq(JSON.stringify(steps), JSON.stringify(t.steps), 'the steps of the timeline');
  eq(await text(page, 'main ol.timeline li[aria-current=step]'), t.created, 'current step of the timeline');
  eq(await text(page, 'main p > strong'), c.email, 'the email shown');
  await noMerchantNav(page);
  return tracking;
}

// The WCAG contrast ratio of an element's text against the first opaque
// background behind it (the element's own or an ancestor's).
async function contrastOf(loc) {
  return loc.evaluate((el) => {
    const rgba = (s) => { const v = (s.match(/[\d.]+/g) || []).map(Number); return v.length === 3 ? [...v, 1] : v; };
    const lum = (c) => {
      const f = (x) => ((x /= 255) <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    let bg = 'rgb(255, 255, 255)';
    for (let e = el; e; e = e.parentElement) {
      const b = getComputedStyle(e).backgroundColor;
      if (rgba(b)[3] > 0) { bg = b; break; }
    }
    const fg = getComputedStyle(el).color;
    const [hi, lo] = [lum(rgba(fg)), lum(rgba(bg))].sort((x, y) => y - x);
    return { ratio: (hi + 0.05) / (lo + 0.05), fg, bg };
  });
}

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 15000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const why = e.status === 4 && cmd === 'zbarimg' ? 'no bar code found' : norm(e.stderr || e.message).slice(0, 200);
    throw new AssertionError(`${cmd} ${args.map((a) => path.basename(a)).join(' ')}: ${why}`);
  }
}

// The codes zbarimg finds in an image: [[type, value]], e.g. ['CODE-128', '1234…'].
function decodeImage(png) {
  return run('zbarimg', ['-q', png]).split('\n').filter((l) => l).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1)];
  });
}

function codesOf(found, type) {
  return found.filter(([ty]) => ty === type).map(([, v]) => v);
}

async function withTempDir(fn) {
  const dir = await mkdtemp(path.join(tmpdir(), 'browser-returns-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('[fr] a customer fills the return form and downloads the label', async ({ browser }) => {
  const pol = await customerPolicy(browser);
  const t = RETURN_TEXT.fr, c = customer('label-fr', 'fr');
  await asCustomer(browser, 'fr', `${pol.link}?lang=fr`, async (page, resp) => {
    eq(resp.status(), 200, 'status of the form');
    await expectReturnForm(page, 'fr', pol);
    await shot(page, 'return-form-fr.png');

    // a bad postal code and 40 kg: both errors next to their fields, the rest kept
    await fillReturn(page, { ...c, postal: 'ZZZ 999', weight: '40' });
    const typed = await policyFormValues(page);
    resp = await navigate(page, () => submitReturnButton(page).click());
    await expectStatus(page, resp, 400, 'status with a bad postal code and weight');
    eq(await text(page, 'main p.notice.bad[role=alert]'), PAGE_TEXT.fr.fix, 'form alert');
    await fieldError(page, 'postal', t.badPostal);
    await fieldError(page, 'weight', t.badWeight);
    eq(await page.locator('main p.err').count(), 2, 'number of field errors');
    eq(JSON.stringify(await policyFormValues(page)), JSON.stringify(typed), 'the form after the errors');
    eq(await page.inputValue('#name'), c.name, 'name kept');
    eq(await htmlLang(page), 'fr', 'html lang of the form with errors');
    await noMerchantNav(page);
    await shot(page, 'return-form-errors-fr.png');

    // fixed: the return's page
    await page.fill('#postal', c.postal);
    await page.fill('#weight', c.weight);
    const done = await expectReturnCreated(page, await navigate(page, () => submitReturnButton(page).click()), pol.link);
    expectPath(page, done);
    const tracking = await expectReturnDone(page, 'fr', c);
    const download = page.locator(`main a[href="${done}/label.pdf"]`);
    eq(norm(await download.textContent()), t.download, 'the download link');
    await absent(page, 'main img[src$="/qr.svg"]');
    await shot(page, 'return-done-label-fr.png');
    const c1 = await contrastOf(download);

    // served as an attachment, a PDF
    const head = await page.request.get(`${BASE}${done}/label.pdf`);
    eq(head.status(), 200, 'status of label.pdf');
    eq(head.headers()['content-type'], 'application/pdf', 'Content-Type of label.pdf');
    ok(/^attachment\b/.test(head.headers()['content-disposition'] || ''),
      `Content-Disposition of label.pdf: ${head.headers()['content-disposition']}`);

    await withTempDir(async (dir) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), download.click()]);
      const pdf = path.join(dir, 'label.pdf');
      await dl.saveAs(pdf);
      eq(dl.suggestedFilename(), `etiquette-de-retour-${tracking}.pdf`, 'name of the downloaded file, in French');
      eq((await readFile(pdf)).subarray(0, 5).toString('latin1'), '%PDF-', 'start of the downloaded file');

      // the codes on the label
      const out = path.join(dir, 'label');
      run('pdftoppm', ['-r', '200', '-png', '-singlefile', pdf, out]);
      const found = decodeImage(`${out}.png`);
      const bars = codesOf(found, 'CODE-128'), qrs = codesOf(found, 'QR-Code');
      eq(JSON.stringify(bars), JSON.stringify([tracking]), 'the Code 128 bar codes on the label');
      expectTracking(bars[0], 'the Code 128 value');
      eq(qrs.length, 1, `QR codes on the label (found ${JSON.stringify(found)})`);
      ok(qrs[0].startsWith(tracking), `the QR code ${JSON.stringify(qrs[0])} does not start with ${tracking}`);
      await copyFile(`${out}.png`, path.join(SHOTS, 'label-fr.png'));

      // the text on the label
      const words = norm(run('pdftotext', [pdf, '-']));
      for (const s of [c.name, 'N° de commande', c.order, c.ra, pol.number])
        ok(words.includes(s), `the label lacks ${JSON.stringify(s)}: ${words.slice(0, 300)}`);
      ok(showsNumber(words, tracking), `the label lacks the tracking number ${tracking}: ${words.slice(-200)}`);
    });
    eq(pathOf(page), done, 'the page after the download');

    // a person can read the download button (as it was before the mouse went over it)
    ok(c1.ratio >= 4.5, `the download link is hard to read: text ${c1.fg} on ${c1.bg} ` +
      `(contrast ${c1.ratio.toFixed(2)}:1, under 4.5:1)`);

    // the same page in English
    await go(page, `${done}?lang=en`);
    eq(await text(page, 'main dl.settings dd.mono'), tracking, 'the tracking number in English');
    await expectReturnDone(page, 'en', c);
    eq(norm(await page.locator(`main a[href="${done}/label.pdf"]`).textContent()), RETURN_TEXT.en.download,
      'the download link in English');
    await shot(page, 'return-done-label-en.png');
  });
});

test('[en] post-office QR code', async ({ browser }) => {
  const pol = await customerPolicy(browser);
  const c = { ...customer('qr-en', 'en'), method: 'qr' };
  await asCustomer(browser, 'en', pol.link, async (page, resp) => {
    eq(resp.status(), 200, 'status of the form');
    await expectReturnForm(page, 'en', pol);
    await fillReturn(page, c);
    const done = await expectReturnCreated(page, await navigate(page, () => submitReturnButton(page).click()), pol.link);
    const tracking = await expectReturnDone(page, 'en', c);
    await absent(page, 'main a[href$="/label.pdf"]');
    const img = await page.evaluate((src) => {
      const i = document.querySelector(`main img[src="${src}"]`);
      return i && { complete: i.complete, width: i.naturalWidth, alt: i.alt };
    }, `${done}/qr.svg`);
    ok(img, `no img of ${done}/qr.svg`);
    ok(img.complete && img.width > 0, `the QR code image did not load (naturalWidth ${img.width})`);
    ok(img.alt.length > 0, 'the QR code image has no alt text');
    const reference = await text(page, 'main figure.qr .mono');
    eq(reference, tracking, 'the reference under the QR code');
    await shot(page, 'return-done-qr-en.png');

    const r = await page.request.get(`${BASE}${done}/qr.svg`);
    eq(r.status(), 200, 'status of qr.svg');
    eq(r.headers()['content-type'], 'image/svg+xml', 'Content-Type of qr.svg');
    await withTempDir(async (dir) => {
      const svg = path.join(dir, 'qr.svg'), png = path.join(dir, 'qr.png');
      await writeFile(svg, await r.body());
      run('rsvg-convert', ['-w', '400', '-b', 'white', '-o', png, svg]);
      const qrs = codesOf(decodeImage(png), 'QR-Code');
      eq(qrs.length, 1, 'QR codes in qr.svg');
      ok(qrs[0].startsWith(reference), `the QR code ${JSON.stringify(qrs[0])} does not start with ${reference}`);
    });

    // the same page in French
    await go(page, `${done}?lang=fr`);
    await expectReturnDone(page, 'fr', c);
    eq(await text(page, 'main figure.qr .mono'), tracking, 'the reference in French');
    await shot(page, 'return-done-qr-fr.png');
  });
});

test("[en] the customer's pages work without JavaScript", async ({ browser }) => {
  const pol = await customerPolicy(browser);
  const c = customer('nojs-en', 'en');
  await withContext(browser, { locale: 'en-CA', javaScriptEnabled: false }, async (ctx) => {
    const page = await ctx.newPage();
    const resp = await page.goto(pol.link, { waitUntil: 'load' });
    eq(resp.status(), 200, 'status of the form');
    eq(await htmlLang(page), 'en', 'html lang of the form');
    await expectReturnForm(page, 'en', pol);
    await fillReturn(page, c);
    const done = await expectReturnCreated(page, await navigate(page, () => submitReturnButton(page).click()), pol.link);
    expectPath(page, done);
    await expectReturnDone(page, 'en', c);
    eq(norm(await page.locator(`main a[href="${done}/label.pdf"]`).textContent()), RETURN_TEXT.en.download,
      'the download link');
    await shot(page, 'return-done-nojs-en.png');
  });
});

// ---------------------------------------------------------------- the Returns tab, in English and French
//
// A fresh merchant (a Visa and a policy) gets two returns from customers
// through its direct return link; the carrier feed (POST /api/tracking/events,
// signed with the stack's tracking key, posted from node) then says the first
// was accepted yesterday and delivered today, the second accepted today. The
// merchant sees them in the history (by month, week and day, its chart and
// downloads), the list, each return's page and the forecast. The two tests
// share the merchant and its returns, made on first use so each can run alone.
//
// TRACKING_KEY_FILE must name the stack's tracking key (<stack dir>/tracking.key,
// 32 raw bytes): without it these tests fail.

const MERCHANT_TZ = 'America/Toronto'; // what signup() picks

const TAB_TEXT = {
  en: {
    title: 'Returns',
    subnav: ['Next five business days', 'Last 12 months', 'Current and past returns'],
    by: { month: 'By month', week: 'By week', day: 'By day' },
    show: 'Show', received: 'Returns received:', apply: 'Apply', found: 'Returns found:',
    inTransit: 'In transit:', accepted: 'Dropped off', delivered: 'Delivered',
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  },
  fr: {
    title: 'Retours',
    subnav: ['Cinq prochains jours ouvrables', '12 derniers mois', 'Retours actuels et passés'],
    by: { month: 'Par mois', week: 'Par semaine', day: 'Par jour' },
    show: 'Afficher', received: 'Retours reçus :', apply: 'Appliquer', found: 'Retours trouvés :',
    inTransit: 'En transit :', accepted: 'Déposé', delivered: 'Livré',
    weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  },
};
const SUBNAV = ['/returns/forecast', '/returns/history', '/returns/list'];

// The day ("2026-11-26") and minute ("2026-11-26 09:03") of a time in `tz`.
function localTime(ms, tz = MERCHANT_TZ) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const day = `${p.year}-${p.month}-${p.day}`;
  return { day, minute: `${day} ${p.hour}:${p.minute}` };
}

// The ISO 8601 week of a day: "2026-11-26" -> "2026-W48".
// The history's periods in words, as the pages write them.
const MONTH_NAMES = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
    'novembre', 'décembre'],
};
function dayWords(day, lang) {
  const [y, m, d] = day.split('-').map(Number);
  return lang === 'fr' ? `${d === 1 ? '1er' : d} ${MONTH_NAMES.fr[m - 1]} ${y}` : `${MONTH_NAMES.en[m - 1]} ${d}, ${y}`;
}
function monthWords(day, lang) {
  const [y, m] = day.split('-').map(Number);
  return `${MONTH_NAMES[lang][m - 1]} ${y}`;
}
function mondayOf(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
function weekWords(day, lang) {
  return `${lang === 'fr' ? 'Semaine du' : 'Week of'} ${dayWords(mondayOf(day), lang)}`;
}
// The one window of the three views: the first of the month eleven
// months back to today; its days and weeks.
function windowStart(day) {
  const [y, m] = day.split('-').map(Number);
  return m === 12 ? `${y}-01-01` : `${y - 1}-${String(m + 1).padStart(2, '0')}-01`;
}
function daysFrom(a, b) {
  return Math.round((new Date(`${b}T00:00:00Z`) - new Date(`${a}T00:00:00Z`)) / 86400000);
}
function windowDays(today) { return daysFrom(windowStart(today), today) + 1; }
function windowWeeks(today) { return daysFrom(mondayOf(windowStart(today)), mondayOf(today)) / 7 + 1; }

// 0 for Sunday .. 6 for Saturday
function weekdayOf(day) {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

// What the feed sends: seconds, UTC.
function feedTime(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function trackingKeyFile() {
  const file = process.env.TRACKING_KEY_FILE;
  ok(file, 'TRACKING_KEY_FILE is not set: set it to the stack\'s tracking key, e.g. ' +
    'TRACKING_KEY_FILE=/tmp/stack/tracking.key, to post signed tracking events');
  return file;
}

// POST the events to the tracking API from node (not the browser), signed
// with X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, t "." body)>.
async function postEvents(events, { sign = true } = {}) {
  const body = JSON.stringify(events);
  const headers = { 'Content-Type': 'application/json' };
  if (sign) {
    const file = trackingKeyFile();
    const key = await readFile(file).catch((e) => {
      throw new AssertionError(`TRACKING_KEY_FILE ${file}: ${e.code || e.message}`);
    });
    eq(key.length, 32, `bytes in TRACKING_KEY_FILE ${file}`);
    const t = String(Math.floor(Date.now() / 1000));
    headers['X-Signature'] = `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;
  }
  const r = await fetch(`${BASE}/api/tracking/events`, {
    method: 'POST', headers, body, signal: AbortSignal.timeout(NAV_TIMEOUT),
  });
  const answer = await r.text();
  let json = null;
  try {
    json = JSON.parse(answer);
  } catch {
    // left null: the checks below say what came back
  }
  return { status: r.status, type: r.headers.get('content-type'), answer: answer.trim().slice(0, 200), json };
}

// The merchant of the Returns tab, its policy, its two returns and their events:
// { acct, number, link, business, tracking: [first, second], at: {...} }.
let feed = null;
async function returnsFeed(browser) {
  if (feed) return feed;
  trackingKeyFile(); // before making anything
  const pol = await freshPolicy(browser, 'returns-tab');
  const tracking = [];
  for (const tag of ['tab-1', 'tab-2']) {
    const c = customer(tag, 'en');
    tracking.push(await asCustomer(browser, 'en', pol.link, async (page, resp) => {
      eq(resp.status(), 200, 'status of the return form');
      await fillReturn(page, c);
      await expectReturnCreated(page, await navigate(page, () => submitReturnButton(page).click()), pol.link);
      return expectReturnDone(page, 'en', c);
    }));
  }
  ok(tracking[0] !== tracking[1], `the two returns have the same tracking number ${tracking[0]}`);

  // accepted yesterday and delivered today; accepted today
  const now = Date.now();
  const at = { accepted1: now - 86400000, delivered1: now - 60000, accepted2: now - 30000 };
  const events = [
    { event_id: `br-${STAMP}-1a`, tracking: tracking[0], type: 'accepted', time: feedTime(at.accepted1),
      location: 'KANATA ON' },
    { event_id: `br-${STAMP}-1d`, tracking: tracking[0], type: 'delivered', time: feedTime(at.delivered1),
      location: 'OTTAWA ON' },
    { event_id: `br-${STAMP}-2a`, tracking: tracking[1], type: 'accepted', time: feedTime(at.accepted2),
      location: 'MONTRÉAL QC' },
  ];
  const unsigned = await postEvents(events, { sign: false });
  eq(unsigned.status, 401, `status of unsigned events (answer ${unsigned.answer})`);
  const r = await postEvents(events);
  eq(r.status, 200, `status of the signed events (answer ${r.answer})`);
  eq(r.type, 'application/json', 'Content-Type of the answer');
  ok(r.json, `the answer is not JSON: ${r.answer}`);
  eq(JSON.stringify([r.json.applied, r.json.duplicates, r.json.unknown]), JSON.stringify([3, 0, []]),
    `[applied, duplicates, unknown] of the answer ${r.answer}`);
  feed = { ...pol, tracking, at };
  return feed;
}

async function expectSubnav(page, current, lang) {
  const links = page.locator('nav.subnav a');
  eq(await links.count(), 3, 'links of the sub-navigation');
  for (let i = 0; i < 3; i++) {
    const a = links.nth(i);
    eq(await a.getAttribute('href'), SUBNAV[i], `sub-navigation link ${i + 1}`);
    eq(norm(await a.textContent()), TAB_TEXT[lang].subnav[i], `text of the sub-navigation link ${SUBNAV[i]}`);
    ok(await a.isVisible(), `the sub-navigation link ${SUBNAV[i]} is not visible`);
    eq(await a.getAttribute('aria-current'), SUBNAV[i] === current ? 'page' : null, `aria-current of ${SUBNAV[i]}`);
  }
}

// The one img.chart of the page: its src, and loaded.
async function expectChart(page, src) {
  eq(await page.locator('main img.chart').count(), 1, 'charts in the page');
  const img = await page.locator('main img.chart').evaluate((i) =>
    ({ src: i.getAttribute('src'), complete: i.complete, width: i.naturalWidth, alt: i.alt }));
  eq(img.src, src, 'src of the chart');
  ok(img.complete && img.width > 0, `the chart ${src} did not load (naturalWidth ${img.width})`);
  ok(img.alt.length > 0, 'the chart has no alt text');
}

// The five days of ol.days: [{wd, date, n}], the weekdays checked against the dates.
async function forecastDays(page, lang) {
  const days = await page.locator('main ol.days li').evaluateAll((l) => l.map((li) => ({
    wd: li.querySelector('.wd')?.textContent.trim(), date: li.querySelector('.date')?.textContent.trim(),
    n: li.querySelector('.n')?.textContent.trim(),
  })));
  eq(days.length, 5, 'days of the forecast');
  for (const d of days) {
    ok(/^\d{4}-\d{2}-\d{2}$/.test(d.date || ''), `forecast date ${JSON.stringify(d.date)} is not YYYY-MM-DD`);
    eq(d.wd, TAB_TEXT[lang].weekdays[weekdayOf(d.date)], `weekday of ${d.date}`);
    ok(/^\d+$/.test(d.n || ''), `count of ${d.date} ${JSON.stringify(d.n)} is not a number`);
  }
  for (let i = 1; i < 5; i++) ok(days[i].date > days[i - 1].date, `forecast days out of order: ${days.map((d) => d.date)}`);
  return days;
}

function sumOf(days) {
  return days.reduce((s, d) => s + Number(d.n), 0);
}

// The history table's rows, latest period first: [[key, count]].
async function periodRows(page) {
  return page.locator('main .history-table tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
}

// Choose a view in select#by and press Show: the caption, the URL, the chart,
// the total, the latest period (with the delivered return) and the downloads.
async function historyBy(page, lang, by, key, periods) {
  const t = TAB_TEXT[lang];
  await page.selectOption('#by', by);
  const show = page.locator('main form[action="/returns/history"] button[type=submit]');
  eq(norm(await show.textContent()), t.show, 'button of the history form');
  const resp = await navigate(page, () => show.click());
  eq(resp.status(), 200, `status of the history by ${by}`);
  expectPath(page, `/returns/history?by=${by}&policy=&service=`);
  eq(new URL(page.url()).searchParams.get('by'), by, 'by= in the URL');
  eq(await page.inputValue('#by'), by, 'the view chosen after Show');
  eq(await text(page, 'main .history-table caption'), t.by[by], `caption of the history by ${by}`);
  await expectChart(page, `/returns/history.svg?by=${by}`);
  eq(await text(page, 'main figure.chart-fig figcaption'), `${t.received} 1`, `the total by ${by}`);
  const rows = await periodRows(page);
  eq(rows.length, periods, `periods of the history by ${by}`);
  eq(JSON.stringify(rows[0]), JSON.stringify([key, '1']), `the latest period by ${by}`);
  eq(rows.reduce((s, r) => s + Number(r[1]), 0), 1, `returns in the table by ${by}`);
  eq(await attr(page, 'main p.downloads a[href^="/returns/history.xlsx"]', 'href'), `/returns/history.xlsx?by=${by}`,
    'the Excel download');
  eq(await attr(page, 'main p.downloads a[href^="/returns/history.csv"]', 'href'), `/returns/history.csv?by=${by}`,
    'the CSV download');
}

// Click a download link; returns { name, file, data } (the file in dir).
async function download(page, link, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: NAV_TIMEOUT }), link.click()]);
  const file = path.join(dir, dl.suggestedFilename().replace(/[^\w.-]/g, '_') || 'download');
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file, data: await readFile(file) };
}

// The rows of a list page: [[tracking, policy, customer, ..., status, ...]].
async function listRows(page) {
  return page.locator('main table.data tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.cells].map((td) => td.textContent.replace(/\s+/g, ' ').trim())));
}

// A return's page: the number, the status, its events latest first.
async function expectReturnPage(page, lang, tracking, status, events) {
  eq(await htmlLang(page), lang, 'html lang of the return page');
  eq(await text(page, 'main h1'), tracking, 'heading of the return page');
  eq(await text(page, 'main .tab-head .status'), status, 'status of the return');
  await expectSubnav(page, '/returns/list', lang); // a return's page is part of the list
  const shown = (await page.locator('main ol.events-list li').allTextContents()).map(norm);
  eq(JSON.stringify(shown), JSON.stringify(events), `events of ${tracking}`);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

test('[en] the Returns tab: a delivered return shows up in the history, the list and the downloads', async ({ ctx, browser }) => {
  const f = await returnsFeed(browser);
  const t = TAB_TEXT.en;
  const [first, second] = f.tracking;
  const today = localTime(f.at.delivered1).day;
  const page = await merchantPage(ctx, 'en', f.acct);

  // the overview
  let resp = await go(page, '/returns/');
  eq(resp.status(), 200, 'status of /returns/');
  eq(await text(page, 'main h1'), t.title, 'heading of /returns/');
  await expectTabs(page, '/returns/');
  await expectSubnav(page, null, 'en');
  eq(sumOf(await forecastDays(page, 'en')), 1, 'returns expected in the five days of the overview');
  await expectChart(page, '/returns/history.svg?by=month');
  await shot(page, 'returns-overview-en.png');

  // the history: month, week, day through the form
  resp = await navigate(page, () => page.click('nav.subnav a[href="/returns/history"]'));
  eq(resp.status(), 200, 'status of /returns/history');
  expectPath(page, '/returns/history');
  eq(await text(page, 'main h1'), t.subnav[1], 'heading of the history');
  await expectSubnav(page, '/returns/history', 'en');
  eq(await page.inputValue('#by'), 'month', 'the view at first');
  await historyBy(page, 'en', 'month', monthWords(today, 'en'), 12);
  await historyBy(page, 'en', 'week', weekWords(today, 'en'), windowWeeks(today));
  await expectSubnav(page, '/returns/history', 'en');
  await shot(page, 'returns-history-week-en.png');
  await historyBy(page, 'en', 'day', dayWords(today, 'en'), windowDays(today));

  // its downloads, by day
  await withTempDir(async (dir) => {
    const csv = await download(page, page.locator('main p.downloads a', { hasText: /^CSV$/ }), dir);
    eq(csv.name, `returns-history-by-day-${localTime(Date.now()).day}.csv`, 'name of the CSV file');
    ok(csv.data.subarray(0, 3).equals(BOM), `the CSV does not start with the UTF-8 BOM: ${csv.data.subarray(0, 8).toString('hex')}`);
    const lines = csv.data.subarray(3).toString('utf8').split(/\r?\n/).filter((l) => l !== '');
    eq(lines[0], 'Period,First day,Returns received', 'header of the CSV');
    eq(lines.length, 1 + windowDays(today), 'lines of the CSV');
    const todayRows = lines.filter((l) => l.startsWith(`"${dayWords(today, 'en')}",`));
    eq(JSON.stringify(todayRows), JSON.stringify([`"${dayWords(today, 'en')}",${today},1`]), `the CSV row of ${today}`);
    eq(lines.slice(1).reduce((s, l) => s + Number(l.split(',').pop()), 0), 1, 'returns in the CSV');

    const xlsx = await download(page, page.locator('main p.downloads a', { hasText: /^Excel$/ }), dir);
    eq(xlsx.name, `returns-history-by-day-${localTime(Date.now()).day}.xlsx`, 'name of the Excel file');
    eq(xlsx.data.subarray(0, 2).toString('latin1'), 'PK', 'start of the Excel file (a zip)');
    const sheet = run('unzip', ['-p', xlsx.file, 'xl/worksheets/sheet1.xml']);
    const counts = [...sheet.matchAll(/<c r="C(\d+)"[^>]*>(?:<v>([^<]*)<\/v>)?<\/c>/g)];
    eq(counts.length, windowDays(today), `count cells (column C) in sheet1.xml: ${sheet.slice(0, 300)}`);
    const ones = counts.filter((m) => m[2] === '1');
    eq(ones.length, 1, 'cells of column C with the count 1 in sheet1.xml');
    ok(counts.every((m) => m[2] === '1' || m[2] === '0'), 'counts other than 0 and 1 in sheet1.xml');
    const files = run('unzip', ['-Z1', xlsx.file]).split('\n');
    ok(files.includes('xl/charts/chart1.xml'), `the Excel file has no xl/charts/chart1.xml: ${files.join(' ')}`);
  });
  expectPath(page, '/returns/history?by=day&policy=&service=');

  // the list: both returns; the first's page with its events; a search for the second
  resp = await navigate(page, () => page.click('nav.subnav a[href="/returns/list"]'));
  eq(resp.status(), 200, 'status of /returns/list');
  expectPath(page, '/returns/list');
  eq(await text(page, 'main h1'), t.subnav[2], 'heading of the list');
  await expectSubnav(page, '/returns/list', 'en');
  let rows = await listRows(page);
  eq(JSON.stringify(rows.map((r) => r[0]).sort()), JSON.stringify([first, second].sort()), 'returns in the list');
  eq(rows.find((r) => r[0] === first)[7], t.delivered, 'status of the first return in the list');
  eq(rows.find((r) => r[0] === second)[7], t.accepted, 'status of the second return in the list');
  eq(rows.find((r) => r[0] === first)[1], f.number, 'policy of the first return in the list');
  eq(rows.find((r) => r[0] === first)[8], localTime(f.at.delivered1).day,
    'the delivered column of the first return');
  await shot(page, 'returns-list-en.png');

  resp = await navigate(page, () => page.click(`main table.data a[href="/returns/${first}"]`));
  eq(resp.status(), 200, `status of /returns/${first}`);
  expectPath(page, `/returns/${first}`);
  await expectReturnPage(page, 'en', first, t.delivered, [
    `${t.delivered} ${localTime(f.at.delivered1).minute} OTTAWA ON`,
    `${t.accepted} ${localTime(f.at.accepted1).minute} KANATA ON`,
  ]);
  eq(await text(page, `main dl.settings a[href="/policies/${f.number}"]`), f.number, 'policy of the return');
  await shot(page, 'returns-detail-en.png');

  await navigate(page, () => page.click('main p.crumbs a[href="/returns/list"]'));
  expectPath(page, '/returns/list');
  await page.fill('#q', second);
  const apply = page.locator('main form[action="/returns/list"] button[type=submit]');
  eq(norm(await apply.textContent()), t.apply, 'button of the search form');
  resp = await navigate(page, () => apply.click());
  eq(resp.status(), 200, 'status of the search');
  eq(new URL(page.url()).searchParams.get('q'), second, 'q= in the URL of the search');
  eq(await page.inputValue('#q'), second, 'the search kept in #q');
  rows = await listRows(page);
  eq(JSON.stringify(rows.map((r) => r[0])), JSON.stringify([second]), `returns found for ${second}`);
  eq(norm(await page.locator('main p', { hasText: t.found }).textContent()).split(' · ')[0], `${t.found} 1`,
    'the count of returns found');

  // the forecast: the second return, accepted today, in one of the five days
  resp = await navigate(page, () => page.click('nav.subnav a[href="/returns/forecast"]'));
  eq(resp.status(), 200, 'status of /returns/forecast');
  expectPath(page, '/returns/forecast');
  eq(await text(page, 'main h1'), t.subnav[0], 'heading of the forecast');
  await expectSubnav(page, '/returns/forecast', 'en');
  const days = await forecastDays(page, 'en');
  ok(sumOf(days) >= 1, `the return in transit is in none of the five days: ${JSON.stringify(days)}`);
  eq(sumOf(days), 1, 'returns expected in the five days');
  ok((await text(page, 'main p:has(strong)')).includes(`${t.inTransit} 1`),
    `"${t.inTransit} 1" is not on the forecast page`);
  eq(await attr(page, 'main p.downloads a[href^="/returns/forecast.xlsx"]', 'href'), '/returns/forecast.xlsx',
    'the Excel download of the forecast');
  eq(await attr(page, 'main p.downloads a[href^="/returns/forecast.csv"]', 'href'), '/returns/forecast.csv',
    'the CSV download of the forecast');
});

test('[fr] phones: at 390 px no page scrolls sideways, tables stack, the tabs wrap', async ({ browser }) => {
  const f = await returnsFeed(browser);
  await withContext(browser, { viewport: { width: 390, height: 800 } }, async (ctx) => {
    const page = await merchantPage(ctx, 'en', f.acct);
    await go(page, '/policies/?lang=fr');	// the profile says English
    for (const p of ['/policies/', '/returns/', '/returns/forecast', '/returns/history?by=week', '/returns/list',
      `/returns/${f.tracking[0]}`, '/settings/notifications', '/account/profile', '/account/payment', '/help']) {
      await go(page, p);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      ok(w <= 390, `${p} is ${w} px wide at 390 px`);
      // (a table's header is clipped away on phones: its sort links too)
      const cut = await page.evaluate(() => [...document.querySelectorAll('nav.tabs a, main td, main a, main button')]
        .filter((e) => !e.closest('thead'))
        .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 1; })
        .map((e) => e.textContent.trim().slice(0, 30)));
      eq(JSON.stringify(cut), '[]', `what is cut at the right edge of ${p}`);
    }
    // a row of the list is a stack of labelled cells
    await go(page, '/returns/list');
    const cell = page.locator('main table.data tbody tr').first().locator('td').nth(7);
    eq(await cell.getAttribute('data-label'), 'État', 'the label of the status cell');
    ok(await cell.evaluate((td) => getComputedStyle(td).display === 'flex'), 'the list\'s cells are stacked at 390 px');
  });
});

test("[fr] l'onglet Retours en français", async ({ ctx, browser }) => {
  const f = await returnsFeed(browser);
  const t = TAB_TEXT.fr;
  const [first, second] = f.tracking;
  const page = await merchantPage(ctx, 'en', f.acct);

  let resp = await go(page, '/returns/?lang=fr');
  eq(resp.status(), 200, 'status of /returns/?lang=fr');
  eq(await htmlLang(page), 'fr', 'html lang of /returns/?lang=fr');
  eq(await text(page, 'main h1'), t.title, 'heading of /returns/');
  await expectTabs(page, '/returns/', 'fr');
  await expectSubnav(page, null, 'fr');
  eq(sumOf(await forecastDays(page, 'fr')), 1, 'returns expected in the five days of the overview');
  await expectChart(page, '/returns/history.svg?by=month');
  await shot(page, 'returns-overview-fr.png');

  resp = await navigate(page, () => page.click('nav.subnav a[href="/returns/forecast"]'));
  eq(resp.status(), 200, 'status of /returns/forecast');
  eq(await htmlLang(page), 'fr', 'html lang of the forecast');
  await expectSubnav(page, '/returns/forecast', 'fr');
  eq(sumOf(await forecastDays(page, 'fr')), 1, 'returns expected in the five days');
  ok((await text(page, 'main p:has(strong)')).includes(`${t.inTransit} 1`),
    `"${t.inTransit} 1" is not on the forecast page`);

  resp = await navigate(page, () => page.click('nav.subnav a[href="/returns/history"]'));
  eq(resp.status(), 200, 'status of /returns/history');
  await expectSubnav(page, '/returns/history', 'fr');
  await historyBy(page, 'fr', 'week', weekWords(localTime(f.at.delivered1).day, 'fr'),
    windowWeeks(localTime(f.at.delivered1).day));
  eq(await htmlLang(page), 'fr', 'html lang of the history by week');
  await shot(page, 'returns-history-week-fr.png');

  resp = await navigate(page, () => page.click('nav.subnav a[href="/returns/list"]'));
  eq(resp.status(), 200, 'status of /returns/list');
  eq(await text(page, 'main h1'), t.subnav[2], 'heading of the list');
  await expectSubnav(page, '/returns/list', 'fr');
  const rows = await listRows(page);
  eq(JSON.stringify(rows.map((r) => [r[0], r[7]]).sort()),
    JSON.stringify([[first, t.delivered], [second, t.accepted]].sort()), 'returns and statuses in the list');
  await shot(page, 'returns-list-fr.png');
  await withTempDir(async (dir) => {
    const csv = await download(page, page.locator('main a[href^="/returns/list.csv"]'), dir);
    ok(/^returns-list-\d{4}-\d{2}-\d{2}\.csv$/.test(csv.name), `name of the list CSV ${JSON.stringify(csv.name)}`);
    eq(csv.name, `returns-list-${localTime(Date.now()).day}.csv`, 'name of the list CSV (today)');
    ok(csv.data.subarray(0, 3).equals(BOM), 'the list CSV does not start with the UTF-8 BOM');
    const body = csv.data.toString('utf8');
    for (const n of [first, second]) ok(body.includes(n), `the list CSV lacks ${n}`);
  });

  resp = await navigate(page, () => page.click(`main table.data a[href="/returns/${first}"]`));
  eq(resp.status(), 200, `status of /returns/${first}`);
  await expectReturnPage(page, 'fr', first, t.delivered, [
    `${t.delivered} ${localTime(f.at.delivered1).minute} OTTAWA ON`,
    `${t.accepted} ${localTime(f.at.accepted1).minute} KANATA ON`,
  ]);
  await shot(page, 'returns-detail-fr.png');
  await go(page, `/returns/${second}`);
  await expectReturnPage(page, 'fr', second, t.accepted, [
    `${t.accepted} ${localTime(f.at.accepted2).minute} MONTRÉAL QC`,
  ]);
});

// ---------------------------------------------------------------- notification settings
//
// The Notification settings tab (/settings/notifications): a fresh merchant
// adds four recipients through the page (the add form then goes), a fifth
// and a duplicate are refused with what was typed kept, a recipient without
// any event is refused; a test email, then a customer's return and its
// tracking events, reach a real SMTP server: the stack's (NOTIFIER=1) writes
// each message into a Maildir whose new/ directory MAIL_DIR names, and
// returns-notifier sends the outbox every second. The French test shows
// the same page in French and removes a recipient; it shares the merchant,
// made on first use so it can run alone.
//
// MAIL_DIR must name that directory (<stack dir>/mail/new): without it the
// email test fails.

const NOTIFY_TEXT = {
  en: {
    title: 'Notification settings', saved: 'Your notification settings were saved.',
    testQueued: 'A test email is on its way.', fix: 'Please correct the fields marked below.',
    recipient: 'Recipient', add: 'Add a recipient', addSubmit: 'Add the recipient',
    legends: ['Events', 'How often'], fieldLabels: ['Email', 'Language'],
    choices: ['Label created', 'Drop-off', 'Exception', 'Delivery', 'One email per return', 'A daily summary (at 7:00)'],
    langs: ['English', 'Français'], buttons: ['Save', 'Send a test email', 'Remove'],
    full: 'You have four recipients, the most there can be. Remove one to add another.',
    fullErr: 'You already have four recipients: remove one first. What you entered is kept below.',
    duplicate: 'This address is already a recipient.', noEvent: 'Choose at least one event.',
    failed: 'Emails that could not be delivered',
  },
  fr: {
    title: 'Paramètres des avis', saved: 'Vos paramètres des avis ont été enregistrés.',
    testQueued: 'Un courriel d’essai est en route.', fix: 'Veuillez corriger les champs indiqués ci-dessous.',
    recipient: 'Destinataire', add: 'Ajouter un destinataire', addSubmit: 'Ajouter le destinataire',
    legends: ['Événements', 'Fréquence'], fieldLabels: ['Courriel', 'Langue'],
    choices: ['Étiquette créée', 'Dépôt', 'Exception', 'Livraison', 'Un courriel par retour', 'Un résumé quotidien (à 7 h)'],
    langs: ['English', 'Français'], buttons: ['Enregistrer', 'Envoyer un courriel d’essai', 'Retirer'],
    full: 'Vous avez quatre destinataires, le maximum. Retirez-en un pour en ajouter un autre.',
    noEvent: 'Choisissez au moins un événement.',
    failed: 'Courriels qui n’ont pas pu être livrés',
  },
};
const NOTIFY_PATH = '/settings/notifications';
const EVENTS = ['on_accepted', 'on_exception', 'on_delivered'];

// The four recipients: A (French, each return, acceptance and delivery),
// B (English, each return, delivery), C (English, a daily summary, all),
// D (English, each return, exception).
function notifyRecipients(tag) {
  const email = (k) => `notify-${STAMP}-${tag}-${k}@example.com`;
  return {
    A: { email: email('a'), lang: 'fr', mode: 'each', events: ['on_accepted', 'on_delivered'] },
    B: { email: email('b'), lang: 'en', mode: 'each', events: ['on_delivered'] },
    C: { email: email('c'), lang: 'en', mode: 'daily', events: [...EVENTS] },
    D: { email: email('d'), lang: 'en', mode: 'each', events: ['on_exception'] },
  };
}

function recipientForm(page, id) {
  return page.locator(`main form.recipient[action="${NOTIFY_PATH}/${id}"]`);
}

function addForm(page) {
  return page.locator(`main form.recipient[action="${NOTIFY_PATH}"]`);
}

// What a recipient form (or the add form) shows: {email, events, mode, lang}.
function formState(form) {
  return form.evaluate((f) => ({
    email: f.elements.email.value,
    events: ['on_accepted', 'on_exception', 'on_delivered'].filter((n) => f.elements[n].checked),
    mode: [...f.querySelectorAll('input[name=mode]')].find((e) => e.checked)?.value ?? null,
    lang: f.elements.lang.value,
  }));
}

async function expectFormState(form, r, what) {
  eq(JSON.stringify(await formState(form)),
    JSON.stringify({ email: r.email, events: r.events, mode: r.mode, lang: r.lang }), what);
}

// Type r into a form: the address, the three checkboxes, the mode, the language.
async function fillRecipient(form, r) {
  await form.locator('input[name=email]').fill(r.email);
  for (const n of EVENTS) await form.locator(`input[name=${n}]`).setChecked(r.events.includes(n));
  await form.locator(`input[name=mode][value="${r.mode}"]`).check();
  await form.locator('select[name=lang]').selectOption(r.lang);
}

// The recipients' forms in page order: [{id, email}].
async function recipientForms(page) {
  return page.locator('main form.recipient').evaluateAll((forms) => forms
    .filter((f) => /\/settings\/notifications\/\d+$/.test(f.getAttribute('action')))
    .map((f) => ({ id: f.getAttribute('action').split('/').pop(), email: f.elements.email.value })));
}

async function expectSaved(page, lang = 'en') {
  eq(await text(page, 'main p.notice.ok[role=status]'), NOTIFY_TEXT[lang].saved, 'the notice after saving');
}

// Add r through the add form: POST 303 -> ?done=1; returns r with its id.
async function addRecipient(page, r) {
  const form = addForm(page);
  await fillRecipient(form, r);
  const button = form.getByRole('button', { name: NOTIFY_TEXT.en.addSubmit, exact: true });
  await expectPostRedirect(await navigate(page, () => button.click()), NOTIFY_PATH, `${NOTIFY_PATH}?done=1`);
  await expectSaved(page);
  const mine = (await recipientForms(page)).filter((x) => x.email === r.email);
  eq(mine.length, 1, `forms with ${r.email} after adding it`);
  const added = { ...r, id: mine[0].id };
  await expectFormState(recipientForm(page, added.id), added, `the new recipient ${r.email}`);
  return added;
}

// The "Choose at least one event." message: in the fieldset of the
// checkboxes, visible, right below the last one.
async function expectNoEventError(form, message) {
  const err = form.locator('fieldset:has(input[name=on_accepted]) p.err');
  eq(await err.count(), 1, 'error messages next to the checkboxes');
  eq(norm(await err.textContent()), message, 'the message next to the checkboxes');
  ok(await err.isVisible(), 'the message next to the checkboxes is not visible');
  const gap = await form.evaluate((f) => {
    const last = f.querySelector('input[name=on_delivered]').closest('label').getBoundingClientRect();
    return f.querySelector('fieldset p.err').getBoundingClientRect().top - last.bottom;
  });
  ok(gap >= -1 && gap <= 60, `the message is ${gap}px below the last checkbox`);
}

// The merchant of the notification tests: { pol, acct, rcpt: {A, B, C, D} (with ids) }.
let notify = null;
async function notifyMerchant(browser) {
  if (notify) return notify;
  const pol = await freshPolicy(browser, 'notify-fr');
  const wanted = notifyRecipients('fr');
  const rcpt = {};
  await withContext(browser, {}, async (ctx) => {
    const page = await merchantPage(ctx, 'en', pol.acct);
    await go(page, NOTIFY_PATH);
    for (const k of Object.keys(wanted)) rcpt[k] = await addRecipient(page, wanted[k]);
  });
  notify = { pol, acct: pol.acct, rcpt };
  return notify;
}

// ---- the emails, read from the Maildir

function mailDir() {
  const dir = process.env.MAIL_DIR;
  ok(dir, 'MAIL_DIR is not set: start the stack with NOTIFIER=1 and set MAIL_DIR to its Maildir, e.g. ' +
    'MAIL_DIR=/tmp/stack/mail/new, to read the emails the site sends');
  return dir;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// RFC 2047: "=?UTF-8?B?...?=" words (the white space between two words
// goes, their bytes are joined before decoding); anything else as is.
function decodeHeader(v) {
  return v.replace(/=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=(?:\s*=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=)*/gi, (run) =>
    Buffer.concat([...run.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi)]
      .map((m) => Buffer.from(m[1], 'base64'))).toString('utf8'));
}

// Headers (unfolded, names in lower case) and body of a message or a part.
function splitMessage(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw, body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = {};
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] ??= line.slice(i + 1).trim();
  }
  return { headers, body };
}

function partText({ headers, body }) {
  return /base64/i.test(headers['content-transfer-encoding'] || '')
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
}

// A message: {file, to, subject, id, text (the text/plain part)}.
function parseMail(file, raw) {
  const msg = splitMessage(raw);
  const type = msg.headers['content-type'] || 'text/plain';
  let text = null;
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const part of raw.split(`--${boundary}`).slice(1)) {
      const p = splitMessage(part.replace(/^\r?\n/, ''));
      if (/^text\/plain/i.test(p.headers['content-type'] || '')) { text = partText(p); break; }
    }
  } else text = partText(msg);
  return {
    file, to: msg.headers.to || '', subject: decodeHeader(msg.headers.subject || ''),
    id: msg.headers['message-id'] || '', text: text ?? '',
  };
}

// Every message in MAIL_DIR (parsed once each).
const mailCache = new Map();
async function readMails(dir) {
  const names = await readdir(dir).catch((e) => {
    throw new AssertionError(`MAIL_DIR ${dir}: ${e.code || e.message}`);
  });
  const out = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const file = path.join(dir, name);
    if (!mailCache.has(file)) mailCache.set(file, parseMail(name, await readFile(file, 'utf8')));
    out.push(mailCache.get(file));
  }
  return out;
}

// The messages to these addresses, by address: {addr: [subject, ...]}.
function mailsTo(mails, addrs) {
  return Object.fromEntries(addrs.map((a) => [a, mails.filter((m) => m.to === a).map((m) => m.subject)]));
}

// Poll MAIL_DIR until done(mails) (every 250 ms, at most `ms`); returns the messages.
async function waitForMail(dir, done, what, addrs, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const mails = await readMails(dir);
    if (done(mails)) return mails;
    if (Date.now() > end)
      throw new AssertionError(`${what}: not there after ${ms / 1000} s; received: ` +
        JSON.stringify(mailsTo(mails, addrs)));
    await sleep(250);
  }
}

test('[en] four recipients in a real browser, and the right emails', async ({ ctx, browser }) => {
  const dir = mailDir(); // before making anything
  trackingKeyFile();
  await readMails(dir);
  const t = NOTIFY_TEXT.en;
  const pol = await freshPolicy(browser, 'notify');
  const want = notifyRecipients('en');
  const addrs = Object.values(want).map((r) => r.email);
  const page = await merchantPage(ctx, 'en', pol.acct);

  // the empty page, through the tab
  await go(page, '/policies/');
  let resp = await navigate(page, () => page.click(`nav.tabs a[href="${NOTIFY_PATH}"]`));
  eq(resp.status(), 200, `status of ${NOTIFY_PATH}`);
  expectPath(page, NOTIFY_PATH);
  eq(await text(page, 'main h1'), t.title, 'heading');
  await expectTabs(page, NOTIFY_PATH);
  eq(await text(page, 'main .empty h2'), 'No recipients yet', 'the page without recipients');
  eq(await text(page, `main form[action="${NOTIFY_PATH}"] h2`), t.add, 'heading of the add form');
  eq(JSON.stringify(await formState(addForm(page))),
    JSON.stringify({ email: '', events: EVENTS, mode: 'each', lang: 'en' }), 'what the add form starts with');

  // A, B and C; D first with A's address in capitals (refused, kept), then its own
  const rcpt = {};
  for (const k of ['A', 'B', 'C']) rcpt[k] = await addRecipient(page, want[k]);
  await absent(page, 'main .empty');
  const dup = { ...want.D, email: want.A.email.toUpperCase() };
  await fillRecipient(addForm(page), dup);
  resp = await navigate(page, () => addForm(page).getByRole('button', { name: t.addSubmit, exact: true }).click());
  await expectStatus(page, resp, 400, 'adding an address already there (in capitals)');
  eq(await text(page, 'main p.notice.bad[role=alert]'), t.fix, 'the alert of a duplicate');
  await fieldError(page, 'email-new', t.duplicate);
  await expectFormState(addForm(page), dup, 'the add form after a duplicate (what was typed)');
  eq((await recipientForms(page)).length, 3, 'recipients after a duplicate');
  rcpt.D = await addRecipient(page, want.D);

  // four: in order, each as typed; the add form is gone
  eq(JSON.stringify((await recipientForms(page)).map((x) => x.email)), JSON.stringify(addrs), 'the recipients');
  for (const k of Object.keys(rcpt)) await expectFormState(recipientForm(page, rcpt[k].id), rcpt[k], `recipient ${k}`);
  await absent(page, '#email-new');
  await absent(page, `main form[action="${NOTIFY_PATH}"]`);
  eq(await page.getByRole('button', { name: t.addSubmit }).count(), 0, `"${t.addSubmit}" buttons with four`);
  eq(await text(page, 'main .recipients + p.hint'), t.full, 'the hint with four recipients');
  const headings = (await page.locator('main form.recipient h2').allTextContents()).map(norm);
  eq(JSON.stringify(headings), JSON.stringify([1, 2, 3, 4].map((n) => `${t.recipient} ${n}`)), 'recipient headings');
  await absent(page, 'main .notice.bad');
  await shot(page, 'notify-four-en.png');

  // a fifth (a form the page does not offer, with its CSRF token): refused, kept
  const fifth = { email: `notify-${STAMP}-en-e@example.com`, events: ['on_delivered'], mode: 'daily', lang: 'fr' };
  resp = await navigate(page, () => page.evaluate((r) => {
    const f = document.createElement('form');
    f.method = 'post';
    f.action = '/settings/notifications';
    const fields = [['csrf', document.querySelector('form.recipient input[name=csrf]').value], ['email', r.email],
      ...r.events.map((n) => [n, '1']), ['mode', r.mode], ['lang', r.lang]];
    for (const [name, value] of fields) {
      const i = document.createElement('input');
      Object.assign(i, { type: 'hidden', name, value });
      f.append(i);
    }
    document.body.append(f);
    f.submit();
  }, fifth));
  await expectStatus(page, resp, 400, 'a fifth recipient');
  eq(await text(page, 'main p.notice.bad[role=alert]'), t.fullErr, 'the alert of a fifth recipient');
  await expectFormState(addForm(page), fifth, 'the add form after a fifth (what was sent)');
  eq((await recipientForms(page)).length, 4, 'recipients after a fifth');
  await go(page, NOTIFY_PATH);
  eq((await recipientForms(page)).length, 4, 'recipients after a fifth (reloaded)');
  await absent(page, '#email-new');

  // A without any event (and another language typed): refused, kept; B untouched
  const formA = recipientForm(page, rcpt.A.id);
  const noEvent = { ...rcpt.A, events: [], lang: 'en' };
  await fillRecipient(formA, noEvent);
  resp = await navigate(page, () => formA.getByRole('button', { name: 'Save', exact: true }).click());
  await expectStatus(page, resp, 400, 'saving A without any event');
  expectPath(page, `${NOTIFY_PATH}/${rcpt.A.id}`);
  eq(await text(page, 'main p.notice.bad[role=alert]'), t.fix, 'the alert of a recipient without events');
  await expectNoEventError(recipientForm(page, rcpt.A.id), t.noEvent);
  eq(await page.inputValue(`#email-${rcpt.A.id}`), rcpt.A.email, "A's address kept");
  await expectFormState(recipientForm(page, rcpt.A.id), noEvent, 'A after the refused save (what was typed)');
  for (const k of ['B', 'C', 'D']) {
    await expectFormState(recipientForm(page, rcpt[k].id), rcpt[k], `recipient ${k} beside A's error`);
    eq(await recipientForm(page, rcpt[k].id).locator('p.err').count(), 0, `errors in ${k}'s form`);
  }
  await shot(page, 'notify-error-en.png');
  // checked again as it was: saved
  await fillRecipient(recipientForm(page, rcpt.A.id), rcpt.A);
  resp = await navigate(page, () => recipientForm(page, rcpt.A.id).getByRole('button', { name: 'Save', exact: true }).click());
  await expectPostRedirect(resp, `${NOTIFY_PATH}/${rcpt.A.id}`, `${NOTIFY_PATH}?done=1`);
  await expectSaved(page);
  await absent(page, 'main p.err');
  for (const k of Object.keys(rcpt)) await expectFormState(recipientForm(page, rcpt[k].id), rcpt[k], `recipient ${k} after saving A`);
  notify = { pol, acct: pol.acct, rcpt };

  // each recipient confirms its address before it gets anything else: the
  // link in its first email, then the page's button, in a browser of its
  // own; until then the tab says it waits
  eq(await page.locator('main form.recipient p.notice.warn').count(), 4, 'recipients waiting for their confirmation');
  for (const k of Object.keys(rcpt)) {
    const email = rcpt[k].email;
    const find = (ms) => ms.filter((m) => m.to === email)
      .map((m) => /\/settings\/confirm\/\d+-[0-9a-f]{32}/.exec(m.text)?.[0]).find(Boolean);
    const link = find(await waitForMail(dir, (ms) => !!find(ms), `the confirmation email to ${k}`, addrs));
    const rctx = await newContext(browser);
    try {
      const rpage = await rctx.newPage();
      await go(rpage, link);
      await expectPostRedirect(await navigate(rpage,
        () => rpage.click('form[action^="/settings/confirm/"] button[type=submit]')), link, '/settings/confirmed');
      await visible(rpage, 'main p.notice.ok[role=status]');
    } finally {
      await rctx.close();
    }
  }
  await go(page, NOTIFY_PATH);
  eq(await page.locator('main form.recipient p.notice.warn').count(), 0, 'recipients waiting after they confirmed');

  // a test email to B
  const testSubject = 'Test email from Returns management';
  const sendTest = async () => {
    const button = recipientForm(page, rcpt.B.id).getByRole('button', { name: 'Send a test email', exact: true });
    await expectPostRedirect(await navigate(page, () => button.click()), `${NOTIFY_PATH}/${rcpt.B.id}/test`,
      `${NOTIFY_PATH}?done=1&test=1`);
    eq(await text(page, 'main p.notice.ok[role=status]'), t.testQueued, 'the notice after a test');
  };
  await sendTest();
  let mails = await waitForMail(dir, (ms) => ms.some((m) => m.to === rcpt.B.email && m.subject === testSubject),
    `the test email to B (${rcpt.B.email})`, addrs);
  const testMail = mails.find((m) => m.to === rcpt.B.email && m.subject === testSubject);
  ok(testMail.text.includes('This is a test: your notification settings reach this address.'),
    `the text of the test email: ${JSON.stringify(testMail.text.slice(0, 200))}`);

  // a customer's return; accepted, then delivered
  const c = customer('notify', 'en');
  const tracking = await asCustomer(browser, 'en', pol.link, async (cpage, cresp) => {
    eq(cresp.status(), 200, 'status of the return form');
    await fillReturn(cpage, c);
    await expectReturnCreated(cpage, await navigate(cpage, () => submitReturnButton(cpage).click()), pol.link);
    return expectReturnDone(cpage, 'en', c);
  });
  const now = Date.now();
  const events = [
    { event_id: `br-${STAMP}-na`, tracking, type: 'accepted', time: feedTime(now - 120000), location: 'KANATA ON' },
    { event_id: `br-${STAMP}-nd`, tracking, type: 'delivered', time: feedTime(now - 60000), location: 'OTTAWA ON' },
  ];
  for (const e of events) {
    const r = await postEvents([e]);
    eq(r.status, 200, `status of the ${e.type} event (answer ${r.answer})`);
    eq(JSON.stringify([r.json?.applied, r.json?.duplicates]), '[1,0]', `[applied, duplicates] of ${e.type} (${r.answer})`);
  }

  // A: two in French; B: one
  const subjects = {
    A: [`Le retour ${tracking} a été déposé`, `Le retour ${tracking} a été livré`],
    B: [`Return ${tracking} was delivered`],
  };
  const about = (m) => m.subject.includes(tracking);
  mails = await waitForMail(dir, (ms) =>
    subjects.A.every((s) => ms.some((m) => m.to === rcpt.A.email && m.subject === s)) &&
    subjects.B.every((s) => ms.some((m) => m.to === rcpt.B.email && m.subject === s)),
  `the event emails to A and B (${tracking})`, addrs);

  // the same events again change nothing; a second test email to B, sent
  // after them, shows the notifier went through the outbox since
  const again = await postEvents(events);
  eq(again.status, 200, `status of the events sent again (answer ${again.answer})`);
  eq(JSON.stringify([again.json?.applied, again.json?.duplicates]), '[0,2]',
    `[applied, duplicates] of the events sent again (${again.answer})`);
  await sendTest();
  mails = await waitForMail(dir, (ms) => ms.filter((m) => m.to === rcpt.B.email && m.subject === testSubject).length >= 2,
    'the second test email to B', addrs);

  const got = (k) => mails.filter((m) => m.to === rcpt[k].email && about(m)).map((m) => m.subject).sort();
  eq(JSON.stringify(got('A')), JSON.stringify([...subjects.A].sort()), `the emails about ${tracking} to A`);
  eq(JSON.stringify(got('B')), JSON.stringify(subjects.B), `the emails about ${tracking} to B`);
  const confirmation = (m) => m.text.includes('/settings/confirm/');
  eq(JSON.stringify(mails.filter((m) => m.to === rcpt.C.email && !confirmation(m)).map((m) => m.subject)), '[]',
    'emails to C (a daily summary, not due yet)');
  eq(JSON.stringify(mails.filter((m) => m.to === rcpt.D.email && !confirmation(m)).map((m) => m.subject)), '[]',
    'emails to D (exceptions only)');
  eq(JSON.stringify(mails.filter((m) => m.subject === testSubject && m.to !== rcpt.B.email).map((m) => m.to)), '[]',
    'test emails to others than B');
  eq(mails.filter((m) => m.to === rcpt.B.email && m.subject === testSubject).length, 2, 'test emails to B');
  const mine = mails.filter((m) => addrs.includes(m.to));
  const ids = mine.map((m) => m.id);
  ok(ids.every((id) => /^<[^<>@\s]+@[^<>\s]+>$/.test(id)), `Message-IDs: ${JSON.stringify(ids)}`);
  eq(new Set(ids).size, ids.length, `distinct Message-IDs of the ${ids.length} emails to the recipients`);
  const eventKeys = mine.filter(about).map((m) => `${m.to} ${m.subject}`);
  eq(new Set(eventKeys).size, eventKeys.length, `distinct event emails: ${JSON.stringify(eventKeys)}`);

  // what the French email says; the link to the return
  const delivFr = mails.find((m) => m.to === rcpt.A.email && m.subject === subjects.A[1]);
  for (const s of [subjects.A[1], `Client\u00a0: ${c.name}`, `Politique de retour\u00a0: ${pol.number}`, `/returns/${tracking}`])
    ok(delivFr.text.includes(s), `the French email lacks ${JSON.stringify(s)}: ${JSON.stringify(delivFr.text.slice(0, 300))}`);
  const delivEn = mails.find((m) => m.to === rcpt.B.email && m.subject === subjects.B[0]);
  for (const s of [`Customer: ${c.name}`, `Return policy: ${pol.number}`, `/returns/${tracking}`])
    ok(delivEn.text.includes(s), `the English email lacks ${JSON.stringify(s)}: ${JSON.stringify(delivEn.text.slice(0, 300))}`);

  // nothing failed
  await go(page, NOTIFY_PATH);
  ok(!(await page.locator('main').textContent()).includes(t.failed), `"${t.failed}" is on the page`);
}, { timeout: Math.max(TEST_TIMEOUT, 45000) }); // the notifier sends every second, SMTP and polling add a little

test('[fr] paramètres des avis en français', async ({ ctx, browser }) => {
  const n = await notifyMerchant(browser);
  const t = NOTIFY_TEXT.fr, { rcpt } = n;
  const page = await merchantPage(ctx, 'en', n.acct);

  let resp = await go(page, `${NOTIFY_PATH}?lang=fr`);
  eq(resp.status(), 200, `status of ${NOTIFY_PATH}?lang=fr`);
  eq(await htmlLang(page), 'fr', 'html lang');
  eq(await text(page, 'main h1'), t.title, 'heading');
  eq(await page.title(), `${t.title} · Gestion des retours`, 'title');
  await expectTabs(page, NOTIFY_PATH, 'fr');
  eq(JSON.stringify((await page.locator('main ul.events strong').allTextContents()).map(norm)),
    JSON.stringify(t.choices.slice(0, 4)), 'the events explained above the recipients');

  // the four, in French, as they were saved
  eq(JSON.stringify((await recipientForms(page)).map((x) => x.id)),
    JSON.stringify(['A', 'B', 'C', 'D'].map((k) => rcpt[k].id)), 'the recipients');
  for (const [i, k] of ['A', 'B', 'C', 'D'].entries()) {
    const form = recipientForm(page, rcpt[k].id);
    await expectFormState(form, rcpt[k], `recipient ${k}`);
    eq(norm(await form.locator('h2').textContent()), `${t.recipient} ${i + 1}`, `heading of ${k}`);
    const labels = await form.evaluate((f) => {
      const all = (sel) => [...f.querySelectorAll(sel)].map((e) => e.textContent.replace(/\s+/g, ' ').trim());
      return { legends: all('legend'), fields: all('.field > label'), choices: all('label.choice'),
        langs: all('select[name=lang] option'), buttons: all('button') };
    });
    eq(JSON.stringify(labels), JSON.stringify({ legends: t.legends, fields: t.fieldLabels, choices: t.choices,
      langs: t.langs, buttons: t.buttons }), `the labels of ${k}`);
  }
  await absent(page, '#email-new');
  eq(await text(page, 'main .recipients + p.hint'), t.full, 'the hint with four recipients');
  await shot(page, 'notify-four-fr.png');

  // B without any event: refused, in French; nothing changed
  const formB = recipientForm(page, rcpt.B.id);
  await fillRecipient(formB, { ...rcpt.B, events: [] });
  resp = await navigate(page, () => formB.getByRole('button', { name: t.buttons[0], exact: true }).click());
  await expectStatus(page, resp, 400, 'saving B without any event');
  eq(await htmlLang(page), 'fr', 'html lang of the refused save');
  eq(await text(page, 'main p.notice.bad[role=alert]'), t.fix, 'the alert');
  await expectNoEventError(recipientForm(page, rcpt.B.id), t.noEvent);
  await expectFormState(recipientForm(page, rcpt.B.id), { ...rcpt.B, events: [] }, 'B after the refused save');
  await shot(page, 'notify-error-fr.png');
  await go(page, NOTIFY_PATH);
  await expectFormState(recipientForm(page, rcpt.B.id), rcpt.B, 'B once the page is loaded again');

  // D removed with "Retirer": the add form is back
  resp = await navigate(page, () =>
    recipientForm(page, rcpt.D.id).getByRole('button', { name: t.buttons[2], exact: true }).click());
  await expectPostRedirect(resp, `${NOTIFY_PATH}/${rcpt.D.id}/remove`, `${NOTIFY_PATH}?done=1&removed=1`);
  eq(await htmlLang(page), 'fr', 'html lang after removing');
  eq(await text(page, 'main p.notice.ok[role=status]'), 'Le destinataire a été retiré.', 'the notice after removing');
  eq(JSON.stringify((await recipientForms(page)).map((x) => x.email)),
    JSON.stringify(['A', 'B', 'C'].map((k) => rcpt[k].email)), 'the recipients after removing D');
  await visible(page, '#email-new');
  eq(await text(page, `main form[action="${NOTIFY_PATH}"] h2`), t.add, 'heading of the add form');
  eq(norm(await addForm(page).locator('button[type=submit]').textContent()), t.addSubmit, 'button of the add form');
  eq(JSON.stringify(await formState(addForm(page))),
    JSON.stringify({ email: '', events: EVENTS, mode: 'each', lang: 'fr' }), 'what the add form starts with');
  await absent(page, 'main .recipients + p.hint');
  await shot(page, 'notify-removed-fr.png');
  notify = null; // D is gone

  await go(page, `${NOTIFY_PATH}?lang=en`);
  eq(await htmlLang(page), 'en', 'html lang of the English page');
  eq(await text(page, `main form[action="${NOTIFY_PATH}"] h2`), NOTIFY_TEXT.en.add, 'the add form in English');
  eq((await recipientForms(page)).length, 3, 'recipients in English');
  await shot(page, 'notify-removed-en.png');
});

// ---------------------------------------------------------------- runner

function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

function reason(e) {
  const msg = e instanceof AssertionError ? e.message : `${e?.name || 'Error'}: ${e?.message || e}`;
  return msg.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim()).slice(0, 3).join(' | ');
}

async function main() {
  await mkdir(SHOTS, { recursive: true });
  for (const f of await readdir(SHOTS)) // left by an earlier run
    if (f.startsWith('FAILED-') && f.endsWith('.png')) await rm(path.join(SHOTS, f), { force: true });
  let passed = 0, failed = 0;
  let browser;
  const watchdog = setTimeout(() => {
    console.log('FAIL run: the whole run took longer than ' + RUN_TIMEOUT / 1000 + ' s');
    console.log(`browser: ${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, RUN_TIMEOUT);
  watchdog.unref();

  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  } catch (e) {
    console.log(`FAIL launch: ${reason(e)}`);
    console.log(`browser: 0 passed, 1 failed`);
    process.exitCode = 1;
    return;
  }

  try {
    const only = process.env.ONLY;
    for (const t of tests) {
      if (only && !t.name.includes(only)) continue;
      const started = Date.now();
      let ctx;
      try {
        ctx = await newContext(browser);
        await withTimeout(t.fn({ ctx, browser }), t.timeout, 'test');
        const problems = [...new Set(ctx.problems)];
        if (problems.length) throw new AssertionError(problems.slice(0, 3).join('; '));
        passed++;
        console.log(`PASS ${t.name}` + (process.env.VERBOSE ? ` (${Date.now() - started} ms)` : ''));
      } catch (e) {
        failed++;
        console.log(`FAIL ${t.name}: ${reason(e)}`);
        if (ctx) {
          // where it stopped, for a person to look at
          const page = ctx.pages()[0];
          if (page) {
            const file = path.join(SHOTS, `FAILED-${t.name.replace(/[^a-z0-9]+/gi, '-')}.png`);
            await withTimeout(page.screenshot({ path: file, fullPage: true }), 5000, 'screenshot').catch(() => {});
          }
        }
      } finally {
        if (ctx) await withTimeout(ctx.close(), 5000, 'closing the context').catch(() => {});
      }
    }
  } finally {
    await withTimeout(browser.close(), 10000, 'closing the browser').catch(() => {});
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.log(`FAIL runner: ${reason(e)}`);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
