/* metrics.h -- counters shared by every process of the site
 * (infrastructure).
 *
 * Each program (the five FastCGI executables and the notifier) counts
 * into a small file of its own beside the database
 * (<database dir>/metrics/<program>), mapped shared before its workers
 * fork, so every worker adds to the same numbers with atomic adds: no
 * lock, no write to the database, nothing per request but an add. The
 * numbers outlive restarts. metrics_write() reads every program's file
 * and writes Prometheus' text format (the dashboard's /metrics, served to
 * the addresses of metrics_allow only).
 */
#ifndef RETURNS_METRICS_H
#define RETURNS_METRICS_H

#include <stdbool.h>
#include <stdio.h>

enum metric {
	MT_LABELS,		/* labels created (label executable) */
	MT_MAIL_SENT,		/* emails accepted by the SMTP server */
	MT_MAIL_FAILED,		/* emails failed for good */
	MT__N
};

/* Maps this program's file (created 0640 when missing). Without it (the
 * directory cannot be written) the counts stay in this process and a
 * warning says why: never a reason not to serve. */
void	 metrics_open(const char *program);
/* A response's status (FastCGI executables, once per request). */
void	 metrics_request(int status);
void	 metrics_add(enum metric, unsigned long n);
/* Every program's counters, Prometheus text format 0.0.4. */
void	 metrics_write(FILE *);

#endif
