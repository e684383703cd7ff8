/* i18n.h -- message catalogues, French and English (web layer).
 *
 * One catalogue file per language (src/i18n/en.txt, fr.txt): lines
 * "key = text", '#' comments, UTF-8. Loaded once at start-up; strings live
 * until exit. Both catalogues must have the same keys (i18n_load refuses
 * otherwise, and a unit test checks it).
 */
#ifndef RETURNS_I18N_H
#define RETURNS_I18N_H

#include <stddef.h>

#include "returns/err.h"

enum lang { LANG_EN, LANG_FR, LANG__MAX };

/* Loads <dir>/en.txt and <dir>/fr.txt. On failure writes why into
 * err[errlen] and returns R_INVALID (or R_SYS when a file is missing). */
enum rerr	 i18n_load(const char *dir, char *err, size_t errlen);
/* The text for key, or the key itself when missing (never NULL). */
const char	*i18n_get(enum lang, const char *key);
/* 1 when the key exists in the catalogue. */
int		 i18n_has(enum lang, const char *key);
const char	*lang_code(enum lang);		/* "en" / "fr" */
/* "en" or "fr" (case-insensitive) -> 0 and *out; else -1. */
int		 lang_parse(const char *, enum lang *out);
/* Picks fr or en from an Accept-Language header by q-value; LANG_EN when
 * the header is NULL or names neither. */
enum lang	 lang_from_accept(const char *);
/* Number of keys and the i-th key (sorted), for tests and tools. */
size_t		 i18n_count(enum lang);
const char	*i18n_key(enum lang, size_t i);

#endif
