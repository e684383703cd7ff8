/* carrier_link.c -- see include/returns/carrier_link.h. */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "returns/carrier_link.h"
#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/secret.h"
#include "dl.h"

#define SEAL_NONCE	12
#define SEAL_TAG	16
#define REG_TTL		(30 * 60)	/* a registration token's life */

/*
 * AES-256-GCM from OpenSSL's libcrypto, opened at the first use (dlopen)
 * and not linked: mapped and relocated at start, it was about 0.5 MB
 * resident in every worker, for the pages that read or write a
 * merchant's Canada Post keys. (libsodium's AES-GCM needs a processor
 * with AES instructions.)
 */
static struct {
	EVP_CIPHER_CTX	*(*ctx_new)(void);
	void		 (*ctx_free)(EVP_CIPHER_CTX *);
	int		 (*ctx_ctrl)(EVP_CIPHER_CTX *, int, int, void *);
	const EVP_CIPHER *(*aes_256_gcm)(void);
	int		 (*enc_init)(EVP_CIPHER_CTX *, const EVP_CIPHER *,
			    ENGINE *, const unsigned char *,
			    const unsigned char *);
	int		 (*enc_update)(EVP_CIPHER_CTX *, unsigned char *, int *,
			    const unsigned char *, int);
	int		 (*enc_final)(EVP_CIPHER_CTX *, unsigned char *, int *);
	int		 (*dec_init)(EVP_CIPHER_CTX *, const EVP_CIPHER *,
			    ENGINE *, const unsigned char *,
			    const unsigned char *);
	int		 (*dec_update)(EVP_CIPHER_CTX *, unsigned char *, int *,
			    const unsigned char *, int);
	int		 (*dec_final)(EVP_CIPHER_CTX *, unsigned char *, int *);
} ossl;

static bool
ossl_open(void)
{
	static int state;	/* 1 open, -1 failed */

	if (state != 0)
		return state == 1;
	state = -1;
	{
		const struct dl_sym syms[] = {
			DL_SYM(ossl.ctx_new, "EVP_CIPHER_CTX_new"),
			DL_SYM(ossl.ctx_free, "EVP_CIPHER_CTX_free"),
			DL_SYM(ossl.ctx_ctrl, "EVP_CIPHER_CTX_ctrl"),
			DL_SYM(ossl.aes_256_gcm, "EVP_aes_256_gcm"),
			DL_SYM(ossl.enc_init, "EVP_EncryptInit_ex"),
			DL_SYM(ossl.enc_update, "EVP_EncryptUpdate"),
			DL_SYM(ossl.enc_final, "EVP_EncryptFinal_ex"),
			DL_SYM(ossl.dec_init, "EVP_DecryptInit_ex"),
			DL_SYM(ossl.dec_update, "EVP_DecryptUpdate"),
			DL_SYM(ossl.dec_final, "EVP_DecryptFinal_ex"),
			{ NULL, NULL }
		};

		if (!dl_open("libcrypto.so.3", syms, "carrier keys"))
			return false;
	}
	state = 1;
	return true;
}

/* The sealing key: HMAC-SHA256(secret, "carrier-api-key-v1"). */
static bool
seal_key(unsigned char k[32])
{
	const unsigned char *s = secret_key();

	if (s == NULL)
		return false;
	crypto_hmac_sha256(k, s, SECRET_LEN, "carrier-api-key-v1", 18);
	return true;
}

/* AES-256-GCM of "user:password" with the merchant's id as associated
 * data: nonce || ciphertext || tag into out (len + 28 bytes). */
static bool
seal(int64_t mid, const char *plain, unsigned char *out, int *outlen)
{
	unsigned char k[32];
	char aad[32];
	EVP_CIPHER_CTX *c = NULL;
	int n = 0, m = 0, len = (int)strlen(plain);
	bool ok = false;

	snprintf(aad, sizeof(aad), "m%lld", (long long)mid);
	if (!ossl_open() || !seal_key(k) ||
	    crypto_random(out, SEAL_NONCE) != E_OK ||
	    (c = ossl.ctx_new()) == NULL)
		goto done;
	if (ossl.enc_init(c, ossl.aes_256_gcm(), NULL, k, out) != 1 ||
	    ossl.enc_update(c, NULL, &n, (const unsigned char *)aad,
	    (int)strlen(aad)) != 1 ||
	    ossl.enc_update(c, out + SEAL_NONCE, &n,
	    (const unsigned char *)plain, len) != 1 ||
	    ossl.enc_final(c, out + SEAL_NONCE + n, &m) != 1 ||
	    ossl.ctx_ctrl(c, EVP_CTRL_GCM_GET_TAG, SEAL_TAG,
	    out + SEAL_NONCE + n + m) != 1)
		goto done;
	*outlen = SEAL_NONCE + n + m + SEAL_TAG;
	ok = true;
done:
	if (c != NULL)
		ossl.ctx_free(c);
	explicit_bzero(k, sizeof(k));
	return ok;
}

static bool
unseal(int64_t mid, const unsigned char *in, int inlen, char *plain,
    size_t plen)
{
	unsigned char k[32];
	char aad[32];
	EVP_CIPHER_CTX *c = NULL;
	int n = 0, m = 0, clen = inlen - SEAL_NONCE - SEAL_TAG;
	bool ok = false;

	snprintf(aad, sizeof(aad), "m%lld", (long long)mid);
	if (clen <= 0 || (size_t)clen >= plen || !ossl_open() ||
	    !seal_key(k) || (c = ossl.ctx_new()) == NULL)
		goto done;
	if (ossl.dec_init(c, ossl.aes_256_gcm(), NULL, k, in) != 1 ||
	    ossl.dec_update(c, NULL, &n, (const unsigned char *)aad,
	    (int)strlen(aad)) != 1 ||
	    ossl.dec_update(c, (unsigned char *)plain, &n,
	    in + SEAL_NONCE, clen) != 1 ||
	    ossl.ctx_ctrl(c, EVP_CTRL_GCM_SET_TAG, SEAL_TAG,
	    (void *)(in + inlen - SEAL_TAG)) != 1 ||
	    ossl.dec_final(c, (unsigned char *)plain + n, &m) != 1)
		goto done;
	plain[n + m] = '\0';
	ok = true;
done:
	if (c != NULL)
		ossl.ctx_free(c);
	explicit_bzero(k, sizeof(k));
	if (!ok && plen > 0)
		plain[0] = '\0';
	return ok;
}

static const char SQL_GET[] =
    "SELECT customer_number, contract_number, api_key, has_card,"
    " contract_good, checked_at, check_error, linked_at"
    " FROM carrier_accounts WHERE merchant_id = ?";

enum rerr
carrier_link_get(struct db *db, int64_t mid, struct carrier_link *l)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	enum rerr e = E_OK;
	int rc;

	memset(l, 0, sizeof(*l));
	if (st == NULL || db_bind(st, "i", mid) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(l->acct.customer_number,
		    sizeof(l->acct.customer_number), "%s", db_text(st, 0));
		snprintf(l->acct.contract_number,
		    sizeof(l->acct.contract_number), "%s", db_text(st, 1));
		if (sqlite3_column_type(st, 2) == SQLITE_BLOB) {
			char plain[300], *colon;
			if (unseal(mid, sqlite3_column_blob(st, 2),
			    sqlite3_column_bytes(st, 2), plain, sizeof(plain))
			    && (colon = strchr(plain, ':')) != NULL) {
				*colon = '\0';
				snprintf(l->acct.api_user,
				    sizeof(l->acct.api_user), "%.127s", plain);
				snprintf(l->acct.api_password,
				    sizeof(l->acct.api_password), "%.127s",
				    colon + 1);
				l->own_key = true;
			} else
				log_err(NULL, "merchant %lld: its carrier key "
				    "cannot be unsealed (another secret key?)",
				    (long long)mid);
			explicit_bzero(plain, sizeof(plain));
		}
		l->has_card = sqlite3_column_int(st, 3) != 0;
		l->contract_good = sqlite3_column_int(st, 4) != 0;
		l->checked_at = sqlite3_column_int64(st, 5);
		snprintf(l->check_error, sizeof(l->check_error), "%s",
		    db_text(st, 6));
		l->linked_at = sqlite3_column_int64(st, 7);
	} else if (rc == SQLITE_DONE)
		e = E_NOTFOUND;
	else
		e = db_err(db, rc);
	sqlite3_reset(st);
	return e;
}

static const char SQL_HOLDER[] =
    "SELECT merchant_id FROM carrier_accounts WHERE customer_number = ?";
static const char SQL_SET[] =
    "INSERT INTO carrier_accounts (merchant_id, customer_number,"
    " contract_number, api_key, linked_at) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (merchant_id) DO UPDATE SET customer_number = ?2,"
    " contract_number = ?3, api_key = ?4, has_card = 0,"
    " contract_good = 0, checked_at = 0, check_error = '', linked_at = ?5";
static const char SQL_AUDIT[] =
    "INSERT INTO audit_log (merchant_id, at, action, detail)"
    " VALUES (?, ?, ?, ?)";

enum rerr
carrier_link_set(struct db *db, int64_t mid, const char *customer,
    const char *contract, const char *user, const char *pass, int64_t now)
{
	unsigned char sealed[300 + SEAL_NONCE + SEAL_TAG];
	char plain[300];
	int slen = 0, rc;
	sqlite3_stmt *st;
	enum rerr e;
	int64_t holder = 0;

	if (user != NULL && *user) {
		if ((size_t)snprintf(plain, sizeof(plain), "%s:%s", user,
		    pass ? pass : "") >= sizeof(plain) ||
		    !seal(mid, plain, sealed, &slen)) {
			explicit_bzero(plain, sizeof(plain));
			return E_SYS;
		}
		explicit_bzero(plain, sizeof(plain));
	}
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((st = db_stmt(db, SQL_HOLDER)) == NULL ||
	    db_bind(st, "t", customer) != E_OK) {
		e = E_DB;
		goto fail;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		holder = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		e = db_err(db, rc);
		goto fail;
	}
	if (holder != 0 && holder != mid) {
		e = E_EXISTS;
		goto fail;
	}
	if ((st = db_stmt(db, SQL_SET)) == NULL ||
	    db_bind(st, "itt", mid, customer, contract ? contract : "") !=
	    E_OK ||
	    (slen > 0 ? sqlite3_bind_blob(st, 4, sealed, slen,
	    SQLITE_TRANSIENT) : sqlite3_bind_null(st, 4)) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, now) != SQLITE_OK) {
		e = E_DB;
		goto fail;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = db_err(db, rc);
		goto fail;
	}
	if ((e = db_exec(db, SQL_AUDIT, "iitt", mid, now, "carrier_linked",
	    customer)) != E_OK)
		goto fail;
	explicit_bzero(sealed, sizeof(sealed));
	return db_commit(db);
fail:
	explicit_bzero(sealed, sizeof(sealed));
	db_rollback(db);
	return e;
}

static const char SQL_CHECKED[] =
    "UPDATE carrier_accounts SET has_card = ?, contract_good = ?,"
    " checked_at = ?, check_error = ? WHERE merchant_id = ?";
static const char SQL_CHECK_FAILED[] =
    "UPDATE carrier_accounts SET check_error = ? WHERE merchant_id = ?";
static const char SQL_UNLINK[] =
    "DELETE FROM carrier_accounts WHERE merchant_id = ?";

enum rerr
carrier_link_refresh(struct db *db, int64_t mid, int64_t now,
    enum carrier_err *ce)
{
	struct carrier_link l;
	struct carrier_info ci;
	struct carrier_fail f;
	enum rerr e;

	if ((e = carrier_link_get(db, mid, &l)) != E_OK) {
		*ce = CE_NOT_LINKED;
		return e;
	}
	*ce = carrier_account_read(&l.acct, &ci, &f);
	explicit_bzero(&l.acct, sizeof(l.acct));
	if ((e = db_begin(db)) != E_OK)
		return e;
	if (*ce == CE_OK)
		e = db_exec(db, SQL_CHECKED, "dditi", (int)ci.has_card,
		    (int)ci.contract_good, now, "", mid);
	else if (*ce == CE_AUTH || *ce == CE_STANDING ||
	    *ce == CE_NO_PAYMENT)
		/* the carrier refuses the account: it is not usable */
		e = db_exec(db, SQL_CHECKED, "dditi", 0, 0, now,
		    carrier_err_name(*ce), mid);
	else if (*ce == CE_NOT_LINKED)	/* the merchant revoked the link */
		e = db_exec(db, SQL_UNLINK, "i", mid);
	else		/* down, rate limited: what we knew stays */
		e = db_exec(db, SQL_CHECK_FAILED, "ti", carrier_err_name(*ce),
		    mid);
	if (e != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

static const char SQL_REG_ADD[] =
    "INSERT OR REPLACE INTO carrier_reg (token_hash, merchant_id,"
    " created_at) VALUES (?, ?, ?)";
static const char SQL_REG_TAKE[] =
    "DELETE FROM carrier_reg WHERE token_hash = ? AND merchant_id = ?"
    " AND created_at > ? RETURNING merchant_id";
static const char SQL_REG_OLD[] =
    "DELETE FROM carrier_reg WHERE created_at <= ?";

enum rerr
carrier_link_reg_start(struct db *db, int64_t mid, const char *return_url,
    const char *lang, int64_t now, char *url, size_t len,
    enum carrier_err *ce)
{
	struct carrier_fail f;
	char token[64], hash[65];
	enum rerr e;

	if ((*ce = carrier_reg_token(token, sizeof(token), &f)) != CE_OK)
		return E_DENIED;
	if (!carrier_reg_url(token, return_url, lang, url, len)) {
		*ce = CE_UNEXPECTED;
		return E_DENIED;
	}
	crypto_sha256_hex(hash, token);
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_REG_OLD, "i", now - REG_TTL)) != E_OK ||
	    (e = db_exec(db, SQL_REG_ADD, "tii", hash, mid, now)) != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

enum rerr
carrier_link_reg_finish(struct db *db, int64_t mid, const char *token,
    int64_t now, enum carrier_err *ce)
{
	struct carrier_registration r;
	struct carrier_fail f;
	sqlite3_stmt *st;
	char hash[65];
	enum rerr e;
	int rc;

	*ce = CE_OK;
	if (strlen(token) > 40)
		return E_NOTFOUND;
	crypto_sha256_hex(hash, token);
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((st = db_stmt(db, SQL_REG_TAKE)) == NULL ||
	    db_bind(st, "tii", hash, mid, now - REG_TTL) != E_OK) {
		db_rollback(db);
		return E_DB;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		e = db_err(db, rc);
		db_rollback(db);
		return e;
	}
	if ((e = db_commit(db)) != E_OK)
		return e;
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;	/* not this merchant's, or too old */
	if ((*ce = carrier_reg_info(token, &r, &f)) != CE_OK)
		return E_DENIED;
	e = carrier_link_set(db, mid, r.customer_number, r.contract_number,
	    r.api_user[0] ? r.api_user : NULL, r.api_password, now);
	explicit_bzero(&r, sizeof(r));
	if (e != E_OK)
		return e;
	return carrier_link_refresh(db, mid, now, ce);
}
