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

#endif
