/* test_carrier -- the Canada Post connector's pure parts: the request it
 * builds, the answers it reads (success, <messages>, wrong namespace),
 * the mappings of event codes, time zones and error codes; and a
 * merchant's link with its sealed API key on a real SQLite file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/account.h"
#include "returns/carrier_link.h"
#include "returns/schema.h"
#include "returns/secret.h"
#include "returns/tracking.h"
#include "carrier_cp.h"

#define NOW	1795651200	/* 2026-11-26 */
#define S(x)	(x), strlen(x)

static void
event_codes(void **state)
{
	(void)state;
	assert_int_equal(cp_event_type("1496"), EV_DELIVERED);
	assert_int_equal(cp_event_type("1442"), EV_DELIVERED);
	assert_int_equal(cp_event_type("1401"), EV_ACCEPTED);
	assert_int_equal(cp_event_type("0100"), EV_ACCEPTED);
	assert_int_equal(cp_event_type("1415"), EV_EXCEPTION);
	assert_int_equal(cp_event_type("0174"), EV_IN_TRANSIT);
	assert_int_equal(cp_event_type("9999"), EV_IN_TRANSIT);
	assert_int_equal(cp_event_type("20"), -1);	/* signature image */
	assert_int_equal(cp_event_type("14x"), EV_IN_TRANSIT);
}

static void
event_times(void **state)
{
	int64_t at;
	int off;

	(void)state;
	/* 2026-11-26 14:03 EST = 19:03 UTC */
	assert_true(cp_event_time("2026-11-26", "14:03:00", "EST", &at, &off));
	assert_int_equal(at, NOW + 19 * 3600 + 3 * 60);
	assert_int_equal(off, -5 * 3600);
	assert_true(cp_event_time("2026-11-26", "140300", "NST", &at, &off));
	assert_int_equal(off, -(3 * 3600 + 1800));
	assert_int_equal(at, NOW + 14 * 3600 + 3 * 60 + 3 * 3600 + 1800);
	assert_true(cp_event_time("2026-11-26", "", "", &at, &off));
	assert_int_equal(at, NOW);
	assert_false(cp_event_time("2026-02-30", "10:00:00", "EST", &at, &off));
	assert_false(cp_event_time("26-11-2026", "10:00:00", "EST", &at, &off));
	assert_false(cp_event_time("2026-11-26", "25:00:00", "EST", &at, &off));
}

static void
classify(void **state)
{
	struct carrier_fail f;

	(void)state;
	assert_int_equal(cp_classify(401, "E002", "AAA Authentication Failure",
	    &f), CE_AUTH);
	assert_int_equal(cp_classify(403, "AA006", "", &f), CE_NOT_LINKED);
	assert_int_equal(cp_classify(503, "Server", "Rejected by SLM Monitor",
	    &f), CE_RATE_LIMITED);
	assert_int_equal(cp_classify(429, "", "", &f), CE_RATE_LIMITED);
	assert_int_equal(cp_classify(400, "1653", "x", &f), CE_STANDING);
	assert_int_equal(cp_classify(400, "9174", "x", &f), CE_NO_PAYMENT);
	assert_int_equal(cp_classify(400, "9120", "x", &f), CE_SERVICE);
	assert_int_equal(cp_classify(404, "004", "No Pin History", &f),
	    CE_NO_HISTORY);
	assert_int_equal(cp_classify(400, "Server", "/authorized-return/"
	    "returner/domestic-address/postal-code: cvc-pattern-valid", &f),
	    CE_ADDRESS);
	assert_string_equal(f.field, "postal");
	assert_string_equal(f.carrier_code, "Server");
	assert_int_equal(cp_classify(400, "Server", "/authorized-return/"
	    "returner/domestic-address/address-line-2: too long", &f),
	    CE_ADDRESS);
	assert_string_equal(f.field, "line2");
	assert_int_equal(cp_classify(400, "Server", "something else", &f),
	    CE_UNEXPECTED);
	assert_int_equal(cp_classify(502, "", "", &f), CE_UNREACHABLE);
	assert_int_equal(cp_classify(500, "", "", &f), CE_UNEXPECTED);
}

static void
build_return(void **state)
{
	struct carrier_label_req r;
	struct buf b = { 0 };

	(void)state;
	memset(&r, 0, sizeof(r));
	r.service = "expedited";
	r.format = "4x6";
	r.returner = (struct carrier_addr){ "Zoë <&> \"O'Neil\"", NULL,
	    "1 A St", "", "Montréal", "QC", "h2x 1y4" };
	r.receiver = (struct carrier_addr){ "Returns", "Shop", "2 B St",
	    "Unit 5", "Ottawa", "ON", "K1A0B1" };
	r.weight_g = 1500;
	r.ref1 = "PR123456 RA-ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ";
	r.ref2 = "";
	assert_int_equal(cp_soa_build_return(&r, "42708517", &b), CE_OK);
	assert_non_null(strstr(b.data, "<authorized-return xmlns=\"http://"
	    "www.canadapost.ca/ws/authreturn-v2\">"));
	assert_non_null(strstr(b.data, "<service-code>DOM.EP</service-code>"));
	assert_non_null(strstr(b.data, "<name>Zoë &lt;&amp;&gt; \"O'Neil\""
	    "</name>"));
	assert_non_null(strstr(b.data, "<postal-code>H2X1Y4</postal-code>"));
	assert_non_null(strstr(b.data, "<weight>1.500</weight>"));
	assert_non_null(strstr(b.data, "<output-format>4x6</output-format>"));
	assert_non_null(strstr(b.data, "<settlement-info><contract-id>"
	    "42708517</contract-id></settlement-info>"));
	assert_non_null(strstr(b.data, "<address-line-2>Unit 5"));
	assert_null(strstr(b.data, "<customer-ref-2>"));
	/* 35 characters, cut between two of them */
	assert_non_null(strstr(b.data, "<customer-ref-1>PR123456 RA-"
	    "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ</customer-ref-1>"));
	buf_free(&b);
	r.service = "teleport";
	assert_int_equal(cp_soa_build_return(&r, "", &b), CE_SERVICE);
	r.service = "regular";
	assert_int_equal(cp_soa_build_return(&r, "", &b), CE_OK);
	assert_null(strstr(b.data, "settlement-info"));
	buf_free(&b);
}

static void
parse_answers(void **state)
{
	struct cp_return_info ri;
	struct carrier_fail f;
	struct carrier_event *ev;
	struct carrier_info ci;
	struct carrier_registration reg;
	char tok[64];
	size_t n;
	const char *ok_return =
	    "<?xml version=\"1.0\"?><x:authorized-return-info "
	    "xmlns:x=\"http://www.canadapost.ca/ws/authreturn-v2\">"
	    "<x:tracking-pin>1234567890123456</x:tracking-pin><x:links>"
	    "<x:link rel=\"self\" href=\"https://h/a\"/>"
	    "<x:link rel=\"returnLabel\" href=\"https://h/ers/artifact/u/1/0\" "
	    "media-type=\"application/pdf\" index=\"0\"/></x:links>"
	    "</x:authorized-return-info>";
	const char *other_ns =
	    "<authorized-return-info xmlns=\"urn:other\"><tracking-pin>"
	    "1234567890123456</tracking-pin></authorized-return-info>";
	const char *msgs =
	    "<messages xmlns=\"http://www.canadapost.ca/ws/messages\">"
	    "<message><code>9174</code><description>No default credit card"
	    "</description></message></messages>";
	const char *track =
	    "<tracking-detail xmlns=\"http://www.canadapost.ca/ws/track\">"
	    "<pin>1234567890123456</pin><significant-events>"
	    "<occurrence><event-identifier>1496</event-identifier>"
	    "<event-date>2026-11-27</event-date><event-time>10:00:00"
	    "</event-time><event-time-zone>EST</event-time-zone>"
	    "<event-description>Delivered</event-description>"
	    "<event-site>OTTAWA</event-site><event-province>ON"
	    "</event-province></occurrence>"
	    "<occurrence><event-identifier>20</event-identifier>"
	    "<event-date>2026-11-27</event-date><event-time>10:00:01"
	    "</event-time></occurrence>"
	    "<occurrence><event-identifier>1401</event-identifier>"
	    "<event-date>2026-11-26</event-date><event-time>09:00:00"
	    "</event-time><event-time-zone>EST</event-time-zone>"
	    "</occurrence></significant-events></tracking-detail>";
	const char *cust =
	    "<customer xmlns=\"http://www.canadapost.ca/ws/customer\">"
	    "<customer-number>2004381</customer-number><contracts>"
	    "<contract-id>42708517</contract-id></contracts>"
	    "<authorized-payers><payer><payer-number>2004381</payer-number>"
	    "<methods-of-payment><method-of-payment>CreditCard"
	    "</method-of-payment></methods-of-payment></payer>"
	    "</authorized-payers></customer>";
	const char *mi =
	    "<merchant-info xmlns=\"http://www.canadapost.ca/ws/merchant/"
	    "registration\"><customer-number>2004381</customer-number>"
	    "<merchant-username>u</merchant-username><merchant-password>p"
	    "</merchant-password><has-default-credit-card>true"
	    "</has-default-credit-card></merchant-info>";
	const char *token = "<token xmlns=\"http://www.canadapost.ca/ws/"
	    "merchant/registration\"><token-id>1111111111111111</token-id>"
	    "</token>";
	const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY e "
	    "SYSTEM \"file:///etc/passwd\">]><token xmlns=\"http://www."
	    "canadapost.ca/ws/merchant/registration\"><token-id>&e;"
	    "</token-id></token>";

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(cp_soa_parse_return(S(ok_return), 200, &ri, &f), CE_OK);
	assert_string_equal(ri.pin, "1234567890123456");
	assert_string_equal(ri.label_href, "https://h/ers/artifact/u/1/0");
	assert_string_equal(ri.label_type, "application/pdf");
	assert_int_equal(cp_soa_parse_return(S(other_ns), 200, &ri, &f),
	    CE_UNEXPECTED);
	assert_int_equal(cp_soa_parse_return(S(msgs), 400, &ri, &f),
	    CE_NO_PAYMENT);
	assert_string_equal(f.carrier_code, "9174");
	assert_int_equal(cp_soa_parse_return(S(ok_return), 500, &ri, &f),
	    CE_UNEXPECTED);
	assert_int_equal(cp_soa_parse_return(S("not xml"), 200, &ri, &f),
	    CE_UNEXPECTED);
	assert_int_equal(cp_soa_parse_track(S(track), 200, &ev, &n, &f), CE_OK);
	assert_int_equal(n, 2);		/* code 20 is no movement */
	assert_int_equal(ev[0].type, EV_DELIVERED);
	assert_string_equal(ev[0].location, "OTTAWA ON");
	assert_string_equal(ev[0].description, "Delivered");
	assert_int_equal(ev[1].type, EV_ACCEPTED);
	free(ev);
	assert_int_equal(cp_soa_parse_customer(S(cust), 200, &ci, &f), CE_OK);
	assert_string_equal(ci.contract_number, "42708517");
	assert_true(ci.has_card);
	assert_int_equal(cp_soa_parse_merchant(S(mi), 200, &reg, &f), CE_OK);
	assert_string_equal(reg.customer_number, "2004381");
	assert_string_equal(reg.api_password, "p");
	assert_true(reg.has_card);
	assert_int_equal(cp_soa_parse_token(S(token), 200, tok, sizeof(tok),
	    &f), CE_OK);
	assert_string_equal(tok, "1111111111111111");
	/* an external entity is never fetched nor expanded */
	assert_int_not_equal(cp_soa_parse_token(S(xxe), 200, tok, sizeof(tok),
	    &f), CE_OK);
	assert_null(strstr(tok, "root"));
}

static void
parse_portal(void **state)
{
	struct carrier_event *ev;
	struct carrier_fail f;
	char tok[128];
	long exp;
	size_t n;
	const char *t = "{\"token_type\":\"Bearer\",\"access_token\":\"abc\","
	    "\"expires_in\":28800,\"scope\":\"merchant\"}";
	const char *d = "{\"pin\":\"1234567890123456\",\"activeExists\":true,"
	    "\"archiveExists\":false,\"significantEvents\":[{"
	    "\"eventIdentifier\":\"1496\",\"eventDate\":\"2026-11-27\","
	    "\"eventTime\":\"10:00:00\",\"eventTimeZone\":\"EST\","
	    "\"eventDescription\":\"Delivered\",\"eventSite\":\"OTTAWA\","
	    "\"eventProvince\":\"ON\"}]}";
	const char *e = "{\"title\":\"Not Found\",\"errors\":[{\"errorCode\":"
	    "\"004\",\"message\":\"No Pin History\"}]}";

	(void)state;
	assert_int_equal(cp_portal_parse_token(S(t), 200, tok, sizeof(tok),
	    &exp, &f), CE_OK);
	assert_string_equal(tok, "abc");
	assert_int_equal(exp, 28800);
	assert_int_equal(cp_portal_parse_token(S("{\"httpCode\":\"401\"}"), 401,
	    tok, sizeof(tok), &exp, &f), CE_AUTH);
	assert_int_equal(cp_portal_parse_track(S(d), 200, &ev, &n, &f), CE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].type, EV_DELIVERED);
	free(ev);
	assert_int_equal(cp_portal_parse_track(S(e), 404, &ev, &n, &f),
	    CE_NO_HISTORY);
	free(ev);
}

static void
sealed_link(void **state)
{
	char dir[64], path[128], cmd[400];
	struct db *db;
	struct account a;
	struct carrier_link l;
	int64_t uid1, uid2, m1, m2;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/returns-unit-cp-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	assert_int_equal(secret_load(path), E_OK);
	snprintf(path, sizeof(path), "%s/r.db", dir);
	assert_int_equal(schema_open(path, &db), E_OK);
	assert_int_equal(account_create(db, "A", "a@example.com",
	    "long enough pw", "en", "America/Toronto", NOW, &uid1), E_OK);
	assert_int_equal(account_get(db, uid1, &a), E_OK);
	m1 = a.merchant_id;
	assert_int_equal(account_create(db, "B", "b@example.com",
	    "long enough pw", "en", "America/Toronto", NOW, &uid2), E_OK);
	assert_int_equal(account_get(db, uid2, &a), E_OK);
	m2 = a.merchant_id;
	assert_int_equal(carrier_link_get(db, m1, &l), E_NOTFOUND);
	assert_int_equal(carrier_link_set(db, m1, "2004381", "42708517",
	    "api-user", "api-secret-xyz", NOW), E_OK);
	assert_int_equal(carrier_link_get(db, m1, &l), E_OK);
	assert_true(l.own_key);
	assert_string_equal(l.acct.api_user, "api-user");
	assert_string_equal(l.acct.api_password, "api-secret-xyz");
	assert_int_equal(l.checked_at, 0);
	/* one merchant per customer number */
	assert_int_equal(carrier_link_set(db, m2, "2004381", "", NULL, NULL,
	    NOW), E_EXISTS);
	assert_int_equal(carrier_link_set(db, m2, "3000001", "", NULL, NULL,
	    NOW), E_OK);
	assert_int_equal(carrier_link_get(db, m2, &l), E_OK);
	assert_false(l.own_key);
	/* the key is not in the file in clear, and is bound to its merchant:
	 * moved to another merchant it does not open */
	snprintf(cmd, sizeof(cmd), "grep -q api-secret-xyz %s/r.db %s/r.db-wal"
	    " 2>/dev/null", dir, dir);
	assert_int_not_equal(system(cmd), 0);
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE carrier_accounts "
	    "SET api_key = (SELECT api_key FROM carrier_accounts WHERE "
	    "customer_number = '2004381') WHERE customer_number = '3000001'",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(carrier_link_get(db, m2, &l), E_OK);
	assert_false(l.own_key);
	assert_string_equal(l.acct.api_user, "");
	db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(event_codes),
		cmocka_unit_test(event_times),
		cmocka_unit_test(classify),
		cmocka_unit_test(build_return),
		cmocka_unit_test(parse_answers),
		cmocka_unit_test(parse_portal),
		cmocka_unit_test(sealed_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
