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
//   TEST_TIMEOUT_MS per-test limit (default: 20000)
//   ONLY            run only the tests whose name contains this text

import { chromium } from 'playwright-core';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.BASE_URL || '').replace(/\/+$/, '');
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(here, 'out'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TEST_TIMEOUT = Number(process.env.TEST_TIMEOUT_MS || 20000);
const RUN_TIMEOUT = 120000; // the whole run, as a last resort
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

// Fill and send the signup form; returns the response of the page it leads to.
async function signup(page, acct, { lang = 'en', tz = 'America/Toronto', password2 } = {}) {
  await go(page, '/account/signup');
  await page.fill('#business', acct.business);
  await page.fill('#email', acct.email);
  await page.fill('#password', acct.password);
  await page.fill('#password2', password2 ?? acct.password);
  await page.selectOption('#lang', lang);
  await page.selectOption('#tz', tz);
  return navigate(page, () => page.click('form[action="/account/signup"] button[type=submit]'));
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
    await expectPostRedirect(resp, '/account/signup', '/policies/?welcome=1');
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
async function expectTabs(page, current) {
  await visible(page, 'nav.tabs');
  const links = page.locator('nav.tabs a');
  eq(await links.count(), 3, 'number of tabs');
  for (let i = 0; i < TABS.length; i++) {
    const [href, label] = TABS[i];
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
async function newContext(browser) {
  const ctx = await browser.newContext({
    locale: 'en-CA',
    viewport: { width: 1024, height: 768 },
    javaScriptEnabled: true, // the site has none; needed for page.evaluate
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
function test(name, fn) {
  tests.push({ name, fn });
}

test('signup in English lands on policies with welcome', async ({ ctx }) => {
  const page = await ctx.newPage();
  const acct = newAccount('signup');
  const resp = await signup(page, acct);
  await expectPostRedirect(resp, '/account/signup', '/policies/?welcome=1');
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
  await expectErr('password', 'At least 10 characters.');
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
  await expectPostRedirect(await signup(page, acct), '/account/signup', '/policies/?welcome=1');
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
        await withTimeout(t.fn({ ctx, browser }), TEST_TIMEOUT, 'test');
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
