/* mime.h - the MIME encodings of the mail drafts: headers folded before
 * column 78 (RFC 5322), non-ASCII text as RFC 2047 B-encoded words of whole
 * UTF-8 characters, bodies as quoted-printable (RFC 2045, lines of at most
 * 76 characters) and attachments as base64 in lines of 76. Lines end with
 * CRLF. These functions write to a stream; its errors are the caller's to
 * check (ferror). */
#ifndef KV_MIME_H
#define KV_MIME_H

#include <stddef.h>
#include <stdio.h>

/* Whether s cannot stand in a header as it is: non-ASCII or control
 * characters, or "=?" (which readers take for an encoded word). */
int mime_needs_encoding(const char *s);

/* An unstructured header ("Subject: ..."): the value as it is when plain
 * and short, else as encoded words. */
void mime_header_text(FILE *fp, const char *name, const char *value);

/* A mailbox header ("From: name <addr>"): the display name as a phrase,
 * its plain words as they are and every run of other words encoded; an
 * empty name gives the bare address. The address must be valid (addr.h). */
void mime_header_address(FILE *fp, const char *field, const char *name, const char *addr);

/* A header holding a comma-separated list of valid addresses, folded
 * between them. */
void mime_header_list(FILE *fp, const char *field, const char *list);

/* text (UTF-8, lines separated by '\n') as a quoted-printable body. */
void mime_quoted_printable(FILE *fp, const char *text);

/* data as base64 in lines of 76 characters. */
void mime_base64(FILE *fp, const unsigned char *data, size_t len);

#endif
