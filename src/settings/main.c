/* settings.fcgi -- the Notification settings tab. */
#include "returns/page.h"
#include "returns/server.h"

static enum rerr
settings_root(struct req *r)
{
	http_redirect(r, "/settings/notifications");
	return E_OK;
}

static enum rerr
notifications(struct req *r)
{
	struct page p;

	page_init(&p, r, "notifications.tpl", "notifications.title",
	    "settings");
	return page_send(&p, r, 200);
}

static const struct route routes[] = {
	{ M_GET, "/settings/", settings_root, ROUTE_AUTH },
	{ M_GET, "/settings/notifications", notifications, ROUTE_AUTH },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		.name = "settings", .routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
	};

	return server_main(argc, argv, &app);
}
