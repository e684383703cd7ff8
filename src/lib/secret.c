/* secret.c -- see include/returns/secret.h. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/secret.h"

static unsigned char key[SECRET_LEN];
static int loaded;
static struct crypto_hmac_key *derive;	/* key, prepared for HMAC */

/* Writes a new key to a temporary file, then links it into place, so a
 * reader never sees a half-written key. E_EXISTS when another process
 * created it first. */
static enum rerr
create(const char *path)
{
	unsigned char k[SECRET_LEN];
	char tmp[4200];
	enum rerr e = E_SYS;
	int fd;

	if (crypto_random(k, sizeof(k)) != E_OK)
		return E_SYS;
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_err(NULL, "cannot create %s: %s", tmp, strerror(errno));
		return E_SYS;
	}
	if (write(fd, k, sizeof(k)) != (ssize_t)sizeof(k) || fsync(fd) != 0) {
		log_err(NULL, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (link(tmp, path) != 0) {
		if (errno == EEXIST)
			e = E_EXISTS;
		else
			log_err(NULL, "cannot create %s: %s", path,
			    strerror(errno));
		goto out;
	}
	log_info(NULL, "created the key file %s", path);
	e = E_OK;
out:
	close(fd);
	unlink(tmp);
	return e;
}

enum rerr
secret_load(const char *path)
{
	enum rerr e = keyfile_load(path, key);

	if (e != E_OK)
		return e;
	crypto_hmac_key_free(derive);
	if ((derive = crypto_hmac_key_new(key, sizeof(key))) == NULL)
		return E_SYS;
	loaded = 1;
	return E_OK;
}

enum rerr
keyfile_load(const char *path, unsigned char out[SECRET_LEN])
{
	struct stat st;
	int fd;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		enum rerr e = create(path);
		if (e != E_OK && e != E_EXISTS)
			return e;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		log_err(NULL, "cannot read %s: %s", path, strerror(errno));
		return E_SYS;
	}
	if (fstat(fd, &st) == 0 && (st.st_mode & 077))
		log_warn(NULL, "%s is readable by others: chmod 600 it", path);
	n = read(fd, out, SECRET_LEN);
	close(fd);
	if (n != SECRET_LEN) {
		log_err(NULL, "%s: expected %d bytes", path, SECRET_LEN);
		return E_SYS;
	}
	return E_OK;
}

const unsigned char *
secret_key(void)
{
	return loaded ? key : NULL;
}

enum rerr
secret_derive_hex(const char *label, const char *msg, size_t n, char *out)
{
	unsigned char mac[32];
	char buf[512];
	int len;

	if (!loaded || n > sizeof(mac))
		return E_SYS;
	len = snprintf(buf, sizeof(buf), "%s:%s", label, msg);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return E_SYS;
	crypto_hmac_keyed(derive, mac, buf, (size_t)len);
	crypto_hex(out, mac, n);
	return E_OK;
}
