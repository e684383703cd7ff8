/* log.h -- one line per event on stderr (infrastructure).
 *
 * Format: "2026-11-26T15:00:00Z LEVEL prog[pid] reqid message"; when stderr
 * is systemd's journal (JOURNAL_STREAM names it), "<N>LEVEL reqid message"
 * instead: the syslog priority N (3 ERROR, 4 WARN, 6 INFO, 7 DEBUG) that
 * journald reads, and no time, program or pid, which it records. Control
 * characters in the message are escaped as \xNN so a value from a request
 * can never forge a log line. Never pass passwords, tokens or card numbers.
 */
#ifndef RETURNS_LOG_H
#define RETURNS_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERR };

/* Names the program and looks at where stderr goes (call it again after
 * moving stderr). */
void	log_init(const char *progname);
/* reqid may be NULL (outside a request). */
void	log_msg(enum log_level, const char *reqid, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define log_info(id, ...)	log_msg(LOG_INFO, (id), __VA_ARGS__)
#define log_warn(id, ...)	log_msg(LOG_WARN, (id), __VA_ARGS__)
#define log_err(id, ...)	log_msg(LOG_ERR, (id), __VA_ARGS__)

#endif
