#!/usr/bin/env python3
"""crawl.py -- the site under a path prefix, as merchants, customers and
email readers meet it. Usage: crawl.py ORIGIN PREFIX VAR
ORIGIN http://127.0.0.1:PORT; PREFIX /shop-returns; VAR the stack's
directory (mail/new, the database). The server's other locations answer
"other site". Prints PASS/FAIL lines and "prefix: N passed, M failed"."""
import email
import glob
import html.parser
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ORIGIN, PREFIX, VAR = sys.argv[1], sys.argv[2], sys.argv[3]
BASE = ORIGIN + PREFIX
npass = nfail = 0


def ok(name):
    global npass
    npass += 1
    print("PASS " + name)


def ko(name, why):
    global nfail
    nfail += 1
    print("FAIL %s: %s" % (name, why))


def check(name, cond, why=""):
    (ok if cond else lambda n: ko(n, why))(name)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def req(self, path, data=None):
        url = path if path.startswith("http") else ORIGIN + path
        body = urllib.parse.urlencode(data).encode() if data else None
        try:
            r = self.op.open(urllib.request.Request(url, body), timeout=30)
            return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.values = [], []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src", "action", "formaction") and v is not None:
                self.urls.append((tag, k, v))
            if k == "value" and v and "://" in v:
                self.values.append(v)


def links(body):
    p = Links()
    p.feed(body.decode("utf-8", "replace"))
    return p


def csrf(body):
    m = re.search(rb'name="csrf" value="([0-9a-f]+)"', body)
    return m.group(1).decode() if m else ""


def local_ok(u):
    """A link a page may carry: under the prefix, or not a local path."""
    if u.startswith(("#", "mailto:", "tel:", "https://www.canadapost")):
        return True
    if u.startswith("http://") or u.startswith("https://"):
        return u.startswith(BASE + "/")
    if u.startswith("/"):
        return u.startswith(PREFIX + "/")
    return not u.startswith("//")  # relative: stays under the page's path


# ---- the server's other site is untouched -------------------------------
c = Client()
s, h, b = c.req("/")
check("the other site keeps its own /", s == 200 and b"other site" in b,
      "%d %r" % (s, b[:40]))
s, h, b = c.req("/static/style.css")
check("the other site keeps its /static/ and its regex locations",
      b"other site" in b, "%d %r" % (s, b[:40]))
check("the other site gets none of our headers",
      h.get("Content-Security-Policy") is None, str(h.get("Content-Security-Policy")))
s, h, b = c.req("/account/login")
check("our paths without the prefix are the other site's",
      b"other site" in b, "%d %r" % (s, b[:40]))

# ---- the prefix itself, static files, nginx's error pages ----------------
s, h, b = c.req(PREFIX)
check("the bare prefix redirects to its home", s in (301, 302, 303) and
      (h.get("Location") or "").endswith(PREFIX + "/"), "%d %s" % (s, h.get("Location")))
s, h, b = c.req(PREFIX + "/static/style.css")
check("the stylesheet under the prefix", s == 200 and
      "text/css" in (h.get("Content-Type") or "") and b'url("favicon.svg")' in b,
      "%d %s" % (s, h.get("Content-Type")))
s, h, b = c.req(PREFIX + "/static/nothing.css")
L = links(b)
check("nginx's 404 page under the prefix: its links too",
      s == 404 and L.urls and all(local_ok(u) for _, _, u in L.urls) and
      (("link", "href", PREFIX + "/static/style.css") in L.urls),
      "%d %r" % (s, L.urls))
check("our security headers under the prefix",
      h.get("Content-Security-Policy") is not None and
      h.get("X-Frame-Options") == "DENY", str(dict(h)))

# ---- a merchant logs in -------------------------------------------------
s, h, b = c.req(PREFIX + "/")
check("home redirects to the log-in page under the prefix",
      s == 303 and h.get("Location") == PREFIX + "/account/login",
      "%d %s" % (s, h.get("Location")))
s, h, b = c.req(PREFIX + "/account/login")
tok = csrf(b)
s, h, b = c.req(PREFIX + "/account/login", {
    "csrf": tok, "email": "demo@example.com", "password": "demo-password"})
check("log-in redirects under the prefix",
      s == 303 and (h.get("Location") or "").startswith(PREFIX + "/policies/"),
      "%d %s" % (s, h.get("Location")))
cookies = h.get_all("Set-Cookie") or []
check("session cookie's Path is the prefix",
      cookies and all("Path=%s;" % PREFIX in x for x in cookies), repr(cookies))

# ---- every page a merchant can reach ------------------------------------
seen, queue, bad, broken, absolute = set(), [PREFIX + "/policies/"], [], [], set()
pages = 0
while queue and pages < 300:
    path = queue.pop(0)
    if path in seen:
        continue
    seen.add(path)
    s, h, b = c.req(path)
    pages += 1
    if s in (301, 302, 303):
        loc = h.get("Location") or ""
        if not (loc.startswith(PREFIX + "/") or loc.startswith(BASE + "/")):
            bad.append("%s -> Location %s" % (path, loc))
        continue
    if s >= 400 or b"other site" in b[:100]:
        broken.append("%s: %d" % (path, s))
        continue
    if "text/html" not in (h.get("Content-Type") or ""):
        continue
    L = links(b)
    for tag, attr, u in L.urls:
        if not local_ok(u):
            bad.append("%s: <%s %s=%s>" % (path, tag, attr, u))
            continue
        if tag == "form" or tag == "button":
            continue
        full = urllib.parse.urljoin(ORIGIN + path, u)
        if not full.startswith(BASE + "/"):
            continue
        p = full[len(ORIGIN):].split("#")[0]
        # GET only, never the tracking feed's API
        if p not in seen and "/api/" not in p:
            queue.append(p)
    for v in L.values:
        absolute.add(v)
check("crawled the merchant's pages (%d)" % pages, pages >= 40, str(pages))
check("every link, form and image of every page is under the prefix",
      not bad, "; ".join(bad[:8]))
check("every link followed answers (no 404, no other site)",
      not broken, "; ".join(broken[:8]))
returnlinks = [v for v in absolute if "/r/" in v]
check("return links shown to merchants are on base_url with the prefix",
      returnlinks and all(v.startswith(BASE + "/r/") for v in returnlinks),
      repr(sorted(absolute)[:5]))

# ---- the packing slip's QR code -----------------------------------------
qr = next((p for p in sorted(seen) if p.endswith("/qr.svg")), None)
if qr is None:
    m = re.search(r"(/policies/PR[0-9]+)", " ".join(sorted(seen)))
    qr = PREFIX + m.group(1) + "/qr.svg" if m else None
if qr:
    s, h, b = c.req(qr)
    with tempfile.TemporaryDirectory() as td:
        open(td + "/q.svg", "wb").write(b)
        subprocess.run(["rsvg-convert", "-w", "400", "-b", "white", "-o",
                        td + "/q.png", td + "/q.svg"], check=False)
        out = subprocess.run(["zbarimg", "--raw", "-q", td + "/q.png"],
                             capture_output=True, text=True).stdout.strip()
    check("the packing slip's QR code holds the link with the prefix",
          out.startswith(BASE + "/r/"), repr(out))
else:
    ko("the packing slip's QR code holds the link with the prefix", "no policy found")

# ---- a customer follows a return link -----------------------------------
cust = Client()
if returnlinks:
    # a policy that offers a printed label (not a secure-label one, not
    # suspended)
    for link in sorted(returnlinks):
        s, h, b = cust.req(link)
        if s == 200 and b'name="method" value="label"' in b:
            break
    L = links(b)
    check("the customer's form under the prefix",
          s == 200 and all(local_ok(u) for _, _, u in L.urls),
          "%d %r" % (s, [u for _, _, u in L.urls if not local_ok(u)]))
    check("the customer's page sends no Referer under the prefix",
          h.get_all("Referrer-Policy") == ["no-referrer"],
          repr(h.get_all("Referrer-Policy")))
    m = re.search(rb'name="once" value="([0-9a-f]+)"', b)
    s, h, b = cust.req(link, {
        "csrf": csrf(b), "once": m.group(1).decode() if m else "",
        "name": "Jean Prefix", "line1": "1 rue Saint-Paul", "city": "Montréal",
        "province": "QC", "postal": "H2Y 1Z4", "email": "prefix@example.com",
        "weight": "2", "method": "label", "reason": "other", "weight_unit": "kg",
        "reason_text": "test", "order_answer": "A1", "ra_number": "RA12345"})
    loc = h.get("Location") or ""
    errs = re.findall(rb"class=\"(?:field-)?err[^\"]*\"[^>]*>([^<]*)", b)
    check("a label's redirect stays under the prefix",
          s == 303 and loc.startswith(PREFIX + "/r/t/"), "%d %s %r" % (s, loc, errs))
    s, h, b = cust.req(loc)
    L = links(b)
    pdf = [u for _, _, u in L.urls if u.endswith("label.pdf")]
    check("the label's page: links under the prefix",
          s == 200 and pdf and all(local_ok(u) for _, _, u in L.urls),
          "%d %r" % (s, L.urls))
    if pdf:
        s, h, b = cust.req(pdf[0])
        check("the label PDF under the prefix", s == 200 and b[:5] == b"%PDF-",
              "%d %r" % (s, b[:20]))
else:
    ko("the customer's form under the prefix", "no return link found")

# ---- an email's link ----------------------------------------------------
anon = Client()
s, h, b = anon.req(PREFIX + "/account/forgot")
t0 = time.time()
s, h, b = anon.req(PREFIX + "/account/forgot",
                   {"csrf": csrf(b), "email": "demo@example.com"})
check("forgot password redirects under the prefix",
      s == 303 and (h.get("Location") or "").startswith(PREFIX + "/account/forgot"),
      "%d %s" % (s, h.get("Location")))
url = None
deadline = time.time() + 60
while url is None and time.time() < deadline:
    for f in glob.glob(VAR + "/mail/new/*"):
        if os.path.getmtime(f) < t0 - 1:
            continue
        msg = email.message_from_binary_file(open(f, "rb"))
        for part in msg.walk():
            if part.get_content_maintype() != "text":
                continue
            text = part.get_payload(decode=True).decode("utf-8", "replace")
            m = re.search(r"https?://[^\s\"<>]*/account/reset/[0-9a-f]+", text)
            if m:
                url = m.group(0)
    time.sleep(0.5)
check("the email's link is on base_url with the prefix",
      url is not None and url.startswith(BASE + "/account/reset/"), repr(url))
if url:
    s, h, b = anon.req(url)
    check("the email's link opens its page", s == 200 and csrf(b) != "",
          "%d" % s)

# ---- log-out ------------------------------------------------------------
s, h, b = c.req(PREFIX + "/policies/")
s, h, b = c.req(PREFIX + "/account/logout", {"csrf": csrf(b)})
cookies = h.get_all("Set-Cookie") or []
check("log-out: redirect and the cookie removed on the prefix's path",
      s == 303 and (h.get("Location") or "").startswith(PREFIX + "/account/login")
      and cookies and all("Path=%s;" % PREFIX in x for x in cookies),
      "%d %s %r" % (s, h.get("Location"), cookies))

print("prefix: %d passed, %d failed" % (npass, nfail))
sys.exit(1 if nfail else 0)
