/* carrier_cp_soa.c -- Canada Post's XML "soa-gw" API: HTTP Basic with an
 * API key, versioned media types, XML built and read with libxml2.
 * Documents are never pasted together from strings: the request is a
 * tree whose text nodes libxml2 escapes; answers are parsed without
 * network access or entity substitution, told apart by their root
 * element's local name and namespace, and read by local names. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "returns/tracking.h"
#include "returns/tracknum.h"
#include "carrier_cp.h"

#define NS_AUTHRETURN	"http://www.canadapost.ca/ws/authreturn-v2"
#define NS_MESSAGES	"http://www.canadapost.ca/ws/messages"
#define NS_TRACK	"http://www.canadapost.ca/ws/track"
#define NS_CUSTOMER	"http://www.canadapost.ca/ws/customer"
#define NS_REGISTRATION	"http://www.canadapost.ca/ws/merchant/registration"

#define MT_AUTHRETURN	"application/vnd.cpc.authreturn-v2+xml"
#define MT_TRACK	"application/vnd.cpc.track-v2+xml"
#define MT_CUSTOMER	"application/vnd.cpc.customer+xml"
#define MT_REGISTRATION	"application/vnd.cpc.registration-v2+xml"

/* ---- reading ---- */

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static xmlDocPtr
parse(const char *s, size_t n)
{
	static bool once;

	if (!once) {
		xmlSetGenericErrorFunc(NULL, quiet);
		once = true;
	}
	if (n == 0 || n > CP_MAX_BODY)
		return NULL;
	/* no XML_PARSE_NOENT (no entity substitution), no DTD loading,
	 * no network */
	return xmlReadMemory(s, (int)n, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
}

static bool
is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static bool
in_ns(xmlNodePtr n, const char *ns)
{
	return n != NULL && n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0;
}

/* The first child element of n with this local name, or NULL. */
static xmlNodePtr
kid(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* The text of n's child `name` (trimmed) into out; "" when absent. */
static void
text(xmlNodePtr n, const char *name, char *out, size_t len)
{
	xmlNodePtr c = name ? kid(n, name) : n;
	xmlChar *t;
	const char *s;
	size_t k;

	out[0] = '\0';
	if (c == NULL || (t = xmlNodeGetContent(c)) == NULL)
		return;
	for (s = (const char *)t; isspace((unsigned char)*s); s++)
		;
	snprintf(out, len, "%s", s);
	k = strlen(out);
	while (k > 0 && isspace((unsigned char)out[k - 1]))
		out[--k] = '\0';
	xmlFree(t);
}

/* An answer that is not the expected document: a <messages> body
 * (classified), else CE_UNEXPECTED. Frees nothing. */
static enum carrier_err
not_expected(xmlDocPtr doc, long status, struct carrier_fail *f)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	char code[64], desc[256];

	if (is(root, "messages") && in_ns(root, NS_MESSAGES)) {
		xmlNodePtr m = kid(root, "message");
		text(m, "code", code, sizeof(code));
		text(m, "description", desc, sizeof(desc));
		return cp_classify(status, code, desc, f);
	}
	return cp_classify(status, "", doc ? "unexpected document" :
	    "not XML", f);
}

/* The document's root when it is `name` in namespace ns and the status is
 * 2xx; NULL otherwise (then *e says why). */
static xmlNodePtr
root_of(xmlDocPtr doc, long status, const char *name, const char *ns,
    struct carrier_fail *f, enum carrier_err *e)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (status >= 200 && status < 300 && is(root, name) && in_ns(root, ns))
		return root;
	*e = not_expected(doc, status, f);
	if (*e == CE_OK)
		*e = CE_UNEXPECTED;
	return NULL;
}

enum carrier_err
cp_soa_parse_return(const char *s, size_t n, long status,
    struct cp_return_info *ri, struct carrier_fail *f)
{
	xmlDocPtr doc = parse(s, n);
	xmlNodePtr root, links, l;
	enum carrier_err e = CE_OK;

	memset(ri, 0, sizeof(*ri));
	if ((root = root_of(doc, status, "authorized-return-info",
	    NS_AUTHRETURN, f, &e)) == NULL)
		goto done;
	text(root, "tracking-pin", ri->pin, sizeof(ri->pin));
	links = kid(root, "links");
	for (l = links ? links->children : NULL; l != NULL; l = l->next) {
		xmlChar *rel, *href, *mt;
		if (!is(l, "link"))
			continue;
		rel = xmlGetProp(l, (const xmlChar *)"rel");
		href = xmlGetProp(l, (const xmlChar *)"href");
		mt = xmlGetProp(l, (const xmlChar *)"media-type");
		if (rel && href && strcmp((char *)rel, "returnLabel") == 0 &&
		    ri->label_href[0] == '\0') {
			snprintf(ri->label_href, sizeof(ri->label_href), "%s",
			    (char *)href);
			snprintf(ri->label_type, sizeof(ri->label_type), "%s",
			    mt ? (char *)mt : "application/pdf");
		}
		xmlFree(rel);
		xmlFree(href);
		xmlFree(mt);
	}
	if (!tracknum_pin_shape(ri->pin) || ri->label_href[0] == '\0') {
		cp_classify(status, "", "an answer without a tracking PIN "
		    "or a returnLabel link", f);
		f->code = e = CE_UNEXPECTED;
	}
done:
	xmlFreeDoc(doc);
	return e;
}

enum carrier_err
cp_soa_parse_track(const char *s, size_t n, long status,
    struct carrier_event **out, size_t *nout, struct carrier_fail *f)
{
	xmlDocPtr doc = parse(s, n);
	xmlNodePtr root, evs, o;
	enum carrier_err e = CE_OK;
	size_t cap = 0, k = 0;

	*out = NULL;
	*nout = 0;
	if ((root = root_of(doc, status, "tracking-detail", NS_TRACK, f, &e))
	    == NULL)
		goto done;
	evs = kid(root, "significant-events");
	for (o = evs ? evs->children : NULL; o != NULL; o = o->next)
		if (is(o, "occurrence"))
			cap++;
	if ((*out = calloc(cap ? cap : 1, sizeof(**out))) == NULL) {
		e = f->code = CE_UNEXPECTED;
		goto done;
	}
	for (o = evs ? evs->children : NULL; o != NULL; o = o->next) {
		struct carrier_event *ev = &(*out)[k];
		char date[32], tm[32], zone[16], site[96], prov[16];
		int type;

		if (!is(o, "occurrence"))
			continue;
		text(o, "event-identifier", ev->code, sizeof(ev->code));
		text(o, "event-date", date, sizeof(date));
		text(o, "event-time", tm, sizeof(tm));
		text(o, "event-time-zone", zone, sizeof(zone));
		text(o, "event-description", ev->description,
		    sizeof(ev->description));
		text(o, "event-site", site, sizeof(site));
		text(o, "event-province", prov, sizeof(prov));
		if ((type = cp_event_type(ev->code)) < 0 || ev->code[0] == '\0'
		    || !cp_event_time(date, tm, zone, &ev->at,
		    &ev->utc_offset))
			continue;	/* no movement, or no usable time */
		ev->type = type;
		snprintf(ev->location, sizeof(ev->location), "%s%s%s", site,
		    *site && *prov ? " " : "", prov);
		k++;
	}
	*nout = k;
done:
	xmlFreeDoc(doc);
	return e;
}

enum carrier_err
cp_soa_parse_customer(const char *s, size_t n, long status,
    struct carrier_info *ci, struct carrier_fail *f)
{
	xmlDocPtr doc = parse(s, n);
	xmlNodePtr root, c, payers, p;
	enum carrier_err e = CE_OK;
	char v[64];

	memset(ci, 0, sizeof(*ci));
	if ((root = root_of(doc, status, "customer", NS_CUSTOMER, f, &e)) ==
	    NULL)
		goto done;
	text(root, "customer-number", ci->customer_number,
	    sizeof(ci->customer_number));
	c = kid(root, "contracts");
	for (c = c ? c->children : NULL; c != NULL; c = c->next)
		if (is(c, "contract-id")) {
			text(c, NULL, v, sizeof(v));
			if (*v && ci->contract_number[0] == '\0')
				snprintf(ci->contract_number,
				    sizeof(ci->contract_number), "%.15s", v);
		}
	ci->contract_good = ci->contract_number[0] != '\0';
	payers = kid(root, "authorized-payers");
	for (p = payers ? payers->children : NULL; p != NULL; p = p->next) {
		xmlNodePtr m = kid(p, "methods-of-payment");
		if (!is(p, "payer"))
			continue;
		for (m = m ? m->children : NULL; m != NULL; m = m->next)
			if (is(m, "method-of-payment")) {
				text(m, NULL, v, sizeof(v));
				if (strcmp(v, "CreditCard") == 0)
					ci->has_card = true;
			}
	}
	if (ci->customer_number[0] == '\0') {
		cp_classify(status, "", "a customer without its number", f);
		e = f->code = CE_UNEXPECTED;
	}
done:
	xmlFreeDoc(doc);
	return e;
}

enum carrier_err
cp_soa_parse_token(const char *s, size_t n, long status, char *token,
    size_t len, struct carrier_fail *f)
{
	xmlDocPtr doc = parse(s, n);
	xmlNodePtr root;
	enum carrier_err e = CE_OK;

	token[0] = '\0';
	if ((root = root_of(doc, status, "token", NS_REGISTRATION, f, &e)) ==
	    NULL)
		goto done;
	text(root, "token-id", token, len);
	if (token[0] == '\0' || strlen(token) > 40 ||
	    strspn(token, "0123456789abcdefABCDEF-") != strlen(token)) {
		token[0] = '\0';
		cp_classify(status, "", "a token that is not 1-40 digits", f);
		e = f->code = CE_UNEXPECTED;
	}
done:
	xmlFreeDoc(doc);
	return e;
}

enum carrier_err
cp_soa_parse_merchant(const char *s, size_t n, long status,
    struct carrier_registration *r, struct carrier_fail *f)
{
	xmlDocPtr doc = parse(s, n);
	xmlNodePtr root;
	enum carrier_err e = CE_OK;
	char card[16];

	memset(r, 0, sizeof(*r));
	if ((root = root_of(doc, status, "merchant-info", NS_REGISTRATION, f,
	    &e)) == NULL)
		goto done;
	text(root, "customer-number", r->customer_number,
	    sizeof(r->customer_number));
	text(root, "contract-number", r->contract_number,
	    sizeof(r->contract_number));
	text(root, "merchant-username", r->api_user, sizeof(r->api_user));
	text(root, "merchant-password", r->api_password,
	    sizeof(r->api_password));
	text(root, "has-default-credit-card", card, sizeof(card));
	r->has_card = strcmp(card, "true") == 0;
	if (r->customer_number[0] == '\0' || strspn(r->customer_number,
	    "0123456789") != strlen(r->customer_number) ||
	    strspn(r->contract_number, "0123456789") !=
	    strlen(r->contract_number)) {
		memset(r, 0, sizeof(*r));
		cp_classify(status, "", "merchant info without a customer "
		    "number", f);
		e = f->code = CE_UNEXPECTED;
	}
done:
	xmlFreeDoc(doc);
	return e;
}

/* ---- writing ---- */

/* At most max characters of UTF-8 s (cut on a character boundary). */
static const char *
cut(const char *s, size_t max, char *buf, size_t len)
{
	size_t i = 0, chars = 0;

	while (s[i] && chars < max && i < len - 4) {
		size_t k = 1;
		while ((s[i + k] & 0xC0) == 0x80)
			k++;
		i += k;
		chars++;
	}
	memcpy(buf, s, i);
	buf[i] = '\0';
	return buf;
}

static void
add(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *v,
    size_t max)
{
	char b[512];

	if (v == NULL || *v == '\0')
		return;
	xmlNewTextChild(parent, ns, (const xmlChar *)name,
	    (const xmlChar *)cut(v, max, b, sizeof(b)));
}

static void
address(xmlNodePtr parent, xmlNsPtr ns, const char *who,
    const struct carrier_addr *a)
{
	xmlNodePtr p = xmlNewChild(parent, ns, (const xmlChar *)who, NULL);
	xmlNodePtr d;
	char postal[8];
	size_t k = 0;

	add(p, ns, "name", a->name, 44);
	add(p, ns, "company", a->company, 44);
	d = xmlNewChild(p, ns, (const xmlChar *)"domestic-address", NULL);
	add(d, ns, "address-line-1", a->line1, 44);
	add(d, ns, "address-line-2", a->line2, 44);
	add(d, ns, "city", a->city, 40);
	add(d, ns, "province", a->province, 2);
	for (const char *c = a->postal; c && *c && k < 6; c++)
		if (isalnum((unsigned char)*c))
			postal[k++] = (char)toupper((unsigned char)*c);
	postal[k] = '\0';
	add(d, ns, "postal-code", postal, 6);
}

enum carrier_err
cp_soa_build_return(const struct carrier_label_req *r, const char *contract,
    struct buf *out)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root, x, y;
	xmlNsPtr ns;
	xmlChar *mem = NULL;
	const char *svc = cp_service_code(r->service);
	char w[16];
	int len = 0;

	if (doc == NULL || svc == NULL) {
		xmlFreeDoc(doc);
		return CE_SERVICE;
	}
	root = xmlNewNode(NULL, (const xmlChar *)"authorized-return");
	ns = xmlNewNs(root, (const xmlChar *)NS_AUTHRETURN, NULL);
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	add(root, ns, "service-code", svc, 32);
	address(root, ns, "returner", &r->returner);
	address(root, ns, "receiver", &r->receiver);
	if (r->receiver_email && *r->receiver_email &&
	    strlen(r->receiver_email) <= 60 &&
	    (x = kid(root, "receiver")) != NULL) {
		/* xsd:all: any order is valid */
		add(x, ns, "email", r->receiver_email, 60);
	}
	x = xmlNewChild(root, ns, (const xmlChar *)"parcel-characteristics",
	    NULL);
	snprintf(w, sizeof(w), "%d.%03d", r->weight_g / 1000,
	    r->weight_g % 1000);
	add(x, ns, "weight", w, 8);
	x = xmlNewChild(root, ns, (const xmlChar *)"print-preferences", NULL);
	add(x, ns, "output-format", strcmp(r->format, "4x6") == 0 ? "4x6" :
	    "8.5x11", 8);
	add(x, ns, "encoding", "PDF", 3);
	if (contract && *contract) {
		x = xmlNewChild(root, ns, (const xmlChar *)"settlement-info",
		    NULL);
		add(x, ns, "contract-id", contract, 10);
	}
	if ((r->ref1 && *r->ref1) || (r->ref2 && *r->ref2)) {
		y = xmlNewChild(root, ns, (const xmlChar *)"references", NULL);
		add(y, ns, "customer-ref-1", r->ref1, 35);
		add(y, ns, "customer-ref-2", r->ref2, 35);
	}
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	xmlFreeDoc(doc);
	if (mem == NULL)
		return CE_UNEXPECTED;
	buf_append(out, mem, (size_t)len);
	xmlFree(mem);
	return CE_OK;
}

/* ---- the calls ---- */

/* The key for a merchant's call: its own (registration) with the
 * platform's id, else the installation's. */
static void
auth(struct cp_http *q, const struct carrier_account *a,
    const char **hdrs, char *pid, size_t plen)
{
	int n = 0;

	if (a != NULL && a->api_user[0]) {
		q->user = a->api_user;
		q->password = a->api_password;
	} else {
		q->user = cp_key_user();
		q->password = cp_key_password();
	}
	if (cp_platform_id() != NULL) {
		snprintf(pid, plen, "platform-id: %s", cp_platform_id());
		hdrs[n++] = pid;
	}
	hdrs[n] = NULL;
	q->headers = hdrs;
}

static bool
digits(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n > 0 && n <= max && strspn(s, "0123456789") == n;
}

static enum carrier_err
soa_create_label(const struct carrier_account *a,
    const struct carrier_label_req *r, struct carrier_label *l,
    struct carrier_fail *f)
{
	struct cp_http q = { 0 };
	struct cp_answer ans = { 0 }, pdf = { 0 };
	struct buf body = { 0 };
	struct cp_return_info ri;
	const char *hdrs[2];
	char url[1024], pid[64];
	enum carrier_err e;

	if (a == NULL || !digits(a->customer_number, 10)) {
		snprintf(f->message, sizeof(f->message), "no customer number");
		return CE_NOT_LINKED;
	}
	if ((e = cp_soa_build_return(r, a->contract_number, &body)) != CE_OK)
		return e;
	snprintf(url, sizeof(url), "%s/rs/%s/%s/authorizedreturn",
	    cp_base_url(), a->customer_number, a->customer_number);
	q.method = "POST";
	q.url = url;
	q.accept = MT_AUTHRETURN;
	q.content_type = MT_AUTHRETURN;
	q.body = body.data;
	q.len = body.len;
	q.lang = r->lang;
	auth(&q, a, hdrs, pid, sizeof(pid));
	e = cp_http_do(&q, &ans, f);
	buf_free(&body);
	if (e != CE_OK)
		goto done;
	if ((e = cp_soa_parse_return(ans.body.data, ans.body.len, ans.status,
	    &ri, f)) != CE_OK)
		goto done;
	snprintf(l->pin, sizeof(l->pin), "%s", ri.pin);
	snprintf(l->ref, sizeof(l->ref), "%.255s", ri.label_href);
	/* the label: the link as given, on the configured host only */
	if (!cp_same_origin(ri.label_href)) {
		snprintf(f->message, sizeof(f->message), "the label link "
		    "points to another host");
		e = CE_UNEXPECTED;
		goto done;
	}
	memset(&q, 0, sizeof(q));
	q.method = "GET";
	q.url = ri.label_href;
	q.accept = ri.label_type;
	q.lang = r->lang;
	auth(&q, a, hdrs, pid, sizeof(pid));
	if ((e = cp_http_do(&q, &pdf, f)) != CE_OK)
		goto done;
	if (pdf.status != 200 || pdf.body.len < 5 ||
	    memcmp(pdf.body.data, "%PDF-", 5) != 0) {
		e = pdf.status == 200 ? cp_classify(pdf.status, "", "the label "
		    "is not a PDF", f) : cp_classify(pdf.status, "",
		    "the label could not be fetched", f);
		if (e == CE_OK || e == CE_ADDRESS)
			e = f->code = CE_UNEXPECTED;
		goto done;
	}
	l->pdf = pdf.body;
	pdf.body = (struct buf){ 0 };
done:
	buf_free(&ans.body);
	buf_free(&pdf.body);
	return e;
}

static enum carrier_err
soa_track(const struct carrier_account *a, const char *pin,
    struct carrier_event **ev, size_t *n, struct carrier_fail *f)
{
	struct cp_http q = { 0 };
	struct cp_answer ans = { 0 };
	const char *hdrs[2];
	char url[512], pid[64];
	enum carrier_err e;

	if (!tracknum_pin_shape(pin)) {
		snprintf(f->message, sizeof(f->message), "not a PIN");
		return CE_UNEXPECTED;
	}
	snprintf(url, sizeof(url), "%s/vis/track/pin/%s/detail", cp_base_url(),
	    pin);
	q.method = "GET";
	q.url = url;
	q.accept = MT_TRACK;
	auth(&q, a, hdrs, pid, sizeof(pid));
	if ((e = cp_http_do(&q, &ans, f)) == CE_OK)
		e = cp_soa_parse_track(ans.body.data, ans.body.len, ans.status,
		    ev, n, f);
	buf_free(&ans.body);
	return e;
}

static enum carrier_err
soa_account(const struct carrier_account *a, struct carrier_info *ci,
    struct carrier_fail *f)
{
	struct cp_http q = { 0 };
	struct cp_answer ans = { 0 };
	const char *hdrs[2];
	char url[512], pid[64];
	enum carrier_err e;

	if (a == NULL || !digits(a->customer_number, 10)) {
		snprintf(f->message, sizeof(f->message), "no customer number");
		return CE_NOT_LINKED;
	}
	snprintf(url, sizeof(url), "%s/rs/customer/%s", cp_base_url(),
	    a->customer_number);
	q.method = "GET";
	q.url = url;
	q.accept = MT_CUSTOMER;
	auth(&q, a, hdrs, pid, sizeof(pid));
	if ((e = cp_http_do(&q, &ans, f)) == CE_OK)
		e = cp_soa_parse_customer(ans.body.data, ans.body.len,
		    ans.status, ci, f);
	buf_free(&ans.body);
	if (e == CE_OK && a->contract_number[0]) {
		/* the merchant's contract must be one of the account's */
		char want[16];
		snprintf(want, sizeof(want), "%s", a->contract_number);
		if (strcmp(ci->contract_number, want) != 0)
			ci->contract_good = false;
		snprintf(ci->contract_number, sizeof(ci->contract_number),
		    "%s", want);
	}
	return e;
}

static enum carrier_err
soa_reg_token(char *token, size_t len, struct carrier_fail *f)
{
	struct cp_http q = { 0 };
	struct cp_answer ans = { 0 };
	const char *hdrs[2];
	char url[512], pid[64];
	enum carrier_err e;

	snprintf(url, sizeof(url), "%s/ot/token", cp_base_url());
	q.method = "POST";
	q.url = url;
	q.accept = MT_REGISTRATION;
	q.content_type = MT_REGISTRATION;
	auth(&q, NULL, hdrs, pid, sizeof(pid));
	if ((e = cp_http_do(&q, &ans, f)) == CE_OK)
		e = cp_soa_parse_token(ans.body.data, ans.body.len, ans.status,
		    token, len, f);
	buf_free(&ans.body);
	return e;
}

static enum carrier_err
soa_reg_info(const char *token, struct carrier_registration *r,
    struct carrier_fail *f)
{
	struct cp_http q = { 0 };
	struct cp_answer ans = { 0 };
	const char *hdrs[2];
	char url[512], pid[64];
	enum carrier_err e;

	if (*token == '\0' || strlen(token) > 40 ||
	    strspn(token, "0123456789abcdefABCDEF-") != strlen(token)) {
		snprintf(f->message, sizeof(f->message), "not a token");
		return CE_UNEXPECTED;
	}
	snprintf(url, sizeof(url), "%s/ot/token/%s", cp_base_url(), token);
	q.method = "GET";
	q.url = url;
	q.accept = MT_REGISTRATION;
	auth(&q, NULL, hdrs, pid, sizeof(pid));
	if ((e = cp_http_do(&q, &ans, f)) == CE_OK)
		e = cp_soa_parse_merchant(ans.body.data, ans.body.len,
		    ans.status, r, f);
	buf_free(&ans.body);
	return e;
}

/* Get Customer Information: read-only, unbilled (group C, 730/min). */
static enum carrier_err
soa_check(const char *customer, struct carrier_fail *f)
{
	struct carrier_account a;
	struct carrier_info ci;

	memset(&a, 0, sizeof(a));
	if (customer == NULL)
		customer = cp_platform_id();
	if (customer == NULL) {
		snprintf(f->message, sizeof(f->message), "give a customer "
		    "number (--customer-number) or set "
		    "canadapost_platform_id");
		return CE_NOT_LINKED;
	}
	snprintf(a.customer_number, sizeof(a.customer_number), "%s",
	    customer);
	return soa_account(&a, &ci, f);
}

const struct cp_transport cp_soa = {
	"soa", soa_create_label, soa_track, soa_account, soa_reg_token,
	soa_reg_info, soa_check
};
