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
help(struct req *r)
{
	struct page p;

	page_init(&p, r, "help.tpl", "help.title", NULL);
	return page_send(&p, r, 200);
}

static const struct route routes[] = {
	{ M_GET, "/", home, 0 },
	{ M_GET, "/healthz", server_healthz, ROUTE_BARE },
	{ M_GET, "/metrics", server_metrics, ROUTE_BARE },
	{ M_GET, "/account/signup", signup_get, 0 },
	{ M_POST, "/account/signup", signup_post, 0 },
	{ M_GET, "/account/login", login_get, 0 },
	{ M_POST, "/account/login", login_post, 0 },
	{ M_POST, "/account/logout", logout_post, 0 },
	{ M_GET, "/account/confirm/{}", confirm_get, 0 },
	{ M_POST, "/account/confirm/{}", confirm_post, 0 },
	{ M_GET, "/account/forgot", forgot_get, 0 },
	{ M_POST, "/account/forgot", forgot_post, 0 },
	{ M_GET, "/account/reset/{}", reset_get, 0 },
	{ M_POST, "/account/reset/{}", reset_post, 0 },
	{ M_GET, "/account/password", password_get, ROUTE_AUTH },
	{ M_POST, "/account/password", password_post, ROUTE_AUTH },
	{ M_GET, "/account/profile", profile_get, ROUTE_AUTH },
	{ M_POST, "/account/profile", profile_post, ROUTE_AUTH },
	{ M_POST, "/account/profile/logo", logo_post,
	    ROUTE_AUTH | ROUTE_UPLOAD },
	{ M_POST, "/account/profile/logo/remove", logo_remove_post, ROUTE_AUTH },
	{ M_GET, "/account/profile/logo.png", logo_get, ROUTE_AUTH },
	{ M_GET, "/account/payment", payment_get, ROUTE_AUTH },
	{ M_POST, "/account/payment/card", payment_card_post, ROUTE_AUTH },
	{ M_POST, "/account/payment/link", payment_link_post, ROUTE_AUTH },
	{ M_GET, "/account/payment/linked", payment_linked_get, ROUTE_AUTH },
	{ M_POST, "/account/payment/check", payment_check_post, ROUTE_AUTH },
	{ M_POST, "/account/payment/contract", payment_contract_post,
	    ROUTE_AUTH },
	{ M_POST, "/account/payment/cards/{}/default", payment_default_post,
	    ROUTE_AUTH },
	{ M_POST, "/account/payment/cards/{}/remove", payment_remove_post,
	    ROUTE_AUTH },
	{ M_GET, "/policies/", policies_list, ROUTE_AUTH },
	{ M_GET, "/policies/new", policy_new_get, ROUTE_AUTH },
	{ M_POST, "/policies/new", policy_new_post, ROUTE_AUTH },
	{ M_GET, "/policies/{}", policy_view, ROUTE_AUTH },
	{ M_GET, "/policies/{}/edit", policy_edit_get, ROUTE_AUTH },
	{ M_POST, "/policies/{}/edit", policy_edit_post, ROUTE_AUTH },
	{ M_POST, "/policies/{}/activate", policy_activate, ROUTE_AUTH },
	{ M_POST, "/policies/{}/deactivate", policy_deactivate, ROUTE_AUTH },
	{ M_GET, "/policies/{}/delete", policy_delete_get, ROUTE_AUTH },
	{ M_POST, "/policies/{}/delete", policy_delete_post, ROUTE_AUTH },
	{ M_GET, "/policies/{}/qr.svg", policy_qr, ROUTE_AUTH },
	{ M_GET, "/help", help, 0 },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		.name = "dashboard", .routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
	};

	return server_main(argc, argv, &app);
}
