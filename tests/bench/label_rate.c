/* label_rate -- return labels rendered per second, in process, one thread.
 *
 *	label_rate [count [format]]	(default 2000 letter)
 *
 * Renders `count` labels (plus 50 not timed, to warm up) into one reused
 * buffer, like a worker answering requests, and prints a line of details
 * (sizes, CPU time) then "labels/s: <rate>" (wall clock). Build by hand
 * for now:
 *
 *	make build/libreturns.a && mkdir -p build/bench &&
 *	gcc -Iinclude -O2 -o build/bench/label_rate tests/bench/label_rate.c \
 *	    build/libreturns.a -lhpdf -lzint
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "returns/label.h"

/* CPU seconds this process has used, user and system. */
static double
cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct label_data d = {
		.format = argc > 2 ? argv[2] : "letter",
		.tracking = "7023210039414604",
		.service_en = "Regular Parcel",
		.service_fr = "Colis standard",
		.policy_number = "PR123456",
		.ra_number = "RA-2026-00042",
		.order_q_en = "Order number",
		.order_q_fr = "Num\xc3\xa9ro de commande",
		.order_answer = "C-10045",
		.qr_text = "https://returns.example/r/"
		    "0123abcd4567ef890123abcd4567ef89",
		.weight_g = 1250,
		.created = "2026-11-26",
		.expires = "2026-12-26",
		.from = { "Fran\xc3\xa7oise L\xc3\xa9vesque", "",
		    "1234 rue de l\xe2\x80\x99\xc3\x89glise, app. 5", "",
		    "Montr\xc3\xa9" "al", "QC", "H2X 1Y4" },
		.to = { "Returns Department", "Boutique \xc3\x89l\xc3\xa9gance",
		    "500 boulevard Ren\xc3\xa9-L\xc3\xa9vesque Ouest",
		    "Bureau 1200", "Qu\xc3\xa9" "bec", "QC", "G1R 2B5" },
	};
	struct buf b = { 0 };
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
	double t0 = 0, c0 = 0, t, c;
	size_t bytes = 0;

	if (n <= 0) {
		fprintf(stderr, "usage: label_rate [count [letter|4x6]]\n");
		return 2;
	}
	for (long i = -50; i < n; i++) {
		if (i == 0) {
			t0 = now();
			c0 = cpu();
		}
		buf_reset(&b);
		if (label_pdf(&d, &b) != E_OK) {
			fprintf(stderr, "label_rate: label_pdf failed\n");
			return 1;
		}
		bytes = b.len;
	}
	t = now() - t0;
	c = cpu() - c0;
	/* on a busy machine the CPU-time rate is the steadier figure */
	printf("labels: %ld (%s, %zu bytes each) in %.3f s, %.3f s CPU "
	    "(%.0f labels per CPU second)\n", n, d.format, bytes, t, c,
	    c > 0 ? n / c : 0);
	printf("labels/s: %.0f\n", n / t);
	buf_free(&b);
	return 0;
}
