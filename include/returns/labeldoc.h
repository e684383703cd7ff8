/* labeldoc.h -- a return's label as a PDF document (web layer).
 *
 * The carrier's own label, stored when it was made, or the self-issued
 * one drawn by label_pdf() with the catalogues' service names. Used by
 * the customer's download (the label app) and the label email (the
 * notifier), so both hold the same document.
 */
#ifndef RETURNS_LABELDOC_H
#define RETURNS_LABELDOC_H

#include "returns/buf.h"
#include "returns/db.h"
#include "returns/i18n.h"
#include "returns/policy.h"
#include "returns/shipment.h"

/* Appends the label of s (its policy p) to out, its title in lang.
 * E_NOTFOUND when a carrier's label was never stored; out is left as it
 * was on any error. The caller checks that the label may still be used
 * (method "label", not expired, not yet mailed). */
enum rerr	 labeldoc_pdf(struct db *, const struct shipment *s,
		    const struct policy *p, enum lang, struct arena *,
		    struct buf *out);
/* The PDF's file name in lang: "return-label-<tracking>.pdf",
 * "etiquette-de-retour-<tracking>.pdf" (ASCII). */
const char	*labeldoc_filename(enum lang, const char *tracking,
		    struct arena *);

#endif
