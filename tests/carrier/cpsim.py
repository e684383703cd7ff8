#!/usr/bin/env python3
"""cpsim -- a Canada Post web services simulator for the tests, built from
Canada Post's documentation of its XML ("soa-gw") API as summarised in
../shared/carrier/CANADA-POST.md: the same paths, versioned media types
(406 on a wrong Accept, 415 on a wrong Content-Type), XML namespaces and
elements, <messages> error bodies with Canada Post's codes, HTTP Basic
keys, the platform-id header, the SLM Monitor over-limit answer, and
slow answers on demand. Standard library only.

    cpsim.py --port N --keys FILE [--platform ID] [--state-dir DIR]

FILE holds one "user:password" a line (the installation's keys). Test
control under /__sim/ (JSON): POST customer, events, mode, merchant;
GET stats. GET /signin stands in for Canada Post's merchant sign-in page:
it sends the browser back to return-url with registration-status=SUCCESS.
"""
import argparse, base64, json, random, re, threading, time, urllib.parse
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NS_AR = "http://www.canadapost.ca/ws/authreturn-v2"
NS_MSG = "http://www.canadapost.ca/ws/messages"
NS_TRACK = "http://www.canadapost.ca/ws/track"
NS_CUST = "http://www.canadapost.ca/ws/customer"
NS_REG = "http://www.canadapost.ca/ws/merchant/registration"
MT_AR = "application/vnd.cpc.authreturn-v2+xml"
MT_TRACK = "application/vnd.cpc.track-v2+xml"
MT_CUST = "application/vnd.cpc.customer+xml"
MT_REG = "application/vnd.cpc.registration-v2+xml"
SERVICES = {"DOM.RP", "DOM.EP", "DOM.XP", "DOM.PC"}

lock = threading.Lock()
S = {
    "keys": {}, "platform": None,
    "customers": {},     # number -> {"contracts": [...], "good": bool, "card": bool}
    "returns": {},       # pin -> {"pdf": bytes, "customer": n, "xml": str}
    "artifacts": {},     # id -> pin
    "events": {},        # pin -> [event dicts]
    "tokens": {},        # token -> True
    "merchant": None,    # what the next registration returns
    "mode": {"create_delay": 0, "track_limit": 0, "fail_postal": "",
             "track_delay": 0, "fail_field": ""},
    "track_window": [],  # times of tracking calls
    "stats": {"creates": 0, "create_ok": 0, "artifacts": 0, "tracks": 0,
              "throttled": 0, "customer": 0, "tokens": 0, "infos": 0,
              "bad_auth": 0, "requests": []},
}


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def messages(code, desc):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<messages xmlns="%s"><message><code>%s</code>'
            '<description>%s</description></message></messages>'
            % (NS_MSG, esc(code), esc(desc))).encode()


def make_pdf(lines):
    """A small real PDF (one page, Helvetica) holding the lines."""
    content = "BT /F1 14 Tf 72 720 Td 18 TL\n"
    for l in lines:
        l = l.encode("latin-1", "replace").decode("latin-1")
        l = l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content += "(%s) Tj T*\n" % l
    content += "ET\n"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        "/Encoding /WinAnsiEncoding >>",
        "<< /Length %d >>\nstream\n%sendstream" % (len(content.encode("latin-1")), content),
    ]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode("latin-1")
    x = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    for o in offs:
        out += ("%010d 00000 n \n" % o).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, x)).encode()
    return out


def kid(e, name, ns=NS_AR):
    return e.find("{%s}%s" % (ns, name)) if e is not None else None


def txt(e, path, ns=NS_AR):
    cur = e
    for p in path.split("/"):
        cur = kid(cur, p, ns)
        if cur is None:
            return None
    return (cur.text or "").strip()


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body sent apart: no 40 ms stall

    def log_message(self, *a):
        pass

    def send(self, status, body=b"", ctype="application/xml", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def user(self):
        """The Basic key's user when the key is known, else None."""
        a = self.headers.get("Authorization", "")
        if not a.startswith("Basic "):
            return None
        try:
            u, p = base64.b64decode(a[6:]).decode().split(":", 1)
        except Exception:
            return None
        with lock:
            return u if S["keys"].get(u) == p else None

    def auth(self):
        u = self.user()
        if u is None:
            with lock:
                S["stats"]["bad_auth"] += 1
            self.send(401, messages("E002", "AAA Authentication Failure"))
        return u

    def media(self, accept, ctype=None):
        if self.headers.get("Accept") != accept:
            self.send(406, messages("Server", "Not Acceptable: " +
                                    str(self.headers.get("Accept"))))
            return False
        if ctype and self.headers.get("Content-Type") != ctype:
            self.send(415, messages("Server", "Unsupported Media Type"))
            return False
        return True

    def platform_ok(self):
        want = S["platform"]
        got = self.headers.get("platform-id")
        if want and got != want:
            self.send(403, messages("AA005", "platform-id missing or wrong"))
            return False
        return True

    def record(self):
        with lock:
            S["stats"]["requests"].append({
                "method": self.command, "path": self.path,
                "accept": self.headers.get("Accept"),
                "lang": self.headers.get("Accept-Language"),
                "platform": self.headers.get("platform-id")})
            del S["stats"]["requests"][:-200]

    # ---- routes ----
    def do_GET(self):
        self.record()
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__sim/stats":
            with lock:
                return self.send(200, json.dumps(S["stats"]).encode(),
                                 "application/json")
        if path == "/signin":
            return self.signin()
        m = re.fullmatch(r".*/tracking/v1/pins/([0-9A-Z]+)/details", path)
        if m:
            return self.portal_track(m.group(1))
        m = re.fullmatch(r"/ers/artifact/([^/]+)/([0-9a-f]+)/0", path)
        if m:
            return self.artifact(m.group(1), m.group(2))
        m = re.fullmatch(r"/vis/track/pin/([0-9A-Z]+)/detail", path)
        if m:
            return self.track(m.group(1))
        m = re.fullmatch(r"/rs/customer/(\d{1,10})", path)
        if m:
            return self.customer(m.group(1))
        m = re.fullmatch(r"/ot/token/([0-9]+)", path)
        if m:
            return self.reg_info(m.group(1))
        self.send(404, messages("Server", "Not Found"))

    def do_POST(self):
        self.record()
        path = urllib.parse.urlsplit(self.path).path
        data = self.body()
        if path.startswith("/__sim/"):
            return self.control(path[7:], json.loads(data or b"{}"))
        m = re.fullmatch(r"/rs/(\d{1,10})/(\d{1,10})/authorizedreturn", path)
        if m:
            return self.create(m.group(1), m.group(2), data)
        if path == "/ot/token":
            return self.reg_token()
        if path.endswith("/cpc-api-native-oauth-provider/oauth2/token"):
            return self.portal_token(data)
        self.send(404, messages("Server", "Not Found"))

    def control(self, what, d):
        with lock:
            if what == "customer":
                S["customers"][d["number"]] = {
                    "contracts": d.get("contracts", []),
                    "good": d.get("good", True), "card": d.get("card", False)}
            elif what == "events":
                S["events"].setdefault(d["pin"], []).extend(d["events"])
            elif what == "mode":
                S["mode"].update(d)
                if "track_limit" in d:
                    S["track_window"] = []
            elif what == "merchant":
                S["merchant"] = d
            elif what == "reset-stats":
                for k in S["stats"]:
                    S["stats"][k] = [] if k == "requests" else 0
            else:
                return self.send(404, b"{}", "application/json")
        self.send(200, b"{}", "application/json")

    def create(self, mailed_by, mobo, data):
        u = self.auth()
        if u is None or not self.platform_ok():
            return
        if not self.media(MT_AR, MT_AR):
            return
        with lock:
            S["stats"]["creates"] += 1
            delay = S["mode"]["create_delay"]
            fail_postal = S["mode"]["fail_postal"]
            fail_field = S["mode"]["fail_field"]
            cust = S["customers"].get(mailed_by)
        if delay:
            time.sleep(delay)
        if cust is None or mailed_by != mobo:
            return self.send(403, messages("AA004", "You cannot mail on behalf of the requested customer."))
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            return self.send(400, messages("Server", "not XML: %s" % e))
        if root.tag != "{%s}authorized-return" % NS_AR:
            return self.send(400, messages("Server", "cvc-elt.1: Cannot find the declaration of element '%s'" % root.tag))
        if fail_field:   # a schema answer about one field, as on soa-gw
            return self.send(400, messages("Server", "/authorized-return/returner/domestic-address/%s: cvc-complex-type.2.4.a: Invalid content" % fail_field))
        svc = txt(root, "service-code")
        if not svc:
            return self.send(400, messages("Server", "/authorized-return: service-code is required"))
        for who in ("returner", "receiver"):
            for f, lim in (("name", 44), ("domestic-address/address-line-1", 44),
                           ("domestic-address/city", 40),
                           ("domestic-address/province", 2),
                           ("domestic-address/postal-code", 6)):
                v = txt(kid(root, who), f)
                if v is None or v == "" or len(v) > lim:
                    return self.send(400, messages("Server", "/authorized-return/%s/%s: cvc-minLength-valid / cvc-maxLength-valid" % (who, f)))
            pc = txt(kid(root, who), "domestic-address/postal-code")
            if not re.fullmatch(r"[A-Z]\d[A-Z]\d[A-Z]\d", pc):
                return self.send(400, messages("Server", "/authorized-return/%s/domestic-address/postal-code: cvc-pattern-valid: Value '%s' is not facet-valid with respect to pattern '[A-Z]\\d[A-Z]\\d[A-Z]\\d'" % (who, pc)))
            if who == "returner" and fail_postal and pc == fail_postal:
                return self.send(400, messages("7292", "The returner's postal-code is not valid."))
        if svc not in SERVICES:
            return self.send(400, messages("9120", "Return service code is not valid."))
        contract = txt(root, "settlement-info/contract-id")
        if contract:
            if contract not in cust["contracts"] or not cust["good"]:
                return self.send(400, messages("1653", "Method of payment Account is not available: a commercial agreement in good standing is required."))
        elif not cust["card"]:
            return self.send(400, messages("9174", "No default credit card on file."))
        w = txt(root, "parcel-characteristics/weight")
        if w is not None and not re.fullmatch(r"\d{1,3}(\.\d{1,3})?", w):
            return self.send(400, messages("Server", "/authorized-return/parcel-characteristics/weight: cvc-pattern-valid"))
        pin = "73" + "".join(random.choice("0123456789") for _ in range(14))
        art = "%016x" % random.getrandbits(64)
        name = txt(root, "returner/name")
        to = txt(root, "receiver/name")
        pdf = make_pdf(["CANADA POST SIMULATOR - AUTHORIZED RETURN",
                        "PIN %s" % pin, "Service %s" % svc,
                        "From: %s" % name, "To: %s" % to,
                        "Format %s" % (txt(root, "print-preferences/output-format") or "8.5x11"),
                        "Ref: %s" % (txt(root, "references/customer-ref-1") or "")])
        with lock:
            S["returns"][pin] = {"pdf": pdf, "customer": mailed_by,
                                 "xml": data.decode("utf-8", "replace")}
            S["artifacts"][art] = pin
            S["stats"]["create_ok"] += 1
            S["stats"]["last_create"] = data.decode("utf-8", "replace")
            S["stats"]["last_pin"] = pin
        host = self.headers.get("Host")
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<authorized-return-info xmlns="%s">'
                '<tracking-pin>%s</tracking-pin>'
                '<links><link rel="returnLabel" href="http://%s/ers/artifact/%s/%s/0" '
                'media-type="application/pdf" index="0"/></links>'
                '</authorized-return-info>' % (NS_AR, pin, host, esc(u), art))
        self.send(200, body.encode(), MT_AR)

    def artifact(self, user, art):
        u = self.auth()
        if u is None:
            return
        if self.headers.get("Accept") != "application/pdf":
            return self.send(406, messages("Server", "Not Acceptable"))
        with lock:
            pin = S["artifacts"].get(art)
            S["stats"]["artifacts"] += 1
            pdf = S["returns"][pin]["pdf"] if pin else None
        if pdf is None:
            return self.send(404, messages("Server", "Not Found"))
        self.send(200, pdf, "application/pdf")

    def track(self, pin):
        u = self.auth()
        if u is None or not self.media(MT_TRACK):
            return
        now = time.time()
        with lock:
            S["stats"]["tracks"] += 1
            lim = S["mode"]["track_limit"]
            S["track_window"] = [t for t in S["track_window"] if now - t < 60]
            over = lim and len(S["track_window"]) >= lim
            if not over:
                S["track_window"].append(now)
            else:
                S["stats"]["throttled"] += 1
            evs = list(S["events"].get(pin, []))
            known = pin in S["returns"]
            delay = S["mode"]["track_delay"]
        if delay:
            time.sleep(delay)
        if over:
            return self.send(429, messages("Server", "Rejected by SLM Monitor"))
        if not known or not evs:
            return self.send(404, messages("004", "No Pin History"))
        occ = ""
        for e in evs:
            occ += ("<occurrence><event-identifier>%s</event-identifier>"
                    "<event-date>%s</event-date><event-time>%s</event-time>"
                    "<event-time-zone>%s</event-time-zone>"
                    "<event-description>%s</event-description>"
                    "<signatory-name></signatory-name>"
                    "<event-site>%s</event-site><event-province>%s</event-province>"
                    "<event-retail-location-id></event-retail-location-id>"
                    "<event-retail-name></event-retail-name></occurrence>"
                    % (esc(e["code"]), esc(e["date"]), esc(e["time"]),
                       esc(e.get("zone", "EST")), esc(e.get("description", "")),
                       esc(e.get("site", "")), esc(e.get("province", ""))))
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<tracking-detail xmlns="%s"><pin>%s</pin>'
                '<active-exists>1</active-exists><archive-exists></archive-exists>'
                '<service-name>Expedited Parcels</service-name>'
                '<significant-events>%s</significant-events></tracking-detail>'
                % (NS_TRACK, pin, occ))
        self.send(200, body.encode(), MT_TRACK)

    def customer(self, number):
        u = self.auth()
        if u is None or not self.platform_ok() or not self.media(MT_CUST):
            return
        with lock:
            S["stats"]["customer"] += 1
            c = S["customers"].get(number)
            owner = S.get("key_owner", {}).get(u)
        if c is None or (owner is not None and owner != number):
            return self.send(403, messages("AA003", "The API key does not match the customer number."))
        contracts = "".join("<contract-id>%s</contract-id>" % esc(x)
                            for x in c["contracts"] if c["good"])
        mops = ""
        if c["card"]:
            mops += "<method-of-payment>CreditCard</method-of-payment>"
        if c["contracts"] and c["good"]:
            mops += "<method-of-payment>Account</method-of-payment>"
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<customer xmlns="%s"><customer-number>%s</customer-number>'
                '<contracts>%s</contracts><authorized-payers><payer>'
                '<payer-number>%s</payer-number><methods-of-payment>%s'
                '</methods-of-payment></payer></authorized-payers>'
                '<links/></customer>' % (NS_CUST, number, contracts, number, mops))
        self.send(200, body.encode(), MT_CUST)

    def reg_token(self):
        u = self.auth()
        if u is None or not self.platform_ok() or not self.media(MT_REG, MT_REG):
            return
        tok = "".join(random.choice("0123456789") for _ in range(40))
        with lock:
            S["tokens"][tok] = True
            S["stats"]["tokens"] += 1
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<token xmlns="%s"><token-id>%s</token-id></token>' % (NS_REG, tok))
        self.send(200, body.encode(), MT_REG)

    def reg_info(self, tok):
        u = self.auth()
        if u is None or not self.platform_ok() or not self.media(MT_REG):
            return
        with lock:
            ok = S["tokens"].pop(tok, None)
            m = S["merchant"]
            S["stats"]["infos"] += 1
            if ok and m:
                S["keys"][m["user"]] = m["password"]
                S.setdefault("key_owner", {})[m["user"]] = m["customer"]
                S["customers"].setdefault(m["customer"], {
                    "contracts": [m["contract"]] if m.get("contract") else [],
                    "good": True, "card": m.get("card", False)})
        if not ok or not m:
            return self.send(404, messages("Server", "token not found or expired"))
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<merchant-info xmlns="%s"><customer-number>%s</customer-number>'
                '%s<merchant-username>%s</merchant-username>'
                '<merchant-password>%s</merchant-password>'
                '<has-default-credit-card>%s</has-default-credit-card>'
                '</merchant-info>' % (NS_REG, m["customer"],
                                      "<contract-number>%s</contract-number>" % m["contract"] if m.get("contract") else "",
                                      esc(m["user"]), esc(m["password"]),
                                      "true" if m.get("card") else "false"))
        self.send(200, body.encode(), MT_REG)

    # ---- the Developer Portal (OAuth2 + JSON), CANADA-POST.md section 9 ----
    def jsend(self, status, obj):
        self.send(status, json.dumps(obj).encode(), "application/json")

    def portal_token(self, data):
        f = urllib.parse.parse_qs(data.decode())
        cid = self.headers.get("X-IBM-Client-Id") or f.get("client_id", [""])[0]
        sec = self.headers.get("X-IBM-Client-Secret") or f.get("client_secret", [""])[0]
        with lock:
            good = S["keys"].get(cid) == sec
            S["stats"]["portal_tokens"] = S["stats"].get("portal_tokens", 0) + 1
        if (f.get("grant_type") != ["client_credentials"] or
                f.get("scope") != ["merchant"] or not good):
            return self.jsend(401, {"httpCode": "401", "httpMessage": "Unauthorized",
                                    "moreInformation": "Invalid client id or secret."})
        tok = "%032x" % random.getrandbits(128)
        with lock:
            S.setdefault("bearer", {})[tok] = time.time() + 3600
        self.jsend(200, {"token_type": "Bearer", "access_token": tok,
                         "scope": "merchant", "expires_in": 3600,
                         "consented_on": int(time.time())})

    def portal_track(self, pin):
        a = self.headers.get("Authorization", "")
        with lock:
            ok = a.startswith("Bearer ") and S.get("bearer", {}).get(a[7:], 0) > time.time()
            S["stats"]["tracks"] += 1
            evs = list(S["events"].get(pin, []))
            known = pin in S["returns"]
        if not ok:
            return self.jsend(401, {"httpCode": "401", "httpMessage": "Unauthorized",
                                    "moreInformation": "Cannot pass the security checks"})
        if self.headers.get("Accept") != "application/json":
            return self.jsend(406, {"title": "Not Acceptable", "detail": "",
                                    "errors": [{"errorCode": "Server", "message": "Not Acceptable"}]})
        if not known or not evs:
            return self.jsend(404, {"title": "Not Found", "detail": "No Pin History",
                                    "errors": [{"errorCode": "004", "message": "No Pin History"}]})
        self.jsend(200, {"pin": pin, "activeExists": True, "archiveExists": False,
                         "signatureImageExists": False, "suppressSignature": False,
                         "serviceName": "Expedited Parcels",
                         "significantEvents": [{
                             "eventIdentifier": e["code"], "eventDate": e["date"],
                             "eventTime": e["time"], "eventTimeZone": e.get("zone", "EST"),
                             "eventDescription": e.get("description", ""),
                             "eventSite": e.get("site", ""),
                             "eventProvince": e.get("province", "")} for e in evs]})

    def signin(self):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        ret = q.get("return-url", [""])[0]
        tok = q.get("token-id", [""])[0]
        if not ret or not tok:
            return self.send(400, b"missing return-url or token-id", "text/plain")
        sep = "&" if "?" in ret else "?"
        loc = ret + sep + urllib.parse.urlencode(
            {"token-id": tok, "registration-status": "SUCCESS"})
        self.send(302, b"", "text/plain", {"Location": loc})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--keys", required=True)
    ap.add_argument("--platform")
    a = ap.parse_args()
    for line in open(a.keys):
        line = line.strip()
        if ":" in line:
            u, p = line.split(":", 1)
            S["keys"][u] = p
    S["platform"] = a.platform
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), H)
    srv.daemon_threads = True
    srv.serve_forever()


if __name__ == "__main__":
    main()
