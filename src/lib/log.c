/* log.c -- see include/returns/log.h. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "returns/log.h"

static const char *prog = "returns";

void
log_init(const char *progname)
{
	prog = progname;
}

void
log_msg(enum log_level lvl, const char *reqid, const char *fmt, ...)
{
	static const char *names[] = { "DEBUG", "INFO", "WARN", "ERROR" };
	char msg[2048], line[4096 + 128], ts[32];
	size_t n = 0;
	va_list ap;
	time_t now = time(NULL);
	struct tm tm;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = (size_t)snprintf(line, sizeof(line), "%s %s %s[%d] %s ", ts,
	    names[lvl], prog, (int)getpid(), reqid ? reqid : "-");
	for (const unsigned char *p = (const unsigned char *)msg;
	    *p && n < sizeof(line) - 6; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			n += (size_t)snprintf(line + n, sizeof(line) - n,
			    "\\x%02x", *p);
		else
			line[n++] = (char)*p;
	}
	line[n++] = '\n';
	fwrite(line, 1, n, stderr);
	fflush(stderr);
}
