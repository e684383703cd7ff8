/* buf.h -- growable byte buffers and per-request arenas (infrastructure).
 *
 * struct buf: a NUL-terminated growable string. buf_free() releases it;
 * buf_reset() keeps the memory for reuse (workers reuse one per request).
 * Allocation failure aborts: a worker out of memory cannot answer anyway and
 * the master respawns it.
 *
 * struct arena: bump allocator for everything a request needs. Pointers it
 * hands out live until arena_reset(), which the server calls after each
 * request.
 */
#ifndef RETURNS_BUF_H
#define RETURNS_BUF_H

#include <stddef.h>
#include <stdarg.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_reserve(struct buf *, size_t extra);
void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};

/* Never NULL: running out of memory aborts (see above). */
void	*arena_alloc(struct arena *, size_t)
	    __attribute__((returns_nonnull));
char	*arena_strdup(struct arena *, const char *)
	    __attribute__((returns_nonnull));
char	*arena_strndup(struct arena *, const char *, size_t)
	    __attribute__((returns_nonnull));
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3), returns_nonnull));
/* An array from the arena grown to cap elements of `size`: a new block
 * with the n first elements of v copied (v stays until the reset). */
void	*arena_grow(struct arena *, const void *v, size_t n, size_t cap,
	    size_t size) __attribute__((returns_nonnull));
/* Frees all chunks but the first, which is kept for the next request. */
void	 arena_reset(struct arena *);
void	 arena_free(struct arena *);

#endif
