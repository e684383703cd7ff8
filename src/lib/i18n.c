/* i18n.c -- see include/returns/i18n.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "returns/i18n.h"
#include "returns/valid.h"

struct msg {
	char	*key;
	char	*text;
};

static struct {
	struct msg	*v;
	size_t		 n;
} cat[LANG__MAX];

static const char *codes[LANG__MAX] = { "en", "fr" };

const char *
lang_code(enum lang l)
{
	return codes[l];
}

int
lang_parse(const char *s, enum lang *out)
{
	for (int i = 0; i < LANG__MAX; i++)
		if (s != NULL && strcasecmp(s, codes[i]) == 0) {
			*out = (enum lang)i;
			return 0;
		}
	return -1;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(((const struct msg *)a)->key,
	    ((const struct msg *)b)->key);
}

static enum rerr
load_one(const char *dir, enum lang l, char *err, size_t errlen)
{
	char path[4096], line[4096];
	FILE *f;
	int lineno = 0;
	size_t cap = 0;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, codes[l]);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return E_SYS;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *k, *eq, *t;

		lineno++;
		k = trim_blanks(line);
		if (*k == '#' || *k == '\0')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: missing '='", path, lineno);
			fclose(f);
			return E_INVALID;
		}
		*eq = '\0';
		k = trim_blanks(k);
		t = trim_blanks(eq + 1);
		if (!utf8_valid(t, strlen(t))) {
			snprintf(err, errlen, "%s:%d: not UTF-8", path, lineno);
			fclose(f);
			return E_INVALID;
		}
		if (cat[l].n == cap) {
			cap = cap ? cap * 2 : 256;
			cat[l].v = realloc(cat[l].v, cap * sizeof(struct msg));
			if (cat[l].v == NULL)
				abort();
		}
		cat[l].v[cat[l].n].key = strdup(k);
		cat[l].v[cat[l].n].text = strdup(t);
		cat[l].n++;
	}
	fclose(f);
	qsort(cat[l].v, cat[l].n, sizeof(struct msg), cmp);
	for (size_t i = 1; i < cat[l].n; i++)
		if (strcmp(cat[l].v[i - 1].key, cat[l].v[i].key) == 0) {
			snprintf(err, errlen, "%s: duplicate key %s", path,
			    cat[l].v[i].key);
			return E_INVALID;
		}
	return E_OK;
}

enum rerr
i18n_load(const char *dir, char *err, size_t errlen)
{
	enum rerr e;

	for (int l = 0; l < LANG__MAX; l++)
		if ((e = load_one(dir, (enum lang)l, err, errlen)) != E_OK)
			return e;
	/* same keys in every catalogue (both sorted) */
	for (size_t i = 0; i < cat[0].n || i < cat[1].n; i++) {
		const char *a = i < cat[0].n ? cat[0].v[i].key : "";
		const char *b = i < cat[1].n ? cat[1].v[i].key : "";
		if (strcmp(a, b) != 0) {
			snprintf(err, errlen, "catalogues differ near key "
			    "'%s' (en) / '%s' (fr)", a, b);
			return E_INVALID;
		}
	}
	return E_OK;
}

static const struct msg *
find(enum lang l, const char *key)
{
	struct msg k = { (char *)key, NULL };

	if (cat[l].n == 0)
		return NULL;
	return bsearch(&k, cat[l].v, cat[l].n, sizeof(struct msg), cmp);
}

const char *
i18n_get(enum lang l, const char *key)
{
	const struct msg *m = find(l, key);

	return m ? m->text : key;
}

int
i18n_has(enum lang l, const char *key)
{
	return find(l, key) != NULL;
}

size_t
i18n_count(enum lang l)
{
	return cat[l].n;
}

const char *
i18n_key(enum lang l, size_t i)
{
	return i < cat[l].n ? cat[l].v[i].key : NULL;
}

enum lang
lang_from_accept(const char *h)
{
	enum lang best = LANG_EN;
	double bestq = -1;

	if (h == NULL)
		return LANG_EN;
	while (*h) {
		char tag[16];
		size_t n = 0;
		double q = 1.0;
		enum lang l;

		while (*h == ' ' || *h == ',')
			h++;
		while (*h && *h != ',' && *h != ';' && *h != ' ' &&
		    n < sizeof(tag) - 1)
			tag[n++] = *h++;
		tag[n] = '\0';
		if (tag[0] && tag[1] && (tag[2] == '-' || tag[2] == '\0'))
			tag[2] = '\0';
		while (*h == ' ')
			h++;
		if (*h == ';') {
			const char *qp = strstr(h, "q=");
			const char *next = strchr(h, ',');
			if (qp != NULL && (next == NULL || qp < next))
				q = strtod(qp + 2, NULL);
		}
		if (lang_parse(tag, &l) == 0 && q > bestq && q > 0) {
			best = l;
			bestq = q;
		}
		while (*h && *h != ',')
			h++;
	}
	return best;
}
