/* text.c - UTF-8 validation and excerpts. */
#include "text.h"

#include <stdint.h>
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

/* Where the words of a and b begin to differ: the start of the word in
 * which their first different byte lies, or of the word before it when
 * that word is a number or shorter than three characters ("Teil 2",
 * "Ring B"). */
static size_t differ_at(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    while (i > 0 && a[i - 1] != ' ')
        i--;
    size_t len = 0, chars = 0;
    while (a[i + len] && a[i + len] != ' ')
        chars += ((unsigned char)a[i + len++] & 0xC0) != 0x80;
    if ((chars < 3 || (a[i] >= '0' && a[i] <= '9')) && i > 0) {
        size_t j = i;
        while (j > 0 && a[j - 1] == ' ')
            j--;
        while (j > 0 && a[j - 1] != ' ')
            j--;
        i = j;
    }
    return i;
}

/* buf = s[0..k) without its trailing spaces, the ellipsis and tail (" … "
 * between them, "… " without a beginning); its width. */
static double middle_width(const char *s, size_t k, const char *tail, text_width_fn width,
                           void *ctx, char *buf)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    while (k > 0 && s[k - 1] == ' ')
        k--;
    memcpy(buf, s, k);
    size_t o = k;
    if (k)
        buf[o++] = ' ';
    memcpy(buf + o, ellipsis, sizeof ellipsis - 1);
    o += sizeof ellipsis - 1;
    if (*tail && *tail != ' ')
        buf[o++] = ' ';
    strcpy(buf + o, tail);
    return width(ctx, buf);
}

/* The longest beginning s[0..k), k <= upto, with which middle_width with
 * tail stays within max (widths grow with it), moved back before the
 * word it cuts into; none when that is the first word. */
static size_t head_that_fits(const char *s, size_t upto, const char *tail, double max,
                             text_width_fn width, void *ctx, char *buf)
{
    size_t lo = 0, hi = upto;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (middle_width(s, boundary_at(s, mid), tail, width, ctx, buf) <= max)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t k = boundary_at(s, lo);
    if (k < upto && s[k] != ' ') {
        size_t sp = k;
        while (sp > 0 && s[sp - 1] != ' ')
            sp--;
        k = sp;
    }
    return k;
}

/* s (no line breaks) cut in the middle to fit max as a malloc'ed text:
 * the words from `from` on whole after the ellipsis and as much of the
 * beginning before it as fits; when those words are too wide for that,
 * a beginning of at most a third of max, the ellipsis, and those words
 * cut at their end ("Nettoauszahlungen je … a.v.E. (Hilfe zur …"), the
 * first of them kept whole where it fits. NULL when out of memory. */
static char *fit_middle(const char *s, size_t from, double max, text_width_fn width, void *ctx)
{
    size_t n = strlen(s);
    const char *tail = s + from;
    char *buf = malloc(2 * n + 16), *cut = malloc(n + 8);
    if (!buf || !cut) {
        free(buf);
        free(cut);
        return NULL;
    }
    if (middle_width(s, 0, tail, width, ctx, buf) <= max) {
        middle_width(s, head_that_fits(s, from, tail, max, width, ctx, buf), tail, width, ctx, buf);
        free(cut);
        return buf;
    }
    size_t first = 0; /* the first word of the tail: the one that differs */
    while (tail[first] && tail[first] != ' ')
        first++;
    size_t k = head_that_fits(s, from, "", max / 3, width, ctx, buf);
    for (int pass = 0; pass < 4; pass++) {
        double room = max - middle_width(s, k, " ", width, ctx, buf) - (double)pass * max / 20;
        text_fit(tail, room, width, ctx, cut, n + 8);
        int whole = strncmp(cut, tail, first) == 0 && (cut[first] == ' ' || cut[first] == '\0');
        if (!whole && k > 0) { /* the beginning gives way to the word that differs */
            k = 0;
            pass--;
            continue;
        }
        if (middle_width(s, k, cut, width, ctx, buf) <= max)
            break;
    }
    if (width(ctx, buf) > max) /* too narrow for all that: the plain cut */
        text_fit(s, max, width, ctx, buf, 2 * n + 16);
    free(cut);
    return buf;
}

/* The order of (out, flat) pairs: by the cut text, then by the text. */
typedef struct {
    char *const *out, *const *flat;
} apart_ctx;

static int by_text(const void *a, const void *b, void *ctx)
{
    const apart_ctx *c = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int d = strcmp(c->out[x], c->out[y]);
    if (!d)
        d = strcmp(c->flat[x], c->flat[y]);
    return d ? d : (x > y) - (x < y);
}

void text_fit_free(char **out, size_t n)
{
    for (size_t i = 0; out && i < n; i++)
        free(out[i]);
    free(out);
}

/* Rounds of middle cuts: each moves a cut that still reads like another
 * text's before their difference (the cuts only move left). */
#define APART_ROUNDS 4

/* Sorts order by (out, flat); in each run of equal cut texts, marks where
 * each cut text differs from the others: in a sorted run, a text's
 * earliest difference with any other is with the run's first or last
 * (common beginnings shrink towards the ends). 1 when a mark moved. */
static int mark_alike(char **out, char **flat, char **plain, size_t *order, size_t *from,
                      uint8_t *redo, size_t n)
{
    apart_ctx c = {out, flat};
    qsort_r(order, n, sizeof *order, by_text, &c);
    int moved = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && strcmp(out[order[a]], out[order[b]]) == 0)
            b++;
        const char *ends[2] = {flat[order[a]], flat[order[b - 1]]};
        for (size_t i = a; i < b && strcmp(ends[0], ends[1]) != 0; i++) {
            size_t x = order[i];
            if (strcmp(plain[x], flat[x]) == 0) /* not cut: stays */
                continue;
            for (int e = 0; e < 2; e++) {
                if (strcmp(ends[e], flat[x]) == 0)
                    continue;
                size_t d = differ_at(flat[x], ends[e]);
                if (d < from[x]) {
                    from[x] = d;
                    redo[x] = 1;
                    moved = 1;
                }
            }
        }
        a = b;
    }
    return moved;
}

char **text_fit_apart(const char *const *s, size_t n, double max, text_width_fn width, void *ctx)
{
    char **out = calloc(n + 1, sizeof *out);
    char **plain = calloc(n + 1, sizeof *plain); /* text_fit's cut of each */
    char **flat = calloc(n + 1, sizeof *flat);   /* s[i] with line breaks as spaces */
    size_t *order = malloc((n + 1) * sizeof *order);
    size_t *from = malloc((n + 1) * sizeof *from); /* where to cut in the middle, SIZE_MAX: not */
    uint8_t *redo = calloc(n + 1, 1);
    int ok = out && plain && flat && order && from && redo;
    for (size_t i = 0; ok && i < n; i++) {
        from[i] = SIZE_MAX;
        size_t size = strlen(s[i]) + 4;
        ok = (plain[i] = malloc(size)) != NULL && (flat[i] = strdup(s[i])) != NULL;
        if (ok) {
            text_fit(s[i], max, width, ctx, plain[i], size);
            ok = (out[i] = strdup(plain[i])) != NULL;
            for (char *p = flat[i]; *p; p++)
                if (*p == '\n' || *p == '\t')
                    *p = ' ';
        }
        order[i] = i;
    }
    for (int round = 0; ok && round < APART_ROUNDS; round++) {
        if (!mark_alike(out, flat, plain, order, from, redo, n))
            break;
        for (size_t i = 0; ok && i < n; i++) {
            if (!redo[i])
                continue;
            redo[i] = 0;
            char *mid = fit_middle(flat[i], from[i], max, width, ctx);
            ok = mid != NULL;
            if (ok) {
                free(out[i]);
                out[i] = mid;
            }
        }
    }
    /* what still reads like another text keeps its plain cut: a middle
     * cut never makes texts read alike whose plain cuts differ */
    if (ok) {
        apart_ctx c = {out, flat};
        qsort_r(order, n, sizeof *order, by_text, &c);
        for (size_t a = 0; a < n;) {
            size_t b = a + 1;
            while (b < n && strcmp(out[order[a]], out[order[b]]) == 0)
                b++;
            if (strcmp(flat[order[a]], flat[order[b - 1]]) != 0)
                for (size_t i = a; i < b; i++)
                    redo[order[i]] = 1;
            a = b;
        }
        for (size_t i = 0; i < n; i++)
            if (redo[i]) {
                free(out[i]);
                out[i] = plain[i];
                plain[i] = NULL;
            }
    }
    for (size_t i = 0; flat && i < n; i++)
        free(flat[i]);
    text_fit_free(plain, n);
    free(flat);
    free(order);
    free(from);
    free(redo);
    if (!ok) {
        text_fit_free(out, n);
        return NULL;
    }
    return out;
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
