/* sbuf.c - growable strings. */
#include "sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty[1];

void sbuf_init(sbuf *b)
{
    b->s = empty;
    b->len = b->cap = 0;
    b->failed = 0;
}

void sbuf_free(sbuf *b)
{
    if (b->cap)
        free(b->s);
    sbuf_init(b);
}

/* Room for `more` further bytes plus the NUL. */
static int grow(sbuf *b, size_t more)
{
    if (b->failed)
        return -1;
    if (more >= (size_t)-1 / 2 - b->len) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + more + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 32;
    while (cap < need)
        cap *= 2;
    char *s = b->cap ? realloc(b->s, cap) : malloc(cap);
    if (!s) {
        b->failed = 1;
        return -1;
    }
    if (!b->cap)
        s[0] = '\0';
    b->s = s;
    b->cap = cap;
    return 0;
}

int sbuf_add(sbuf *b, const char *s, size_t n)
{
    if (grow(b, n) < 0)
        return -1;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

int sbuf_adds(sbuf *b, const char *s)
{
    return sbuf_add(b, s, strlen(s));
}

int sbuf_addc(sbuf *b, char c)
{
    return sbuf_add(b, &c, 1);
}

int sbuf_vaddf(sbuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    int rc = -1;
    if (n < 0)
        b->failed = 1;
    else if (grow(b, (size_t)n) == 0) {
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
        rc = 0;
    }
    va_end(again);
    return rc;
}

int sbuf_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sbuf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void sbuf_truncate(sbuf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->s[len] = '\0';
    }
}

char *sbuf_take(sbuf *b)
{
    char *s = NULL;
    if (!b->failed)
        s = b->cap ? b->s : strdup("");
    else if (b->cap)
        free(b->s);
    sbuf_init(b);
    return s;
}

int sbuf_failed(const sbuf *b)
{
    return b->failed;
}

size_t sbuf_utf8_prefix(const char *s, size_t len, size_t max_bytes)
{
    if (len <= max_bytes)
        return len;
    size_t n = max_bytes;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}
