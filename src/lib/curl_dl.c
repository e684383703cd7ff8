/* curl_dl.c -- see curl_dl.h. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "curl_dl.h"
#include "returns/log.h"
#include "dl.h"

struct curl_dl curl_dl;

static struct {
	CURLcode	(*global_init)(long);
	void		(*global_cleanup)(void);
	CURL		*(*easy_init)(void);
	void		(*easy_cleanup)(CURL *);
	void		(*easy_reset)(CURL *);
	CURLcode	(*easy_perform)(CURL *);
	const char	*(*easy_strerror)(CURLcode);
	char		*(*easy_escape)(CURL *, const char *, int);
	void		(*free)(void *);
	struct curl_slist *(*slist_append)(struct curl_slist *,
			    const char *);
	void		(*slist_free_all)(struct curl_slist *);
	CURLU		*(*url)(void);
	void		(*url_cleanup)(CURLU *);
	CURLUcode	(*url_get)(const CURLU *, CURLUPart, char **,
			    unsigned int);
	CURLUcode	(*url_set)(CURLU *, CURLUPart, const char *,
			    unsigned int);
} fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool loaded;

static void
load(void)
{
	const struct dl_sym syms[] = {
		DL_SYM(fn.global_init, "curl_global_init"),
		DL_SYM(fn.global_cleanup, "curl_global_cleanup"),
		DL_SYM(fn.easy_init, "curl_easy_init"),
		DL_SYM(fn.easy_cleanup, "curl_easy_cleanup"),
		DL_SYM(fn.easy_reset, "curl_easy_reset"),
		DL_SYM(fn.easy_perform, "curl_easy_perform"),
		DL_SYM(fn.easy_strerror, "curl_easy_strerror"),
		DL_SYM(fn.easy_escape, "curl_easy_escape"),
		DL_SYM(fn.free, "curl_free"),
		DL_SYM(fn.slist_append, "curl_slist_append"),
		DL_SYM(fn.slist_free_all, "curl_slist_free_all"),
		DL_SYM(fn.url, "curl_url"),
		DL_SYM(fn.url_cleanup, "curl_url_cleanup"),
		DL_SYM(fn.url_get, "curl_url_get"),
		DL_SYM(fn.url_set, "curl_url_set"),
		DL_SYM(curl_dl.easy_setopt, "curl_easy_setopt"),
		DL_SYM(curl_dl.easy_getinfo, "curl_easy_getinfo"),
		{ NULL, NULL }
	};

	if (!dl_open("libcurl.so.4", syms, "libcurl"))
		return;
	/* what curl_easy_init would do on its own, but once, here */
	if (fn.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err(NULL, "libcurl: curl_global_init failed");
		return;
	}
	loaded = true;
}

static bool
ready(void)
{
	pthread_once(&once, load);
	return loaded;
}

CURLcode
cdl_global_init(long flags)
{
	(void)flags;	/* load() initialised it, with the defaults */
	return ready() ? CURLE_OK : CURLE_FAILED_INIT;
}

void
cdl_global_cleanup(void)
{
	if (loaded)
		fn.global_cleanup();
}

CURL *
cdl_easy_init(void)
{
	return ready() ? fn.easy_init() : NULL;
}

void
cdl_easy_cleanup(CURL *h)
{
	if (loaded && h != NULL)
		fn.easy_cleanup(h);
}

void
cdl_easy_reset(CURL *h)
{
	if (loaded && h != NULL)
		fn.easy_reset(h);
}

CURLcode
cdl_easy_perform(CURL *h)
{
	return loaded ? fn.easy_perform(h) : CURLE_FAILED_INIT;
}

const char *
cdl_easy_strerror(CURLcode rc)
{
	return loaded ? fn.easy_strerror(rc) : "libcurl could not be loaded";
}

char *
cdl_easy_escape(CURL *h, const char *s, int n)
{
	return ready() ? fn.easy_escape(h, s, n) : NULL;
}

void
cdl_free(void *p)
{
	if (loaded && p != NULL)
		fn.free(p);
}

struct curl_slist *
cdl_slist_append(struct curl_slist *l, const char *s)
{
	return ready() ? fn.slist_append(l, s) : NULL;
}

void
cdl_slist_free_all(struct curl_slist *l)
{
	if (loaded && l != NULL)
		fn.slist_free_all(l);
}

CURLU *
cdl_url(void)
{
	return ready() ? fn.url() : NULL;
}

void
cdl_url_cleanup(CURLU *u)
{
	if (loaded && u != NULL)
		fn.url_cleanup(u);
}

CURLUcode
cdl_url_get(const CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
	if (!loaded || u == NULL) {
		*part = NULL;
		return CURLUE_BAD_HANDLE;
	}
	return fn.url_get(u, what, part, flags);
}

CURLUcode
cdl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
	if (!loaded || u == NULL)
		return CURLUE_BAD_HANDLE;
	return fn.url_set(u, what, part, flags);
}
