/* dl.h -- a library opened at its first use (library-internal).
 *
 * Workers that never need libcurl, libcrypto or libgd do not map them:
 * curl_dl.c, carrier_link.c and image.c open them with dl_open() the first
 * time they are called, and keep their own "tried already" state.
 */
#ifndef RETURNS_DL_H
#define RETURNS_DL_H

#include <stdbool.h>

struct dl_sym {
	void		**ptr;		/* where the function's address goes */
	const char	 *name;
};

/* An entry of a table ending with { NULL, NULL }: field is a function
 * pointer of the caller's table. */
#define DL_SYM(field, name)	{ (void **)&(field), (name) }

/* dlopen(lib) and every symbol of syms; false after logging, prefixed with
 * `who`, what is missing. */
bool	 dl_open(const char *lib, const struct dl_sym *syms, const char *who);

#endif
