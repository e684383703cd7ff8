/* test_crypto -- password hashing, tokens, constant-time compare. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "returns/crypto.h"

static void
password_roundtrip(void **state)
{
	char h[PW_HASH_MAX], h2[PW_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("correct horse battery", h), E_OK);
	assert_true(strncmp(h, "scrypt$17$8$1$", 14) == 0);
	assert_null(strstr(h, "correct"));
	assert_true(password_verify("correct horse battery", h));
	assert_false(password_verify("correct horse batterx", h));
	assert_false(password_verify("", h));
	/* salted: the same password hashes differently */
	assert_int_equal(password_hash("correct horse battery", h2), E_OK);
	assert_string_not_equal(h, h2);
}

/* a hash made by another scrypt (Python's hashlib, OpenSSL underneath,
 * which made this product's hashes until libsodium did) still verifies,
 * and so does RFC 7914's own vector through the same function */
static void
hashes_of_another_scrypt_verify(void **state)
{
	const char *h = "scrypt$14$8$1$AAECAwQFBgcICQoLDA0ODw==$"
	    "UxYE/nON8zrmLNK5lL/j9XPtKMDZ5VR/h1tkExic5Zo=";

	(void)state;
	assert_true(password_verify("pleaseletmein", h));
	assert_false(password_verify("pleaseletmeim", h));
	assert_true(password_needs_rehash(h));	/* N = 2^14 < 2^17 */
	/* one character of the key changed, or a padding removed */
	assert_false(password_verify("pleaseletmein", "scrypt$14$8$1$"
	    "AAECAwQFBgcICQoLDA0ODw==$"
	    "UxYE/nON8zrmLNK5lL/j9XPtKMDZ5VR/h1tkExic5Zp="));
	assert_false(password_verify("pleaseletmein", "scrypt$14$8$1$"
	    "AAECAwQFBgcICQoLDA0ODw=$"
	    "UxYE/nON8zrmLNK5lL/j9XPtKMDZ5VR/h1tkExic5Zo="));
}

static void
malformed_hashes_never_verify(void **state)
{
	(void)state;
	assert_false(password_verify("x", NULL));
	assert_false(password_verify("x", ""));
	assert_false(password_verify("x", "scrypt$15$8$1$$"));
	assert_false(password_verify("x", "scrypt$40$8$1$AAAA$AAAA"));
	assert_false(password_verify("x", "md5$abc"));
}

static void
random_tokens_differ(void **state)
{
	char a[65], b[65];

	(void)state;
	assert_int_equal(crypto_random_hex(a, 32), E_OK);
	assert_int_equal(crypto_random_hex(b, 32), E_OK);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
}

static void
sha256_and_hmac_known_answers(void **state)
{
	unsigned char h[32];
	char hex[65];

	(void)state;
	crypto_sha256(h, "abc", 3);
	crypto_hex(hex, h, 32);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	/* RFC 4231 test case 2 */
	crypto_hmac_sha256(h, "Jefe", 4, "what do ya want for nothing?", 28);
	crypto_hex(hex, h, 32);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	/* RFC 4231 test case 6: a key longer than the block is hashed */
	{
		unsigned char key[131];

		memset(key, 0xaa, sizeof(key));
		crypto_hmac_sha256(h, key, sizeof(key), "Test Using Larger "
		    "Than Block-Size Key - Hash Key First", 54);
		crypto_hex(hex, h, 32);
		assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f"
		    "8e0bc6213728c5140546040f0ee37f54");
	}
}

static void
equal_is_length_aware(void **state)
{
	(void)state;
	assert_true(crypto_equal("abc", 3, "abc", 3));
	assert_false(crypto_equal("abc", 3, "abd", 3));
	assert_false(crypto_equal("abc", 3, "abcd", 4));
}

/* A prepared key gives crypto_hmac_sha256's MACs, for keys shorter and
 * longer than SHA-256's block and messages of any length, again and
 * again (the prepared state is not used up). */
static void
prepared_key_same_mac(void **state)
{
	static const size_t klen[] = { 1, 32, 64, 65, 200 };
	unsigned char key[200], msg[300], a[32], b[32];

	(void)state;
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i * 7 + 3);
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i * 13 + 1);
	for (size_t k = 0; k < sizeof(klen) / sizeof(*klen); k++) {
		struct crypto_hmac_key *hk = crypto_hmac_key_new(key, klen[k]);

		assert_non_null(hk);
		for (size_t m = 0; m < sizeof(msg); m += 37) {
			crypto_hmac_sha256(a, key, klen[k], msg, m);
			crypto_hmac_keyed(hk, b, msg, m);
			assert_memory_equal(a, b, 32);
		}
		crypto_hmac_key_free(hk);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(password_roundtrip),
		cmocka_unit_test(hashes_of_another_scrypt_verify),
		cmocka_unit_test(malformed_hashes_never_verify),
		cmocka_unit_test(random_tokens_differ),
		cmocka_unit_test(sha256_and_hmac_known_answers),
		cmocka_unit_test(equal_is_length_aware),
		cmocka_unit_test(prepared_key_same_mac),
	};

	return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}
