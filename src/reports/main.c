/* reports.fcgi -- the Returns tab: forecast, 12-month history, list. */
#include "returns/page.h"
#include "returns/server.h"

static enum rerr
returns_home(struct req *r)
{
	struct page p;

	page_init(&p, r, "returns.tpl", "returns.title", "returns");
	return page_send(&p, r, 200);
}

static const struct route routes[] = {
	{ M_GET, "/returns/", returns_home, ROUTE_AUTH },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		.name = "reports", .routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
	};

	return server_main(argc, argv, &app);
}
