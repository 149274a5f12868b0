/* mail.h - mail drafts: one RFC 5322 message per participant with its
 * workbook attached, ready for any sendmail-compatible MTA. Names are only
 * ever written as RFC 2047 encoded words and addresses are checked, so no
 * input can inject a header. */
#ifndef KV_MAIL_H
#define KV_MAIL_H

#include "render.h"

#include <stddef.h>
#include <stdio.h>

/* 1 when addr is a plain addr-spec we can put into a header. */
int mail_address_ok(const char *addr);

/* The participant's valid recipients, comma-separated, into out; returns
 * their number. */
size_t mail_recipients(const char *list, char *out, size_t size);

/* The subject line (UTF-8, unencoded). */
void mail_subject(const render_ctx *o, size_t city, char *out, size_t size);

/* Writes the message for participant city with the attachment's bytes.
 * 0 or -1 on a stream error. */
int mail_write(const render_ctx *o, size_t city, const unsigned char *attachment, size_t len,
               FILE *fp);

#endif
