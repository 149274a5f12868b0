/* sbuf.h - a growable, always NUL-terminated byte string (after Redis sds
 * and Lua's luaL_Buffer): the one way kvreport assembles text whose length
 * it does not control (names, addresses, formulas, messages).
 *
 * Out of memory is sticky: the first failed growth sets `failed`, keeps the
 * text built so far intact and turns every later append into a no-op, so a
 * caller may append many pieces and check once at the end (sbuf_failed).
 * Nothing is ever truncated silently: a failed buffer must not be used as
 * if it were complete. */
#ifndef KV_SBUF_H
#define KV_SBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *s;    /* the text, NUL-terminated; never NULL after sbuf_init */
    size_t len; /* bytes before the NUL */
    size_t cap; /* bytes allocated (0: s points at a static "") */
    int failed; /* an allocation failed: the text is incomplete */
} sbuf;

/* An empty buffer; allocates nothing. This function can't fail. */
void sbuf_init(sbuf *b);

/* Releases the text; b is empty (and usable) afterwards. */
void sbuf_free(sbuf *b);

/* Appends n bytes of s (which may contain NUL bytes). 0, or -1 when out of
 * memory (then b->failed is set and b is unchanged). */
int sbuf_add(sbuf *b, const char *s, size_t n);
int sbuf_adds(sbuf *b, const char *s);
int sbuf_addc(sbuf *b, char c);
int sbuf_addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sbuf_vaddf(sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Drops everything after the first len bytes (len <= b->len). */
void sbuf_truncate(sbuf *b, size_t len);

/* Hands the text over as a malloc'ed string and leaves b empty; NULL when
 * the buffer failed (the partial text is freed) or out of memory. */
char *sbuf_take(sbuf *b);

/* 1 when an append failed. */
int sbuf_failed(const sbuf *b);

/* The longest prefix of s of at most max_bytes bytes that does not split a
 * UTF-8 sequence: its length in bytes. For cutting on purpose. */
size_t sbuf_utf8_prefix(const char *s, size_t len, size_t max_bytes);

#endif
