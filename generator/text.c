/* text.c - UTF-8 validation and excerpts. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t text_utf8_invalid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            return i; /* NUL, continuation byte or invalid lead */
        }
        if (n - i <= need)
            return i;
        unsigned cp = c & (0x3F >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return n;
}

size_t text_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

const char *text_pdf_string(const char *s, char *buf)
{
    if (text_utf8_len(s) <= TEXT_PDF_STRING_MAX)
        return s;
    text_excerpt(s, TEXT_PDF_STRING_MAX, buf, TEXT_PDF_STRING_BUF);
    return buf;
}

void text_excerpt(const char *s, size_t max_chars, char *out, size_t outsz)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    size_t o = 0, chars = 0;
    if (outsz == 0)
        return;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int lead = (c & 0xC0) != 0x80;
        if (lead && chars == max_chars)
            break;
        /* keep room for a whole code point plus the ellipsis and NUL */
        if (lead && o + 4 + sizeof ellipsis > outsz)
            break;
        if (lead)
            chars++;
        out[o++] = (char)((c < 0x20 || c == 0x7F) ? ' ' : c);
    }
    if (*s && o + sizeof ellipsis <= outsz) {
        memcpy(out + o, ellipsis, sizeof ellipsis - 1);
        o += sizeof ellipsis - 1;
    }
    out[o] = '\0';
}

/* out = the first k bytes of full and the ellipsis; its width. */
static double cut_width(const char *full, size_t k, text_width_fn width, void *ctx, char *out)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    memcpy(out, full, k);
    memcpy(out + k, ellipsis, sizeof ellipsis);
    return width(ctx, out);
}

/* The code point boundary at or before byte k of s. */
static size_t boundary_at(const char *s, size_t k)
{
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

/* The longest cut at a code point boundary whose width with the ellipsis
 * is at most max, moved back to the word boundary before it, is found by
 * bisection (widths grow with the prefix): a
 * character at a time, a 20,000-character name took minutes, measuring
 * the whole rest for every character dropped. */
double text_fit(const char *s, double max, text_width_fn width, void *ctx, char *out, size_t size)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    if (size == 0)
        return 0;
    snprintf(out, size, "%s", s);
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    size_t n = strlen(out);
    double w = width(ctx, out);
    if (w <= max || n == 0)
        return w;
    char *full = size >= sizeof ellipsis ? strdup(out) : NULL;
    if (!full) { /* no room for the ellipsis, or out of memory: the cut that always fits */
        snprintf(out, size, "%s", size >= sizeof ellipsis ? ellipsis : "");
        return width(ctx, out);
    }
    /* the largest byte position p whose cut (at the code point boundary at
     * or before it) fits: cuts grow with p, so bisection finds it */
    size_t lo = 0, hi = n - 1 + sizeof ellipsis > size ? size - sizeof ellipsis : n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (cut_width(full, boundary_at(full, mid), width, ctx, out) <= max)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t k = boundary_at(full, lo);
    /* inside a word: cut before it instead ("und …", not "und M…") when
     * that keeps two thirds of the text that fits (a shorter cut fits as
     * well: widths grow with the prefix) */
    if (full[k] != ' ') {
        size_t sp = k;
        while (sp > 0 && full[sp - 1] != ' ')
            sp--;
        if (sp > 1 && 3 * (sp - 1) >= 2 * k)
            k = sp;
    }
    w = cut_width(full, k, width, ctx, out);
    free(full);
    return w;
}

int text_has_control(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return 1;
    }
    return 0;
}

void text_append(char *out, size_t size, size_t *len, const char *s, size_t n)
{
    if (*len + 1 >= size)
        return;
    if (n > size - *len - 1) {
        n = size - *len - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]; in valid UTF-8 that leaves the C0 controls other
 * than TAB, LF, CR and the two noncharacters U+FFFE and U+FFFF. */
size_t text_xml_forbidden(const char *str, size_t n, unsigned *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
            *cp = s[i];
            return i;
        }
        if (s[i] == 0xEF && i + 2 < n && s[i + 1] == 0xBF &&
            (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) {
            *cp = s[i + 2] == 0xBE ? 0xFFFE : 0xFFFF;
            return i;
        }
    }
    return n;
}
