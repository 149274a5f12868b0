/* mail.h - mail drafts: one RFC 5322 message per participant with its
 * workbook attached, ready for any sendmail-compatible MTA. Names are only
 * ever written as RFC 2047 encoded words and addresses are checked (addr.h),
 * so no input can inject a header. */
#ifndef KV_MAIL_H
#define KV_MAIL_H

#include "render.h"
#include "sbuf.h"

#include <stddef.h>
#include <stdio.h>

/* Appends the participant's usable recipients (addr.h; the reader warned
 * about every other one, naming it) to out, comma-separated, and returns
 * their number. Out of memory leaves out failed (sbuf_failed). */
size_t mail_recipients(const char *list, sbuf *out);

/* The number of usable recipients in list. This function can't fail. */
size_t mail_recipient_count(const char *list);

/* The subject line (UTF-8, unencoded). */
void mail_subject(const render_ctx *o, size_t city, char *out, size_t size);

/* Writes the message for participant city with the attachment's bytes.
 * 0 or -1 on a stream error. */
int mail_write(const render_ctx *o, size_t city, const unsigned char *attachment, size_t len,
               FILE *fp);

#endif
