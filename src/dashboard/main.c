/* dashboard.fcgi -- the merchant's home: account pages, the Return
 * policies tab, the help page. */
#include "returns/page.h"
#include "returns/server.h"
#include "dashboard.h"

static enum rerr
home(struct req *r)
{
	http_redirect(r, r->sess.auth ? "/policies/" : "/account/login");
	return E_OK;
}

static enum rerr
policies(struct req *r)
{
	struct page p;

	page_init(&p, r, "policies.tpl", "policies.title", "policies");
	if (kv_get(&r->query, "welcome") != NULL)
		tdict_show(p.body, "WELCOME");
	return page_send(&p, r, 200);
}

static enum rerr
help(struct req *r)
{
	struct page p;

	page_init(&p, r, "help.tpl", "help.title", NULL);
	return page_send(&p, r, 200);
}

static const struct route routes[] = {
	{ M_GET, "/", home, 0 },
	{ M_GET, "/healthz", server_healthz, ROUTE_BARE },
	{ M_GET, "/account/signup", signup_get, 0 },
	{ M_POST, "/account/signup", signup_post, 0 },
	{ M_GET, "/account/login", login_get, 0 },
	{ M_POST, "/account/login", login_post, 0 },
	{ M_POST, "/account/logout", logout_post, 0 },
	{ M_GET, "/account/password", password_get, ROUTE_AUTH },
	{ M_POST, "/account/password", password_post, ROUTE_AUTH },
	{ M_GET, "/account/profile", profile_get, ROUTE_AUTH },
	{ M_POST, "/account/profile", profile_post, ROUTE_AUTH },
	{ M_GET, "/policies/", policies, ROUTE_AUTH },
	{ M_GET, "/help", help, 0 },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		"dashboard", routes, sizeof(routes) / sizeof(routes[0])
	};

	return server_main(argc, argv, &app);
}
