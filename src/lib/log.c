/* log.c -- see include/returns/log.h. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "returns/log.h"

static const char *prog = "returns";
static int journal = -1;	/* stderr is the journal: 1; unknown: -1 */

/* Whether stderr is connected to systemd's journal: JOURNAL_STREAM names
 * its device and inode (systemd.exec(5)). */
static bool
to_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return js != NULL && sscanf(js, "%llu:%llu", &dev, &ino) == 2 &&
	    fstat(STDERR_FILENO, &st) == 0 && (unsigned long long)st.st_dev ==
	    dev && (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *progname)
{
	prog = progname;
	journal = to_journal();
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

	static const int prio[] = { 7, 6, 4, 3 };	/* syslog levels */

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (journal < 0)
		journal = to_journal();
	if (journal)	/* the journal has the time, program and pid */
		n = (size_t)snprintf(line, sizeof(line), "<%d>%s %s ",
		    prio[lvl], names[lvl], reqid ? reqid : "-");
	else {
		gmtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		n = (size_t)snprintf(line, sizeof(line), "%s %s %s[%d] %s ",
		    ts, names[lvl], prog, (int)getpid(), reqid ? reqid : "-");
	}
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
