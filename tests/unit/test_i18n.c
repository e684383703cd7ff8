/* test_i18n -- catalogues have the same keys, every template escapes,
 * every [[key]] of a template exists, language negotiation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "returns/i18n.h"
#include "returns/tmpl.h"

#define SHARE RETURNS_SHAREDIR

static void
catalogues_have_the_same_keys(void **state)
{
	char err[512] = "";

	(void)state;
	assert_int_equal(i18n_load(SHARE "/i18n", err, sizeof(err)), E_OK);
	assert_true(i18n_count(LANG_EN) > 50);
	assert_int_equal(i18n_count(LANG_EN), i18n_count(LANG_FR));
	for (size_t i = 0; i < i18n_count(LANG_EN); i++)
		assert_string_equal(i18n_key(LANG_EN, i), i18n_key(LANG_FR, i));
	assert_string_equal(i18n_get(LANG_FR, "tab.returns"), "Retours");
	assert_string_equal(i18n_get(LANG_EN, "tab.returns"), "Returns");
}

/* French puts a no-break space before : ; ? ! (and none is missing);
 * English puts none there. Times (07:00) and addresses (https://) aside. */
static void
punctuation_spaced_as_each_language_wants(void **state)
{
	char err[512] = "";

	(void)state;
	if (i18n_count(LANG_FR) == 0)
		assert_int_equal(i18n_load(SHARE "/i18n", err, sizeof(err)),
		    E_OK);
	for (size_t i = 0; i < i18n_count(LANG_FR); i++) {
		const char *k = i18n_key(LANG_FR, i);
		const char *fr = i18n_get(LANG_FR, k), *en = i18n_get(LANG_EN, k);

		for (const char *p = fr; *p; p++) {
			if (strchr(":;?!", *p) == NULL || p == fr)
				continue;
			if (*p == ':' && (p[1] == '/' || (p[-1] >= '0' &&
			    p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')))
				continue;
			if (*p == '?' && p[-1] == '/')	/* a query string */
				continue;
			/* U+00A0 is C2 A0, U+202F E2 80 AF */
			if (!((unsigned char)p[-1] == 0xa0 &&
			    (unsigned char)p[-2] == 0xc2) &&
			    !((unsigned char)p[-1] == 0xaf &&
			    (unsigned char)p[-2] == 0x80))
				fail_msg("fr %s: no no-break space before '%c' "
				    "in \"%s\"", k, *p, fr);
		}
		for (const char *p = en; *p; p++)
			if (strchr(":;?!", *p) != NULL && p > en + 1 &&
			    ((unsigned char)p[-1] == 0xa0 || p[-1] == ' '))
				fail_msg("en %s: a space before '%c' in \"%s\"",
				    k, *p, en);
	}
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[1 << 16];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
every_template_starts_with_autoescape(void **state)
{
	DIR *d = opendir(SHARE "/templates");
	struct dirent *de;
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char path[1024];
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".tpl") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/templates/%s", SHARE,
		    de->d_name);
		if (!tmpl_has_autoescape(slurp(path)))
			fail_msg("%s lacks {{%%AUTOESCAPE context=\"HTML\"}}",
			    de->d_name);
		n++;
	}
	closedir(d);
	assert_true(n >= 5);
	assert_false(tmpl_has_autoescape("<p>{{x}}</p>"));
}

static void
templates_load_and_escape(void **state)
{
	char err[512] = "";
	struct tdict *d;
	struct buf out = { 0 };

	(void)state;
	/* fails on a template without the pragma or with an unknown key */
	if (tmpl_load(SHARE "/templates", err, sizeof(err)) != E_OK)
		fail_msg("%s", err);
	d = tdict_new();
	tdict_set_int(d, "STATUS", 404);
	tdict_set(d, "MESSAGE", "<script>alert('x')</script>");
	tdict_show(d, "HOME_LINKS");
	assert_int_equal(tdict_expand(d, "error.tpl", LANG_FR, &out), E_OK);
	assert_null(strstr(out.data, "<script>"));
	assert_non_null(strstr(out.data, "&lt;script&gt;"));
	assert_non_null(strstr(out.data, "Retour à la page d’accueil"));
	tdict_free(d);
	buf_free(&out);
}

static void
accept_language(void **state)
{
	(void)state;
	assert_int_equal(lang_from_accept(NULL), LANG_EN);
	assert_int_equal(lang_from_accept("fr-CA,fr;q=0.9,en;q=0.8"), LANG_FR);
	assert_int_equal(lang_from_accept("en-US,en;q=0.9,fr;q=0.8"), LANG_EN);
	assert_int_equal(lang_from_accept("de,fr;q=0.5"), LANG_FR);
	assert_int_equal(lang_from_accept("de, es"), LANG_EN);
	assert_int_equal(lang_from_accept("en;q=0.1, fr;q=0.7"), LANG_FR);
	assert_int_equal(lang_from_accept("fr;q=0"), LANG_EN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalogues_have_the_same_keys),
		cmocka_unit_test(punctuation_spaced_as_each_language_wants),
		cmocka_unit_test(every_template_starts_with_autoescape),
		cmocka_unit_test(templates_load_and_escape),
		cmocka_unit_test(accept_language),
	};

	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
