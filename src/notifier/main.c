/* returns-notifier -- sends the email outbox over SMTP and queues the
 * daily summaries.
 *
 *	returns-notifier [-c CONFIG] [-d DB] [-R SHAREDIR] [--once]
 *	    [--now UNIX]
 *
 * From the configuration (config.h): smtp_url (smtp:// with STARTTLS, or
 * smtps://; plain SMTP only to a loopback server), smtp_user and its
 * password file, mail_from, base_url (the site's public address for
 * links).
 * Emails are rendered when sent, from the rows' references, so no link
 * token is ever stored. A 5xx answer fails an email for good; anything
 * else retries with exponential backoff. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "returns/account.h"
#include "returns/calendar.h"
#include "returns/carrier.h"
#include "returns/config.h"
#include "returns/i18n.h"
#include "returns/labeldoc.h"
#include "returns/log.h"
#include "returns/mail.h"
#include "returns/metrics.h"
#include "returns/notify.h"
#include "returns/schema.h"
#include "returns/secret.h"
#include "returns/shipment.h"
#include "returns/status.h"
#include "returns/tmpl.h"

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct msg {
	struct tdict	*d;
	struct buf	 text;
	enum lang	 l;
};

static void
msg_para(struct msg *m, const char *s)
{
	tdict_set(tdict_add_section(m->d, "para"), "text", s);
	buf_puts(&m->text, s);
	buf_puts(&m->text, "\n\n");
}

static void
msg_link(struct msg *m, const char *label, const char *url)
{
	struct tdict *l = tdict_add_section(m->d, "LINK");

	tdict_set(l, "label", label);
	tdict_set(l, "url", url);
	/* French puts a no-break space before the colon */
	buf_printf(&m->text, "%s%s:\n%s\n\n", label,
	    m->l == LANG_FR ? "\xc2\xa0" : "", url);
}

/* The shop's contact as the customer's pages say it (page.c's
 * T_contact): "{shop}", "{email}", "{phone}" in the catalogue's text. */
static const char *
shop_contact(enum lang l, const char *shop, const char *email,
    const char *phone, struct arena *a)
{
	const char *t = i18n_get(l, *email && *phone ? "shop.contact_both" :
	    *email ? "shop.contact_email" : "shop.contact_phone");
	struct buf b = { 0 };
	const char *out;

	while (*t) {
		if (strncmp(t, "{shop}", 6) == 0) {
			buf_puts(&b, shop);
			t += 6;
		} else if (strncmp(t, "{email}", 7) == 0) {
			buf_puts(&b, email);
			t += 7;
		} else if (strncmp(t, "{phone}", 7) == 0) {
			buf_puts(&b, phone);
			t += 7;
		} else
			buf_putc(&b, *t++);
	}
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* "{n}" -> n, "{s}" -> s, in a catalogue text. */
static const char *
fmt(struct arena *a, enum lang l, const char *key, const char *s, long n)
{
	const char *t = i18n_get(l, key);
	struct buf b = { 0 };
	const char *out;

	while (*t) {
		if (strncmp(t, "{s}", 3) == 0) {
			buf_puts(&b, s ? s : "");
			t += 3;
		} else if (strncmp(t, "{n}", 3) == 0) {
			buf_printf(&b, "%ld", n);
			t += 3;
		} else
			buf_putc(&b, *t++);
	}
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* SMTP replies that refuse the sender's credentials (RFC 4954: 530
 * authentication required, 534 mechanism too weak, 535 credentials
 * invalid, 538 encryption required; 454 temporary authentication
 * failure): the configuration is at fault, not the email. */
static bool
smtp_config_refused(int code)
{
	return code == 530 || code == 534 || code == 535 || code == 538 ||
	    code == 454;
}

/* After such a refusal, or a server that cannot be reached, the next
 * try (seconds). */
#define PAUSE_AFTER_AUTH	60
#define PAUSE_AFTER_CONNECT	30

/* The emails that carry a link for one use. */
static bool
is_link_mail(const char *kind)
{
	return strcmp(kind, "reset") == 0 || strcmp(kind, "confirm") == 0 ||
	    strcmp(kind, "rcpt_confirm") == 0;
}

/* Renders one outbox row into subject, text and html. E_NOTFOUND for a
 * link email whose link is no longer valid. */
static enum rerr
render(struct db *db, const struct outmail *om, const char *base,
    int64_t now, struct arena *a, const char **subject, char *business, size_t blen,
    struct buf *text, struct buf *html, struct mail_attach *att,
    struct buf *file, char reply_to[256])
{
	struct shipment s;
	struct policy p;
	struct msg m;
	char tz[64], dl[SHIP_DL_HEX + 1];
	const char *contact = NULL;
	enum rerr e = E_OK;
	/* the kind, once: about a return (its shipment and policy are
	 * loaded) or about the merchant */
	const bool label = strcmp(om->kind, "label") == 0;
	const bool customer = strcmp(om->kind, "customer_event") == 0;
	const bool event = strcmp(om->kind, "event") == 0;

	memset(&m, 0, sizeof(m));
	memset(&s, 0, sizeof(s));
	memset(&p, 0, sizeof(p));
	if (lang_parse(om->lang, &m.l) != 0)
		m.l = LANG_EN;
	m.d = tdict_new();
	tdict_set_global(m.d, "LANG", lang_code(m.l));
	tdict_set_global(m.d, "ACCENT", "#b3171f");	/* style.css --brand */
	if (label || customer || event) {
		if ((e = shipment_by_id(db, om->ref, a, &s, &p, business,
		    blen)) != E_OK)
			goto out;
	} else if ((e = notify_merchant(db, om->merchant_id, business, blen,
	    tz, sizeof(tz))) != E_OK)
		goto out;
	tdict_set(m.d, "business", business);

	/* to a customer: replies go to the shop's customer service, and
	 * the email says how to reach it */
	if (label || customer) {
		struct shop sh;
		const char *logo;

		if (account_support(db, s.merchant_id, &sh) != E_OK)
			memset(&sh, 0, sizeof(sh));
		snprintf(reply_to, 256, "%s", sh.email);
		if (*sh.email || *sh.phone)
			contact = arena_printf(a, "%s", shop_contact(m.l, business,
			    sh.email, sh.phone, a));
		/* the shop's colour and logo (served from our own path) */
		if (*sh.accent)
			tdict_set_global(m.d, "ACCENT", sh.accent);
		if ((logo = account_shop_path(a, s.merchant_id, &sh, true))
		    != NULL)
			tdict_set(tdict_add_section(m.d, "SHOP_LOGO"), "logo",
			    arena_printf(a, "%s%s", base, logo));
	}
	if (label) {
		bool qr = strcmp(s.method, "qr") == 0;
		bool attached = false;

		if ((e = shipment_dl_token(&s, dl)) != E_OK)
			goto out;
		/* the label itself, attached while it can still be used */
		if (!qr && s.status == SH_CREATED &&
		    !shipment_expired(&s, now)) {
			enum rerr le = labeldoc_pdf(db, &s, &p, m.l, a, file);

			if (le == E_OK && file->len > 0) {
				att->filename = labeldoc_filename(m.l,
				    s.tracking, a);
				att->type = "application/pdf";
				att->data = file->data;
				att->len = file->len;
				attached = true;
			} else
				log_warn(NULL, "outbox %lld: the label could "
				    "not be attached: %s", (long long)om->id,
				    rerr_str(le));
		}
		*subject = fmt(a, m.l, qr ?
		    "mail.label.subject_qr" : "mail.label.subject", business,
		    0);
		msg_para(&m, fmt(a, m.l, "mail.label.intro", business, 0));
		msg_para(&m, fmt(a, m.l, "mail.tracking", s.tracking, 0));
		msg_para(&m, i18n_get(m.l, qr ? "mail.label.next_qr" :
		    attached ? "mail.label.next_attached" :
		    "mail.label.next"));
		{
			const char *instr = m.l == LANG_FR ?
			    p.instructions_fr : p.instructions_en;
			if (*instr)
				msg_para(&m, instr);
		}
		msg_link(&m, i18n_get(m.l, "mail.label.link"),
		    arena_printf(a, "%s/r/t/%s", base, dl));
		if (contact != NULL)
			msg_para(&m, contact);
	} else if (customer) {
		if ((e = shipment_dl_token(&s, dl)) != E_OK)
			goto out;
		*subject = fmt(a, m.l, arena_printf(a, "mail.cust.%s",
		    om->event), business, 0);
		msg_para(&m, *subject);
		msg_para(&m, fmt(a, m.l, "mail.tracking", s.tracking, 0));
		msg_link(&m, i18n_get(m.l, "mail.cust.link"),
		    arena_printf(a, "%s/r/t/%s", base, dl));
		if (contact != NULL)
			msg_para(&m, contact);
	} else if (event) {
		*subject = fmt(a, m.l, arena_printf(a, "mail.event.%s",
		    om->event), s.tracking, 0);
		msg_para(&m, *subject);
		msg_para(&m, fmt(a, m.l, "mail.event.who", s.name, 0));
		msg_para(&m, fmt(a, m.l, "mail.event.policy", p.number, 0));
		msg_link(&m, i18n_get(m.l, "mail.event.link"),
		    arena_printf(a, "%s/returns/%s", base, s.tracking));
	} else if (strcmp(om->kind, "summary") == 0) {
		int c[NOTIFY_EVENTS];
		static const char *const count_keys[NOTIFY_EVENTS] = {
			"mail.summary.accepted", "mail.summary.exception",
			"mail.summary.delivered", "mail.summary.created" };
		/* in the order of a return's life */
		static const int order[NOTIFY_EVENTS] = { 3, 0, 1, 2 };
		struct sum_event *ev;
		size_t nev;
		int total = 0;

		if ((e = summary_of(db, om->merchant_id, om->recipient_id, tz,
		    om->day, a, c, &ev, &nev)) != E_OK)
			goto out;
		*subject = fmt(a, m.l, "mail.summary.subject", om->day, 0);
		msg_para(&m, fmt(a, m.l, "mail.summary.intro", om->day, 0));
		/* the counts of the events the recipient chose */
		for (int i = 0; i < NOTIFY_EVENTS; i++) {
			int k = order[i];

			if (c[k] > 0) {
				msg_para(&m, fmt(a, m.l, count_keys[k], NULL,
				    c[k]));
				total += c[k];
			}
		}
		/* then the events themselves, by time */
		if (nev > 0) {
			struct tdict *t = tdict_add_section(m.d, "EVENTS");

			tdict_set(t, "h_time", i18n_get(m.l, "mail.summary.time"));
			tdict_set(t, "h_tracking", i18n_get(m.l,
			    "mail.summary.tracking"));
			tdict_set(t, "h_customer", i18n_get(m.l,
			    "mail.summary.customer"));
			tdict_set(t, "h_event", i18n_get(m.l,
			    "mail.summary.event"));
			for (size_t i = 0; i < nev; i++) {
				struct tdict *r = tdict_add_section(t, "ev");
				const char *full = tz_format(a, ev[i].at, tz,
				    true);
				const char *when = strlen(full) == 16 ?
				    full + 11 : full;	/* HH:MM */
				const char *what = i18n_get(m.l, arena_printf(a,
				    "rstatus.%s", ev[i].type));

				tdict_set(r, "time", when);
				tdict_set(r, "tracking", ev[i].tracking);
				tdict_set(r, "customer", ev[i].name);
				tdict_set(r, "event", what);
				tdict_set(r, "policy", ev[i].policy);
				buf_printf(&m.text, "%s  %s  %s (%s) -- %s\n",
				    when, ev[i].tracking, what, ev[i].policy,
				    ev[i].name);
			}
			buf_puts(&m.text, "\n");
			if ((size_t)total > nev)
				msg_para(&m, fmt(a, m.l, "mail.summary.more",
				    NULL, total - (long)nev));
		}
		msg_link(&m, i18n_get(m.l, "mail.event.link"),
		    arena_printf(a, "%s/returns/", base));
	} else if (strcmp(om->kind, "limit") == 0) {
		/* a policy reached its daily limit (its number in event) */
		*subject = fmt(a, m.l, "mail.limit.subject", om->event, 0);
		msg_para(&m, *subject);
		msg_para(&m, i18n_get(m.l, "mail.limit.text"));
		msg_link(&m, i18n_get(m.l, "mail.limit.link"),
		    arena_printf(a, "%s/policies/%s", base, om->event));
	} else if (strcmp(om->kind, "reset") == 0 ||
	    strcmp(om->kind, "confirm") == 0) {
		char tok[RESET_TOKEN_HEX + 1];
		const char *k = om->kind;

		/* the link is made now, from the secret: the outbox keeps
		 * only the link's id */
		if ((e = account_link_token(db, om->ref, now, tok)) != E_OK)
			goto out;
		*subject = i18n_get(m.l, arena_printf(a, "mail.%s.subject", k));
		msg_para(&m, fmt(a, m.l, arena_printf(a, "mail.%s.intro", k),
		    om->to, 0));
		msg_link(&m, i18n_get(m.l, arena_printf(a, "mail.%s.link", k)),
		    arena_printf(a, "%s/account/%s/%s", base, k, tok));
		msg_para(&m, i18n_get(m.l, arena_printf(a, "mail.%s.ignore",
		    k)));
	} else if (strcmp(om->kind, "rcpt_confirm") == 0) {
		char tok[RCPT_TOKEN_MAX];

		/* confirmed or removed meanwhile: nothing to send */
		if ((e = recipient_confirm_token(db, om->recipient_id, tok))
		    != E_OK)
			goto out;
		*subject = fmt(a, m.l, "mail.rconfirm.subject", business, 0);
		msg_para(&m, fmt(a, m.l, "mail.rconfirm.intro", business, 0));
		msg_link(&m, i18n_get(m.l, "mail.rconfirm.link"),
		    arena_printf(a, "%s/settings/confirm/%s", base, tok));
		msg_para(&m, i18n_get(m.l, "mail.rconfirm.ignore"));
	} else if (strcmp(om->kind, "exists") == 0) {
		/* someone signed up with an address that has an account */
		*subject = i18n_get(m.l, "mail.exists.subject");
		msg_para(&m, fmt(a, m.l, "mail.exists.intro", om->to, 0));
		msg_link(&m, i18n_get(m.l, "mail.exists.login"),
		    arena_printf(a, "%s/account/login", base));
		msg_link(&m, i18n_get(m.l, "mail.exists.forgot"),
		    arena_printf(a, "%s/account/forgot", base));
		msg_para(&m, i18n_get(m.l, "mail.exists.ignore"));
	} else if (strcmp(om->kind, "test") == 0) {
		*subject = i18n_get(m.l, "mail.test.subject");
		msg_para(&m, i18n_get(m.l, "mail.test.text"));
	} else {
		log_err(NULL, "outbox %lld: unknown kind %s",
		    (long long)om->id, om->kind);
		e = E_INVALID;
		goto out;
	}
	tdict_set(m.d, "title", *subject);
	if ((e = tdict_expand(m.d, "mail.tpl", m.l, html)) != E_OK)
		goto out;
	buf_puts(text, "-- \n");
	buf_puts(text, i18n_get(m.l, "mail.footer"));
	buf_puts(text, "\n");
	{
		/* the text body starts with the title */
		struct buf t = { 0 };
		buf_printf(&t, "%s\n\n%s", *subject, m.text.data ?
		    m.text.data : "");
		buf_append(&t, text->data, text->len);
		buf_reset(text);
		buf_append(text, t.data, t.len);
		buf_free(&t);
	}
out:
	buf_free(&m.text);
	tdict_free(m.d);
	return e;
}

/* Sends what is due; returns how many were sent. When the server
 * refuses our credentials or cannot be reached, sets *pause_until and
 * why (the configuration is at fault, not the email). */
static int
drain(struct db *db, const struct smtp_conf *smtp, const char *from,
    const char *base, const char *host, int64_t now, int64_t *pause_until,
    char *pwhy, size_t pwhylen)
{
	struct outmail om;
	struct arena a = { 0 };
	int sent = 0;

	bool paused = false;

	while (!stop && !paused && outbox_claim(db, now, &om) == E_OK) {
		struct buf text = { 0 }, html = { 0 }, raw = { 0 }, file = { 0 };
		struct mail_attach att = { NULL, NULL, NULL, 0 };
		char reply_to[256] = "";
		char business[256] = "", err[256] = "";
		const char *subject = "";
		struct mail m;
		int code = 0;
		enum rerr e;

		e = render(db, &om, base, now, &a, &subject, business,
		    sizeof(business), &text, &html, &att, &file, reply_to);
		if (e == E_OK) {
			memset(&m, 0, sizeof(m));
			m.from_name = business;
			m.from_addr = from;
			m.to_addr = om.to;
			m.reply_to = reply_to;
			m.subject = subject;
			m.text = text.data;
			m.html = html.data;
			m.date = now;
			m.msgid_host = host;
			if (att.len > 0) {
				m.attach = &att;
				m.nattach = 1;
			}
			e = mail_build(&m, &raw);
		}
		if (e == E_NOTFOUND && is_link_mail(om.kind)) {
			/* its link was used or ended meanwhile (a second
			 * reset email, a recipient that confirmed): nothing
			 * to send */
			outbox_forget(db, om.id);
			log_info(NULL, "outbox %lld: %s no longer needed",
			    (long long)om.id, om.kind);
		} else if (e != E_OK) {
			/* cannot be built (a bad address): never will be */
			outbox_failed_attempt(db, &om, true,
			    "the email could not be built", now);
			metrics_add(MT_MAIL_FAILED, 1);
			log_err(NULL, "outbox %lld: cannot build: %s",
			    (long long)om.id, rerr_str(e));
		} else if (mail_send(smtp, from, om.to, &raw, &code, err,
		    sizeof(err)) == E_OK) {
			outbox_sent(db, om.id, now);
			metrics_add(MT_MAIL_SENT, 1);
			sent++;
			log_info(NULL, "outbox %lld: %s sent", (long long)om.id,
			    om.kind);
		} else if (smtp_config_refused(code) || code == 0) {
			/* the server refuses our credentials, or no server
			 * answered: a fault of the configuration (or of the
			 * network), not of this email. Nothing is marked
			 * failed; sending pauses. */
			char why[300];
			bool auth = code != 0;

			if (auth)
				snprintf(why, sizeof(why), "SMTP authentication "
				    "refused (%d %s); check smtp_user and "
				    "smtp_password_file", code, err);
			else
				snprintf(why, sizeof(why), "no SMTP server "
				    "answered (%s); check smtp_url", err);
			*pause_until = now + (auth ? PAUSE_AFTER_AUTH :
			    PAUSE_AFTER_CONNECT);
			/* due again at once: the pause is this process's
			 * (a restart after a fix tries at once) */
			outbox_release(db, om.id, now, why);
			log_err(NULL, "%s: sending paused for %d s, nothing "
			    "marked failed", why, auth ? PAUSE_AFTER_AUTH :
			    PAUSE_AFTER_CONNECT);
			snprintf(pwhy, pwhylen, "%s", why);
			paused = true;
		} else {
			bool permanent = code >= 500 && code < 600;
			char why[300];
			snprintf(why, sizeof(why), "%d %s", code, err);
			outbox_failed_attempt(db, &om, permanent, why, now);
			if (permanent)
				metrics_add(MT_MAIL_FAILED, 1);
			log_warn(NULL, "outbox %lld: %s (%s)", (long long)om.id,
			    permanent ? "failed for good" : "will retry", why);
		}
		buf_free(&text);
		buf_free(&html);
		buf_free(&raw);
		buf_free(&file);
		arena_reset(&a);
	}
	arena_free(&a);
	return sent;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct smtp_conf smtp;
	const char *from, *base;
	char host[256], err[512];
	int64_t fixed_now = 0;
	const char *conf = NULL;
	bool once = false;
	struct db *db;
	int ch, queued, noted = -1;	/* the state last noted: 1 ok, 0 paused */
	int64_t pause_until = 0;
	char why[300];

	log_init("returns-notifier");
	while ((ch = getopt_long(argc, argv, "c:d:R:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': conf = optarg; break;
		case 'd': config_set_db_path(optarg); break;
		case 'R': config_set_share_dir(optarg); break;
		case 'o': once = true; break;
		case 'n': fixed_now = strtoll(optarg, NULL, 10); break;
		case 'h':
			printf("usage: returns-notifier [-c CONFIG] [-d DB] "
			    "[-R SHAREDIR] "
			    "[--once] [--now UNIX]\n"
			    "Sends the email outbox and queues the daily "
			    "summaries (at 07:00, merchant time).\n"
			    "--once: one pass, then exit (cron, tests); "
			    "--now: pretend it is this time (tests).\n"
			    "Environment: RETURNS_SMTP_URL, RETURNS_SMTP_USER, "
			    "RETURNS_SMTP_PASSWORD,\nRETURNS_MAIL_FROM, "
			    "RETURNS_BASE_URL.\n");
			return 0;
		default:
			return 2;
		}
	}
	if (config_load(conf, err, sizeof(err)) != E_OK ||
	    config_check_env(err, sizeof(err)) != E_OK ||
	    carrier_init(err, sizeof(err)) != E_OK) {
		log_err(NULL, "configuration: %s", err);
		return 1;
	}
	/* an installed site says how it sends mail: no hidden defaults */
	if (config_check_mail(err, sizeof(err)) != E_OK) {
		log_err(NULL, "configuration: %s", err);
		return 1;
	}
	memset(&smtp, 0, sizeof(smtp));
	smtp.url = config_smtp_url();
	smtp.user = config_smtp_user();
	smtp.password = config_smtp_password();
	smtp.timeout_s = 30;
	from = config_mail_from();
	base = config_base_url_trimmed();
	{
		const char *h = strstr(base, "://");
		h = h ? h + 3 : base;
		snprintf(host, sizeof(host), "%.*s", (int)strcspn(h, ":/"), h);
	}

	if (tmpl_load_share(config_share_dir(), err, sizeof(err)) != E_OK) {
		log_err(NULL, "%s", err);
		return 1;
	}
	metrics_open("notifier");
	if (schema_attach(config_db_path(), &db, err, sizeof(err)) != E_OK) {
		log_err(NULL, "%s", err);
		return 1;
	}
	if (secret_load(config_secret_path()) != E_OK) {
		log_err(NULL, "cannot load the secret key %s",
		    config_secret_path());
		db_close(db);
		return 1;
	}
	mail_init();
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	outbox_recover(db, fixed_now ? fixed_now : (int64_t)time(NULL), 600);
	do {
		int64_t now = fixed_now ? fixed_now : (int64_t)time(NULL);

		if (summaries_due(db, now, &queued) == E_OK && queued)
			log_info(NULL, "%d daily summaries queued", queued);
		if (now >= pause_until) {
			why[0] = '\0';
			drain(db, &smtp, from, base, host, now, &pause_until,
			    why, sizeof(why));
			/* `returnsctl status` reads the state; written when
			 * it changes */
			if (why[0] != '\0')
				status_note(db, "notifier", false, why, now);
			else if (noted != 1)
				status_note(db, "notifier", true, "", now);
			noted = why[0] != '\0' ? 0 : 1;
		}
		if (!once)
			sleep(1);	/* a new account waits for its link */
	} while (!once && !stop);
	mail_cleanup();
	db_close(db);
	return 0;
}
