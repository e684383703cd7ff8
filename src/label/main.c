/* label.fcgi -- the customer's side, reached through a policy's direct
 * return link (/r/<token>), without an account. */
#include <string.h>

#include "returns/page.h"
#include "returns/policy.h"
#include "returns/server.h"

static enum rerr
return_page(struct req *r)
{
	struct policy p;
	struct page pg;
	char business[256];
	enum rerr e;
	const char *instr;

	e = policy_by_token(r->db, r->args[0], r->arena, &p, business,
	    sizeof(business));
	if (e == E_NOTFOUND || (e == E_OK && !policy_has_link(&p))) {
		page_error(r, 404, "label.notfound");
		return E_OK;
	}
	if (e != E_OK)
		return e;
	if (p.status == POL_DELETED) {
		page_error(r, 410, "label.gone");
		return E_OK;
	}
	page_init(&pg, r, "return.tpl", "label.title", "public");
	tdict_set(pg.body, "business", business);
	if (p.status != POL_ACTIVE) {
		tdict_show(pg.body, "UNAVAILABLE");
		return page_send(&pg, r, 200);
	}
	instr = r->lang == LANG_FR ? p.instructions_fr : p.instructions_en;
	if (*instr == '\0')
		instr = r->lang == LANG_FR ? p.instructions_en :
		    p.instructions_fr;
	{
		struct tdict *a = tdict_add_section(pg.body, "AVAILABLE");
		tdict_set(a, "number", p.number);
		tdict_set(a, "service", T_(r, arena_printf(r->arena,
		    "service.%s", p.service)));
		if (*instr)
			tdict_set(tdict_add_section(a, "INSTRUCTIONS"),
			    "instructions", instr);
	}
	return page_send(&pg, r, 200);
}

static const struct route routes[] = {
	{ M_GET, "/r/{}", return_page, 0 },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		"label", routes, sizeof(routes) / sizeof(routes[0])
	};

	return server_main(argc, argv, &app);
}
