/* test_policy -- the policy state machine, ownership, link tokens,
 * suspension and lifting, on a real SQLite file. */
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
#include "returns/payment.h"
#include "returns/policy.h"
#include "returns/schema.h"
#include "returns/secret.h"

#define NOW	1795651200	/* 2026-11-26 */

static char dir[64];
static struct db *db;
static struct arena A;
static int64_t mid1, uid1, mid2, uid2;

static void
merchant(const char *email, int64_t *uid, int64_t *mid)
{
	struct account a;

	assert_int_equal(account_create(db, "M", email, "long enough pw",
	    "en", "America/Toronto", NOW, uid), E_OK);
	assert_int_equal(account_get(db, *uid, &a), E_OK);
	*mid = a.merchant_id;
}

static int
setup(void **state)
{
	char path[128];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/returns-unit-pol-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	if (secret_load(path) != E_OK)
		return -1;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	if (schema_open(path, &db) != E_OK)
		return -1;
	merchant("one@example.com", &uid1, &mid1);
	merchant("two@example.com", &uid2, &mid2);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	db_close(db);
	arena_free(&A);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct policy
sample(int64_t mid)
{
	struct policy p;

	memset(&p, 0, sizeof(p));
	p.merchant_id = mid;
	p.name = "Main";
	p.channel = "both";
	p.service = "regular";
	p.company = "Co";
	p.contact = "Ann";
	p.line1 = "1 Main";
	p.line2 = "";
	p.city = "Ottawa";
	p.province = "ON";
	p.postal = "K1A 0B1";
	p.order_q_en = "";
	p.order_q_fr = "";
	p.label_format = "letter";
	p.instructions_en = "";
	p.instructions_fr = "";
	return p;
}

static void
state_machine(void **state)
{
	(void)state;
	/* merchants */
	assert_true(policy_can(POL_INACTIVE, ACT_ACTIVATE, BY_MERCHANT));
	assert_false(policy_can(POL_SUSPENDED, ACT_ACTIVATE, BY_MERCHANT));
	assert_false(policy_can(POL_ACTIVE, ACT_ACTIVATE, BY_MERCHANT));
	assert_true(policy_can(POL_ACTIVE, ACT_DEACTIVATE, BY_MERCHANT));
	assert_false(policy_can(POL_SUSPENDED, ACT_DEACTIVATE, BY_MERCHANT));
	assert_true(policy_can(POL_SUSPENDED, ACT_DELETE, BY_MERCHANT));
	assert_true(policy_can(POL_SUSPENDED, ACT_EDIT, BY_MERCHANT));
	assert_false(policy_can(POL_ACTIVE, ACT_SUSPEND, BY_MERCHANT));
	assert_false(policy_can(POL_SUSPENDED, ACT_LIFT, BY_MERCHANT));
	/* billing */
	assert_true(policy_can(POL_ACTIVE, ACT_SUSPEND, BY_BILLING));
	assert_false(policy_can(POL_INACTIVE, ACT_SUSPEND, BY_BILLING));
	assert_true(policy_can(POL_SUSPENDED, ACT_LIFT, BY_BILLING));
	assert_false(policy_can(POL_ACTIVE, ACT_DELETE, BY_BILLING));
	/* nobody touches a deleted policy */
	for (int a = ACT_ACTIVATE; a <= ACT_LIFT; a++) {
		assert_false(policy_can(POL_DELETED, a, BY_MERCHANT));
		assert_false(policy_can(POL_DELETED, a, BY_BILLING));
	}
	assert_int_equal(policy_after(POL_ACTIVE, ACT_SUSPEND), POL_SUSPENDED);
	assert_int_equal(policy_after(POL_SUSPENDED, ACT_LIFT), POL_ACTIVE);
	assert_int_equal(policy_after(POL_INACTIVE, ACT_DELETE), POL_DELETED);
}

static void
create_own_and_link(void **state)
{
	struct policy p = sample(mid1), got, byt;
	char tok[POLICY_LINK_HEX + 1], tok2[POLICY_LINK_HEX + 1], biz[64];

	(void)state;
	assert_int_equal(policy_create(db, uid1, &p, NOW, &A), E_OK);
	assert_int_equal(strlen(p.number), 8);
	assert_memory_equal(p.number, "PR", 2);
	assert_int_equal(strspn(p.number + 2, "0123456789"), 6);
	assert_int_equal(policy_get(db, mid1, p.number, &A, &got), E_OK);
	assert_string_equal(got.name, "Main");
	/* another merchant sees nothing */
	assert_int_equal(policy_get(db, mid2, p.number, &A, &got), E_NOTFOUND);
	/* the link is stable and finds the policy */
	assert_int_equal(policy_link_token(&got, tok), E_OK);
	assert_int_equal(policy_link_token(&got, tok2), E_OK);
	assert_string_equal(tok, tok2);
	assert_int_equal(policy_by_token(db, tok, &A, &byt, biz, sizeof(biz)),
	    E_OK);
	assert_string_equal(byt.number, p.number);
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	assert_int_equal(policy_by_token(db, tok, &A, &byt, biz, sizeof(biz)),
	    E_NOTFOUND);
	assert_int_equal(policy_by_token(db, "../../etc", &A, &byt, biz,
	    sizeof(biz)), E_NOTFOUND);
}

static void
activation_needs_payment_and_suspension_follows_it(void **state)
{
	struct policy p = sample(mid1), got;
	struct card_info ci = { CARD_VISA, "1111", 12, 2030 };
	const char *why;
	int n;

	(void)state;
	assert_int_equal(policy_create(db, uid1, &p, NOW, &A), E_OK);
	assert_int_equal(policy_act(db, mid1, uid1, p.number, ACT_DEACTIVATE,
	    NOW, &why), E_OK);
	/* no payment method: cannot activate */
	assert_int_equal(policy_act(db, mid1, uid1, p.number, ACT_ACTIVATE,
	    NOW, &why), E_DENIED);
	assert_string_equal(why, "policy.err.payment");
	assert_int_equal(payment_add_card(db, mid1, uid1, &ci, "tok_test_x",
	    false, NOW), E_OK);
	assert_int_equal(policy_act(db, mid1, uid1, p.number, ACT_ACTIVATE,
	    NOW, &why), E_OK);
	/* another merchant cannot act on it */
	assert_int_equal(policy_act(db, mid2, uid2, p.number, ACT_DELETE, NOW,
	    &why), E_NOTFOUND);
	/* the card expires: billing check suspends, lift refuses */
	assert_int_equal(billing_check(db, 1924992000 /* 2031 */, &n), E_OK);
	assert_true(n >= 1);
	assert_int_equal(policy_get(db, mid1, p.number, &A, &got), E_OK);
	assert_int_equal(got.status, POL_SUSPENDED);
	assert_string_equal(got.suspended_reason, "card_expired");
	/* the suspended list: its merchant's (the dashboard's banner),
	 * nobody else's, and every merchant's (returnsctl) */
	{
		struct suspension *s;
		size_t ns, found = 0;

		assert_int_equal(billing_list(db, mid1, &A, &s, &ns), E_OK);
		for (size_t i = 0; i < ns; i++) {
			assert_int_equal(s[i].merchant_id, mid1);
			if (i > 0)
				assert_true(strcmp(s[i - 1].number,
				    s[i].number) < 0);
			found += strcmp(s[i].number, p.number) == 0;
		}
		assert_int_equal(found, 1);
		assert_int_equal(billing_list(db, mid2, &A, &s, &ns), E_OK);
		for (size_t i = 0; i < ns; i++)
			assert_int_equal(s[i].merchant_id, mid2);
		assert_int_equal(billing_list(db, 0, &A, &s, &ns), E_OK);
		for (size_t i = found = 0; i < ns; i++)
			found += strcmp(s[i].number, p.number) == 0;
		assert_int_equal(found, 1);
	}
	assert_int_equal(policy_act(db, mid1, uid1, p.number, ACT_ACTIVATE,
	    NOW, &why), E_DENIED);
	assert_string_equal(why, "policy.err.suspended");
	assert_int_equal(billing_lift(db, p.number, 0, 1924992000, &why, &n),
	    E_DENIED);
	assert_string_equal(why, "card_expired");
	/* at a time the card is valid, the lift works */
	assert_int_equal(billing_lift(db, p.number, 0, NOW, &why, &n), E_OK);
	assert_int_equal(n, 1);
	assert_int_equal(policy_get(db, mid1, p.number, &A, &got), E_OK);
	assert_int_equal(got.status, POL_ACTIVE);
}

static void
delete_is_final(void **state)
{
	struct policy p = sample(mid1), got;
	char tok[POLICY_LINK_HEX + 1], biz[64];
	const char *why;

	(void)state;
	assert_int_equal(policy_create(db, uid1, &p, NOW, &A), E_OK);
	assert_int_equal(policy_link_token(&p, tok), E_OK);
	assert_int_equal(policy_act(db, mid1, uid1, p.number, ACT_DELETE, NOW,
	    &why), E_OK);
	assert_int_equal(policy_get(db, mid1, p.number, &A, &got), E_NOTFOUND);
	assert_int_equal(policy_act(db, mid1, uid1, p.number, ACT_ACTIVATE,
	    NOW, &why), E_NOTFOUND);
	/* the link still resolves, to say the policy is gone */
	assert_int_equal(policy_by_token(db, tok, &A, &got, biz, sizeof(biz)),
	    E_OK);
	assert_int_equal(got.status, POL_DELETED);
}

static void
edits_are_recorded(void **state)
{
	struct policy p = sample(mid1), n;
	struct policy_event *ev;
	size_t cnt;

	(void)state;
	assert_int_equal(policy_create(db, uid1, &p, NOW, &A), E_OK);
	n = sample(mid1);
	n.service = "xpresspost";
	n.city = "Gatineau";
	assert_int_equal(policy_update(db, uid1, p.number, &n, NOW + 5, &A),
	    E_OK);
	assert_int_equal(policy_history(db, mid1, p.number, &A, &ev, &cnt),
	    E_OK);
	assert_int_equal(cnt, 2);
	assert_string_equal(ev[0].action, "edited");
	assert_string_equal(ev[0].detail, "service,address");
	assert_string_equal(ev[0].who, "one@example.com");
	/* another merchant cannot edit it */
	n.merchant_id = mid2;
	assert_int_equal(policy_update(db, uid2, p.number, &n, NOW, &A),
	    E_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(state_machine),
		cmocka_unit_test(create_own_and_link),
		cmocka_unit_test(activation_needs_payment_and_suspension_follows_it),
		cmocka_unit_test(delete_is_final),
		cmocka_unit_test(edits_are_recorded),
	};

	return cmocka_run_group_tests_name("policy", tests, setup, teardown);
}
