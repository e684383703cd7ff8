/* page.h -- HTML pages in the application's layout (web layer).
 *
 *	struct page p;
 *	page_init(&p, r, "login.tpl", "login.title", NULL);
 *	tdict_set(p.body, "email", value);
 *	return page_send(&p, r, 200);
 *
 * The layout (layout.tpl) is the root template; the page's own template is
 * included as BODY. Values the layout and every partial need (language,
 * CSRF token, who is logged in) are template globals.
 */
#ifndef RETURNS_PAGE_H
#define RETURNS_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/calendar.h"
#include "returns/http.h"
#include "returns/tmpl.h"

struct page {
	struct tdict	*root;
	struct tdict	*body;	/* the page template's dictionary */
	const char	*lang_form;	/* see page_lang_form() */
	bool		 shop;		/* see page_shop() */
};

/* tab: "returns", "policies", "settings", NULL (no tab highlighted), or
 * "public" for the customer's pages (no merchant navigation). */
void		 page_init(struct page *, struct req *, const char *tpl,
		    const char *title_key, const char *tab);
struct shop;
/* A customer's page: the shop's name (or its logo) in the header and the
 * tab's title, its colour (a stylesheet of its own), and its contact
 * (email, phone; "" when not given) in the footer, instead of the
 * operator's. */
void		 page_shop(struct page *, struct req *, const char *name,
		    int64_t merchant_id, const struct shop *);
/* A return reason as kept (policy.h: a catalogue code, or the merchant's
 * own words "c:EN<TAB>FR") in the request's language. */
const char	*T_reason(struct req *, const char *kept);
/* The shop's contact as a sentence ("" when neither is given). */
const char	*T_contact(struct req *, const char *name, const char *email,
		    const char *phone);
/* The header's language switch sends the form of this id (its fields
 * with switch_lang=1, to the page's URL with ?lang=xx) instead of
 * following a link: what was typed survives the switch. */
void		 page_lang_form(struct page *, const char *form_id);
/* Renders, answers with `status` and frees the dictionaries. */
enum rerr	 page_send(struct page *, struct req *, int status);
/* An error page in the user's language: status, and the catalogue key of
 * the explanation. */
void		 page_error(struct req *, int status, const char *msg_key);
/* Text of a catalogue key in the request's language. */
const char	*T_(struct req *, const char *key);
/* T_ of "<prefix>.<id>" (service.regular, rstatus.delivered ...), the key
 * joined without printf: a list page asks for hundreds. */
const char	*T_of(struct req *, const char *prefix, const char *id);
/* The same with "{n}" replaced by n (allocated from the request), in
 * the plural form for n: the catalogue's "<key>.one" when n is singular in
 * the language (English 1, French 0 and 1) and that key exists. */
const char	*T_n(struct req *, const char *key, long n);
/* The message with "{name}" replaced by value (from the arena). */
const char	*T_s(struct req *, const char *key, const char *name,
		    const char *value);
/* The same on a message already in hand (from T_n, T_s...). */
const char	*T_subst(struct req *, const char *msg, const char *name,
		    const char *value);
/* A weight for people: "1.5 kg", "1 kg"; "1,5 kg" in French (from the
 * arena). */
const char	*T_kg(struct req *, int grams);
/* A calendar day in words: "January 3, 2027" / "3 janvier 2027". */
const char	*T_ymd(struct req *, struct ymd);
/* A day in words, for customers: "January 3, 2027" / "3 janvier 2027"
 * ("1er" the first of a month in French), the day of unix time t in
 * zone tz; "" for 0. */
const char	*T_date(struct req *, int64_t t, const char *tz);

#endif
