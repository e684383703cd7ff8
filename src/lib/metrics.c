/* metrics.c -- see include/returns/metrics.h. */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "returns/config.h"
#include "returns/log.h"
#include "returns/metrics.h"

#define METRICS_MAGIC	0x52544d31u	/* "RTM1": this layout */

/* the statuses the programs answer; anything else is counted as "other" */
static const int codes[] = { 200, 303, 400, 401, 403, 404, 405, 409, 410,
    413, 429, 500, 502, 503 };
#define NCODES	(sizeof(codes) / sizeof(codes[0]))

static const char *const programs[] = { "dashboard", "reports", "settings",
    "label", "tracking", "notifier" };

struct counters {
	uint32_t	 magic;
	uint32_t	 size;
	uint64_t	 req[NCODES + 1];	/* [NCODES]: other */
	uint64_t	 m[MT__N];
};

static struct counters local;		/* when the file cannot be used */
static struct counters *c = &local;

/* <database dir>/metrics/<name> into buf */
static void
path_of(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", config_metrics_dir(), name);
}

void
metrics_open(const char *program)
{
	char path[4096];
	struct counters *m;
	struct stat st;
	int fd;

	path_of(program, path, sizeof(path));
	if (mkdir(config_metrics_dir(), 0750) != 0 && errno != EEXIST)
		goto fail;
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) < 0)
		goto fail;
	if (fstat(fd, &st) != 0 || (st.st_size != sizeof(*m) &&
	    ftruncate(fd, sizeof(*m)) != 0)) {
		close(fd);
		goto fail;
	}
	m = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		goto fail;
	/* another layout (or a new file): start from zero */
	if (m->magic != METRICS_MAGIC || m->size != sizeof(*m)) {
		memset(m, 0, sizeof(*m));
		m->size = sizeof(*m);
		__atomic_store_n(&m->magic, METRICS_MAGIC, __ATOMIC_RELEASE);
	}
	c = m;
	return;
fail:
	log_warn(NULL, "metrics: %s: %s (counting in this process only)",
	    path, strerror(errno));
}

void
metrics_request(int status)
{
	size_t i;

	for (i = 0; i < NCODES; i++)
		if (codes[i] == status)
			break;
	__atomic_fetch_add(&c->req[i], 1, __ATOMIC_RELAXED);
}

void
metrics_add(enum metric k, unsigned long n)
{
	if (k >= 0 && k < MT__N)
		__atomic_fetch_add(&c->m[k], n, __ATOMIC_RELAXED);
}

/* Reads a program's file; false when it has none (never ran here). */
static bool
read_counters(const char *program, struct counters *out)
{
	char path[4096];
	ssize_t n;
	int fd;

	path_of(program, path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = pread(fd, out, sizeof(*out), 0);
	close(fd);
	return n == (ssize_t)sizeof(*out) && out->magic == METRICS_MAGIC &&
	    out->size == sizeof(*out);
}

void
metrics_write(FILE *f)
{
	struct counters all[sizeof(programs) / sizeof(programs[0])];
	bool have[sizeof(programs) / sizeof(programs[0])];
	uint64_t m[MT__N] = { 0 };
	size_t p, i;

	for (p = 0; p < sizeof(programs) / sizeof(programs[0]); p++)
		if ((have[p] = read_counters(programs[p], &all[p])))
			for (i = 0; i < MT__N; i++)
				m[i] += all[p].m[i];
	fputs("# HELP returns_http_requests_total Requests answered by the "
	    "FastCGI executables, by executable and status.\n"
	    "# TYPE returns_http_requests_total counter\n", f);
	for (p = 0; p < sizeof(programs) / sizeof(programs[0]); p++) {
		if (!have[p] || strcmp(programs[p], "notifier") == 0)
			continue;
		for (i = 0; i <= NCODES; i++) {
			if (all[p].req[i] == 0)
				continue;
			if (i < NCODES)
				fprintf(f, "returns_http_requests_total{app=\"%s\","
				    "code=\"%d\"} %llu\n", programs[p], codes[i],
				    (unsigned long long)all[p].req[i]);
			else
				fprintf(f, "returns_http_requests_total{app=\"%s\","
				    "code=\"other\"} %llu\n", programs[p],
				    (unsigned long long)all[p].req[i]);
		}
	}
	fprintf(f, "# HELP returns_labels_created_total Return labels and QR "
	    "codes created.\n# TYPE returns_labels_created_total counter\n"
	    "returns_labels_created_total %llu\n",
	    (unsigned long long)m[MT_LABELS]);
	fprintf(f, "# HELP returns_emails_sent_total Emails the SMTP server "
	    "accepted.\n# TYPE returns_emails_sent_total counter\n"
	    "returns_emails_sent_total %llu\n",
	    (unsigned long long)m[MT_MAIL_SENT]);
	fprintf(f, "# HELP returns_emails_failed_total Emails failed for good."
	    "\n# TYPE returns_emails_failed_total counter\n"
	    "returns_emails_failed_total %llu\n",
	    (unsigned long long)m[MT_MAIL_FAILED]);
}
