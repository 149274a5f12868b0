/* fname.c - safe ASCII file-name stems, unique within a set. */
#include "fname.h"

#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ASCII for U+00C0..U+00FF (the second byte of C3 xx minus 0x80); NULL for
 * the two signs among them (multiplication and division), which separate. */
static const char *const latin1[64] = {
    "A", "A", "A", "A", "Ae", "A", "AE", "C",  "E", "E", "E", "E", "I",  "I", "I",  "I",
    "D", "N", "O", "O", "O",  "O", "Oe", NULL, "O", "U", "U", "U", "Ue", "Y", "Th", "ss",
    "a", "a", "a", "a", "ae", "a", "ae", "c",  "e", "e", "e", "e", "i",  "i", "i",  "i",
    "d", "n", "o", "o", "o",  "o", "oe", NULL, "o", "u", "u", "u", "ue", "y", "th", "y",
};

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The ASCII replacement of the character at *p, or NULL for a separator;
 * advances *p past it. prev is the last byte written so far (0 at the
 * start), for a combining diaeresis after a vowel. */
static const char *next_char(const unsigned char **p, char prev, char *one)
{
    const unsigned char *s = *p;
    if (is_alnum(s[0])) {
        one[0] = (char)s[0];
        one[1] = '\0';
        *p = s + 1;
        return one;
    }
    if (s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0xBF) {
        *p = s + 2;
        return latin1[s[1] - 0x80];
    }
    if (s[0] == 0xCC && s[1] == 0x88) { /* U+0308 COMBINING DIAERESIS */
        *p = s + 2;
        return prev && strchr("aouAOU", prev) ? "e" : NULL;
    }
    if (s[0] == 0xE1 && s[1] == 0xBA && s[2] == 0x9E) { /* U+1E9E capital sharp s */
        *p = s + 3;
        return "SS";
    }
    *p = s + 1; /* anything else, byte by byte: all of it separates */
    return NULL;
}

size_t fname_stem(const char *s, char *dst, size_t cap)
{
    size_t max = cap - 1 < FNAME_MAX ? cap - 1 : FNAME_MAX, o = 0;
    const unsigned char *p = (const unsigned char *)s;
    int sep = 0;
    char one[2];
    while (*p) {
        char prev = '\0';
        if (o && !sep)
            prev = dst[o - 1];
        const char *rep = next_char(&p, prev, one);
        if (!rep) {
            sep = o > 0;
            continue;
        }
        size_t need = strlen(rep) + (sep ? 1 : 0);
        if (o + need > max)
            break;
        if (sep)
            dst[o++] = '-';
        memcpy(dst + o, rep, strlen(rep));
        o += strlen(rep);
        sep = 0;
    }
    dst[o] = '\0';
    return o;
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* Windows refuses these as file names whatever the extension. */
static const char *const reserved[] = {
    "con",  "prn",  "aux",  "nul",  "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"};

/* stem with "-k" for k > 1, shortened to fit FNAME_MAX, into out
 * (FNAME_MAX + 1 bytes). */
static void with_suffix(const char *stem, unsigned long k, char *out)
{
    char suffix[24] = "";
    if (k > 1)
        snprintf(suffix, sizeof suffix, "-%lu", k);
    size_t keep = strlen(stem), room = FNAME_MAX - strlen(suffix);
    if (keep > room)
        keep = room;
    while (keep > 0 && stem[keep - 1] == '-')
        keep--;
    snprintf(out, FNAME_MAX + 1, "%.*s%s", (int)keep, stem, suffix);
}

void fname_list_free(char **list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

char **fname_unique(const char *const *names, size_t n, const char *fallback)
{
    char **out = calloc(n + 1, sizeof *out);
    char **keys = calloc(n + 1, sizeof *keys); /* lower-case copies the map borrows */
    strmap *taken = strmap_new(2 * n + 64);
    int ok = out && keys && taken;
    for (size_t i = 0; ok && i < sizeof reserved / sizeof *reserved; i++)
        ok = strmap_put(taken, reserved[i], 0) != -2;
    for (size_t i = 0; ok && i < n; i++) {
        char stem[FNAME_MAX + 1], cand[FNAME_MAX + 1];
        if (fname_stem(names[i], stem, sizeof stem) == 0)
            snprintf(stem, sizeof stem, "%s", fallback);
        for (unsigned long k = 1;; k++) {
            with_suffix(stem, k, cand);
            keys[i] = strdup(cand);
            if (!keys[i])
                break;
            lower(keys[i]);
            if (strmap_get(taken, keys[i], strlen(keys[i])) < 0)
                break;
            free(keys[i]);
            keys[i] = NULL;
        }
        ok = keys[i] && (out[i] = strdup(cand)) && strmap_put(taken, keys[i], (int)i) != -2;
    }
    strmap_free(taken);
    for (size_t i = 0; keys && i < n; i++)
        free(keys[i]);
    free(keys);
    if (ok)
        return out;
    fname_list_free(out, n);
    return NULL;
}
