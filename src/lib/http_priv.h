/* http_priv.h -- what server.c and http.c share; not for applications. */
#ifndef RETURNS_HTTP_PRIV_H
#define RETURNS_HTTP_PRIV_H

#include <fcgiapp.h>

#include "returns/http.h"

#define RESP_MAXHDR	16

struct resp_state {
	FCGX_Stream	*out;
	FCGX_ParamArray	 envp;
	bool		 opened;
	int		 status;
	size_t		 bytes;
	size_t		 nhdr;
	const char	*hdr[RESP_MAXHDR];	/* "Name: value" */
};

#endif
