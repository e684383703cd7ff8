/* dashboard.h -- handlers of dashboard.fcgi (private to it). */
#ifndef DASHBOARD_H
#define DASHBOARD_H

#include "returns/http.h"

enum rerr	signup_get(struct req *);
enum rerr	signup_post(struct req *);
enum rerr	login_get(struct req *);
enum rerr	login_post(struct req *);
enum rerr	logout_post(struct req *);
enum rerr	password_get(struct req *);
enum rerr	password_post(struct req *);
enum rerr	profile_get(struct req *);
enum rerr	profile_post(struct req *);
enum rerr	logo_post(struct req *);
enum rerr	logo_remove_post(struct req *);
enum rerr	logo_get(struct req *);

enum rerr	payment_get(struct req *);
enum rerr	payment_card_post(struct req *);
enum rerr	payment_contract_post(struct req *);
enum rerr	payment_default_post(struct req *);
enum rerr	payment_remove_post(struct req *);
enum rerr	payment_link_post(struct req *);
enum rerr	payment_linked_get(struct req *);
enum rerr	payment_check_post(struct req *);

enum rerr	confirm_get(struct req *);
enum rerr	confirm_post(struct req *);
enum rerr	forgot_get(struct req *);
enum rerr	forgot_post(struct req *);
enum rerr	reset_get(struct req *);
enum rerr	reset_post(struct req *);

enum rerr	policies_list(struct req *);
enum rerr	policy_new_get(struct req *);
enum rerr	policy_new_post(struct req *);
enum rerr	policy_view(struct req *);
enum rerr	policy_edit_get(struct req *);
enum rerr	policy_edit_post(struct req *);
enum rerr	policy_activate(struct req *);
enum rerr	policy_deactivate(struct req *);
enum rerr	policy_delete_get(struct req *);
enum rerr	policy_delete_post(struct req *);
enum rerr	policy_qr(struct req *);

#endif
