/* dl.c -- a library opened at its first use; see dl.h. */
#include <dlfcn.h>
#include <stddef.h>

#include "returns/log.h"
#include "dl.h"

bool
dl_open(const char *lib, const struct dl_sym *syms, const char *who)
{
	void *h;

	if ((h = dlopen(lib, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_err(NULL, "%s: %s", who, dlerror());
		return false;
	}
	for (; syms->ptr != NULL; syms++)
		if ((*syms->ptr = dlsym(h, syms->name)) == NULL) {
			log_err(NULL, "%s: %s has no %s", who, lib,
			    syms->name);
			return false;
		}
	return true;
}
