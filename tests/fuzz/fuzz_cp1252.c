/* fuzz_cp1252.c -- utf8_to_cp1252(), the text of every label.
 *
 * Input: one byte choosing the output size, then the text. Checks: the
 * result is NUL-terminated and its length returned; no control byte,
 * NUL or byte CP1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) comes
 * out; at most one byte per character of input; a short output buffer
 * gets exactly a prefix of the full conversion, cut only when full;
 * printable ASCII passes through unchanged. label_printed() on the same
 * text gives valid UTF-8 that fits its buffer. */
#include "fuzz.h"

#include "returns/label.h"

static bool
cp1252_ok(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != 0x81 && c != 0x8d &&
	    c != 0x8f && c != 0x90 && c != 0x9d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	size_t outlen = fdp_u8(&d), len, chars = 0, r, r2;
	char *in = fuzz_strndup(d.p, d.n), *full, *out;
	bool ascii = true;

	len = strlen(in);
	for (size_t i = 0; i < len; chars++) {
		size_t k = ref_utf8_char((const unsigned char *)in + i,
		    len - i);
		ascii &= in[i] >= 0x20 && in[i] < 0x7f;
		i += k ? k : 1;	/* an invalid byte becomes one '?' */
	}
	full = malloc(len + 1);
	r = utf8_to_cp1252(in, full, len + 1);
	CHECK(r <= chars && r == strlen(full));
	for (size_t i = 0; i < r; i++)
		CHECK(cp1252_ok((unsigned char)full[i]));
	if (ascii)
		CHECK(strcmp(full, in) == 0);

	out = malloc(outlen ? outlen : 1);
	r2 = utf8_to_cp1252(in, out, outlen);
	if (outlen == 0)
		CHECK(r2 == 0);
	else {
		CHECK(r2 < outlen && r2 == strlen(out));
		CHECK(memcmp(out, full, r2) == 0);
		CHECK(r2 == r || r2 == outlen - 1);
	}
	r2 = utf8_to_cp1252(NULL, out, outlen);
	CHECK(r2 == 0 && (outlen == 0 || out[0] == '\0'));
	free(out);

	/* label_printed(): ICU on the runs CP1252 lacks, then back to
	 * UTF-8: valid UTF-8, NUL-terminated inside the buffer, unchanged
	 * (false) for printable ASCII, never longer than asked */
	{
		char p[1024];
		size_t n = outlen % sizeof(p);
		bool changed = label_printed(in, p, n);

		if (n > 0) {
			size_t pl = strlen(p);

			CHECK(pl < n);
			for (size_t i = 0; i < pl; ) {
				size_t k = ref_utf8_char((const unsigned char *)
				    p + i, pl - i);
				CHECK(k > 0);
				i += k;
			}
			if (ascii && len < n && len < 400)
				CHECK(!changed && strcmp(p, in) == 0);
		}
	}
	free(full);
	free(in);
	return 0;
}
