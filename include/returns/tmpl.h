/* tmpl.h -- C interface to Google's ctemplate (web layer).
 *
 * The only C++ in the project is src/lib/tmpl.cc behind this header.
 * tmpl_load() reads every *.tpl of a directory once at start-up, refuses a
 * template that does not begin with {{%AUTOESCAPE context="HTML"}} or
 * that ctemplate cannot parse, and keeps one text per language with every
 * [[catalogue.key]] replaced by the HTML-escaped catalogue text: language
 * costs nothing per request. A template is parsed at its first expansion
 * in each process (a worker holds only the templates it uses).
 * Values set in dictionaries are escaped by ctemplate's auto-escape.
 *
 * A struct tdict is a ctemplate TemplateDictionary. Dictionaries returned
 * by tdict_add_section / tdict_add_include belong to their parent; free
 * only the root with tdict_free().
 */
#ifndef RETURNS_TMPL_H
#define RETURNS_TMPL_H

#include "returns/buf.h"
#include "returns/err.h"
#include "returns/i18n.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tdict;

/* Needs i18n_load() first. */
enum rerr	 tmpl_load(const char *dir, char *err, size_t errlen);
/* Both, from a share directory: share/i18n, then share/templates (what
 * every executable does at start-up). */
enum rerr	 tmpl_load_share(const char *share, char *err, size_t errlen);
/* Checks a template's text the same way tmpl_load does (tests use it). */
int		 tmpl_has_autoescape(const char *text);

struct tdict	*tdict_new(void);
void		 tdict_free(struct tdict *);
/* Copies key and value. */
void		 tdict_set(struct tdict *, const char *key, const char *val);
/* val must live until the dictionary is expanded. */
void		 tdict_set_nocopy(struct tdict *, const char *key,
		    const char *val);
void		 tdict_set_int(struct tdict *, const char *key, long long);
/* Template-global: seen by this dictionary and every included template. */
void		 tdict_set_global(struct tdict *, const char *key,
		    const char *val);
void		 tdict_show(struct tdict *, const char *section);
struct tdict	*tdict_add_section(struct tdict *, const char *section);
struct tdict	*tdict_add_include(struct tdict *, const char *name,
		    const char *tpl, enum lang);
/* Expands template `tpl` (file name, e.g. "login.tpl") in language l,
 * appending to out. E_NOTFOUND when no such template was loaded. */
enum rerr	 tdict_expand(struct tdict *, const char *tpl, enum lang,
		    struct buf *out);

#ifdef __cplusplus
}
#endif

#endif
