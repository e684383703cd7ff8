/* test_log -- log lines on stderr: the plain form with time, program and
 * pid, and the journal's form (syslog priority prefix, nothing journald
 * records already) when JOURNAL_STREAM names stderr; control characters
 * escaped in both. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/log.h"

/* Logs three lines into a file put in place of stderr; its text. */
static void
capture(bool journal, char *out, size_t len)
{
	char path[] = "/tmp/returns-unit-log-XXXXXX";
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	struct stat st;
	char js[64];
	FILE *f;
	size_t n;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	assert_int_equal(fstat(STDERR_FILENO, &st), 0);
	snprintf(js, sizeof(js), "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	if (journal)
		setenv("JOURNAL_STREAM", js, 1);
	else
		setenv("JOURNAL_STREAM", "1:2", 1);	/* another stream */
	log_init("unit");
	log_err("r1", "broken %d", 42);
	log_warn(NULL, "careful");
	log_info("r2", "a\nforged line");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	log_init("unit");
	f = fdopen(fd, "r");
	rewind(f);
	n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	fclose(f);
	unlink(path);
	unsetenv("JOURNAL_STREAM");
}

static void
plain_lines(void **state)
{
	char b[1024];

	(void)state;
	capture(false, b, sizeof(b));
	assert_non_null(strstr(b, "Z ERROR unit["));
	assert_non_null(strstr(b, "] r1 broken 42\n"));
	assert_non_null(strstr(b, "] - careful\n"));
	assert_non_null(strstr(b, "r2 a\\x0aforged line\n"));
	assert_null(strstr(b, "<3>"));
}

static void
journal_lines(void **state)
{
	char b[1024];

	(void)state;
	capture(true, b, sizeof(b));
	assert_string_equal(b, "<3>ERROR r1 broken 42\n"
	    "<4>WARN - careful\n"
	    "<6>INFO r2 a\\x0aforged line\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_lines),
		cmocka_unit_test(journal_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
