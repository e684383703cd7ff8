/* curl_dl.h -- libcurl opened at its first use (dlopen), not linked.
 *
 * libcurl brings some thirty libraries of its own (TLS, Kerberos, LDAP,
 * SSH, IDN, HTTP/2...), about 1.4 MB resident in every worker that maps
 * them, while most workers never call out: only the label worker with
 * Canada Post's carrier, a carrier's link being checked, and the
 * notifier's SMTP do. Include this instead of <curl/curl.h>: the curl_*
 * calls below then go through the library loaded by the first of
 * curl_easy_init, curl_url, curl_slist_append, curl_easy_escape or
 * curl_global_init, which answer NULL (or CURLE_FAILED_INIT) when it
 * cannot be loaded; the others are only ever given what those made.
 * Thread-safe once loaded (the notifier loads it before its threads).
 * Private to src/lib. */
#ifndef RETURNS_CURL_DL_H
#define RETURNS_CURL_DL_H

#define CURL_DISABLE_TYPECHECK	/* curl_easy_setopt is ours below */
#include <curl/curl.h>

struct curl_dl {
	CURLcode	(*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	(*easy_getinfo)(CURL *, CURLINFO, ...);
};
extern struct curl_dl curl_dl;

CURLcode	 cdl_global_init(long);
void		 cdl_global_cleanup(void);
CURL		*cdl_easy_init(void);
void		 cdl_easy_cleanup(CURL *);
void		 cdl_easy_reset(CURL *);
CURLcode	 cdl_easy_perform(CURL *);
const char	*cdl_easy_strerror(CURLcode);
char		*cdl_easy_escape(CURL *, const char *, int);
void		 cdl_free(void *);
struct curl_slist *cdl_slist_append(struct curl_slist *, const char *);
void		 cdl_slist_free_all(struct curl_slist *);
CURLU		*cdl_url(void);
void		 cdl_url_cleanup(CURLU *);
CURLUcode	 cdl_url_get(const CURLU *, CURLUPart, char **, unsigned int);
CURLUcode	 cdl_url_set(CURLU *, CURLUPart, const char *, unsigned int);

#define curl_global_init	cdl_global_init
#define curl_global_cleanup	cdl_global_cleanup
#define curl_easy_init		cdl_easy_init
#define curl_easy_cleanup	cdl_easy_cleanup
#define curl_easy_reset		cdl_easy_reset
#define curl_easy_perform	cdl_easy_perform
#define curl_easy_strerror	cdl_easy_strerror
#define curl_easy_escape	cdl_easy_escape
#define curl_free		cdl_free
#define curl_slist_append	cdl_slist_append
#define curl_slist_free_all	cdl_slist_free_all
#define curl_url		cdl_url
#define curl_url_cleanup	cdl_url_cleanup
#define curl_url_get		cdl_url_get
#define curl_url_set		cdl_url_set
/* given a handle, which only a loaded library makes (curl.h defines
 * both as themselves when its type checks are off) */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_easy_setopt(...)	(curl_dl.easy_setopt(__VA_ARGS__))
#define curl_easy_getinfo(...)	(curl_dl.easy_getinfo(__VA_ARGS__))

#endif
