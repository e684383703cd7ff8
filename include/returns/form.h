/* form.h -- form fields declared once with their validators (web layer).
 *
 *	static const struct field login_fields[] = {
 *		{ "email",    F_EMAIL,    1, 0, 254 },
 *		{ "password", F_PASSWORD, 1, 1, PASSWORD_MAX },
 *	};
 *	struct fval v[2];
 *	if (form_read(r, login_fields, 2, v) > 0) ... show the form again
 *
 * form_read() trims spaces (passwords excepted), checks presence, length
 * in characters, control characters, e-mail syntax and choices, and sets
 * each field's error to a catalogue key. form_fill() gives a template the
 * values the user typed (passwords never) and the messages:
 *	{{name}}			the value
 *	{{#name_invalid}}...{{name_error}}...{{/name_invalid}}
 *	{{#name_opt}}{{value}} {{label}} {{#sel}}selected{{/sel}}{{/name_opt}}
 *	{{#name_on}}checked{{/name_on}}			(F_CHECK)
 */
#ifndef RETURNS_FORM_H
#define RETURNS_FORM_H

#include "returns/http.h"
#include "returns/tmpl.h"

enum fkind {
	F_TEXT,		/* one line: no CR, LF or other control character */
	F_MULTILINE,	/* a textarea: line breaks and tabs allowed */
	F_EMAIL,
	F_PASSWORD,	/* never trimmed, never given back to the page */
	F_CHOICE,	/* one of choices[] */
	F_CHECK		/* a checkbox: "1" or absent */
};

struct field {
	const char		*name;
	enum fkind		 kind;
	int			 required;
	size_t			 minlen;	/* characters */
	size_t			 maxlen;	/* characters */
	const char *const	*choices;	/* F_CHOICE, NULL-ended */
	const char *const	*labels;	/* their catalogue keys */
};

struct fval {
	const char	*val;	/* trimmed value, "" when absent */
	const char	*err;	/* catalogue key, NULL when valid */
	size_t		 bound;	/* the limit an error message names */
};

/* Returns the number of fields with an error. */
int	 form_read(struct req *, const struct field *, size_t n,
	    struct fval *out);
/* `vals` may be NULL: an empty form (pass values to preselect choices). */
void	 form_fill(struct req *, struct tdict *, const struct field *,
	    size_t n, const struct fval *vals);

#endif
