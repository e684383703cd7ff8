/* form.c -- see include/returns/form.h. */
#include <stdio.h>
#include <string.h>

#include "returns/form.h"
#include "returns/i18n.h"
#include "returns/page.h"
#include "returns/valid.h"

static const char *
trim(struct req *r, const char *s)
{
	const char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	return arena_strndup(r->arena, s, (size_t)(e - s));
}

int
form_read(struct req *r, const struct field *f, size_t n, struct fval *out)
{
	int errors = 0;

	for (size_t i = 0; i < n; i++) {
		const char *v = kv_get(&r->form, f[i].name);
		size_t len;

		out[i].err = NULL;
		out[i].bound = 0;
		if (v == NULL)
			v = "";
		if (f[i].kind != F_PASSWORD)
			v = trim(r, v);
		out[i].val = v;
		len = utf8_len(v);
		if (kv_count(&r->form, f[i].name) > 1)
			out[i].err = "err.repeated";
		else if (*v == '\0') {
			if (f[i].required)
				out[i].err = "err.required";
		} else if (f[i].kind != F_PASSWORD && (has_control(v) ||
		    (f[i].kind != F_MULTILINE && strpbrk(v, "\r\n\t"))))
			out[i].err = "err.control";
		else if (len > f[i].maxlen) {
			out[i].err = "err.too_long";
			out[i].bound = f[i].maxlen;
		} else if (len < f[i].minlen) {
			out[i].err = "err.too_short";
			out[i].bound = f[i].minlen;
		} else if (f[i].kind == F_EMAIL && !valid_email(v))
			out[i].err = "err.email";
		else if (f[i].kind == F_CHECK && strcmp(v, "1") != 0)
			out[i].err = "err.choice";
		else if (f[i].kind == F_CHOICE) {
			size_t k;
			for (k = 0; f[i].choices[k]; k++)
				if (strcmp(v, f[i].choices[k]) == 0)
					break;
			if (f[i].choices[k] == NULL)
				out[i].err = "err.choice";
		}
		if (out[i].err)
			errors++;
	}
	return errors;
}

void
form_fill(struct req *r, struct tdict *d, const struct field *f, size_t n,
    const struct fval *vals)
{
	char key[96];

	for (size_t i = 0; i < n; i++) {
		const char *v = vals ? vals[i].val : "";

		if (f[i].kind != F_PASSWORD)
			tdict_set(d, f[i].name, v);
		if (vals && vals[i].err) {
			snprintf(key, sizeof(key), "%s_invalid", f[i].name);
			struct tdict *s = tdict_add_section(d, key);
			snprintf(key, sizeof(key), "%s_error", f[i].name);
			tdict_set(s, key, T_n(r, vals[i].err,
			    (long)vals[i].bound));
		}
		if (f[i].kind == F_CHECK && strcmp(v, "1") == 0) {
			snprintf(key, sizeof(key), "%s_on", f[i].name);
			tdict_show(d, key);
		}
		if (f[i].kind == F_CHOICE) {
			snprintf(key, sizeof(key), "%s_opt", f[i].name);
			for (size_t k = 0; f[i].choices[k]; k++) {
				struct tdict *o = tdict_add_section(d, key);
				tdict_set_nocopy(o, "value", f[i].choices[k]);
				tdict_set_nocopy(o, "label",
				    i18n_get(r->lang, f[i].labels[k]));
				if (strcmp(v, f[i].choices[k]) == 0)
					tdict_show(o, "sel");
			}
		}
	}
}
