/* strmap.c - linear probing over a power-of-two table; keys are borrowed. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct strmap {
    const char **keys;
    size_t *lens;
    int *vals;
    size_t cap, used;
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int alloc_table(strmap *m, size_t cap)
{
    m->keys = calloc(cap, sizeof *m->keys);
    m->lens = calloc(cap, sizeof *m->lens);
    m->vals = calloc(cap, sizeof *m->vals);
    m->cap = cap;
    m->used = 0;
    return m->keys && m->lens && m->vals ? 0 : -1;
}

static void free_table(strmap *m)
{
    free(m->keys);
    free(m->lens);
    free(m->vals);
}

strmap *strmap_new(size_t expected)
{
    strmap *m = calloc(1, sizeof *m);
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    if (!m || alloc_table(m, cap) < 0) {
        if (m)
            free_table(m);
        free(m);
        return NULL;
    }
    return m;
}

void strmap_free(strmap *m)
{
    if (!m)
        return;
    free_table(m);
    free(m);
}

static size_t slot(const strmap *m, const char *key, size_t len)
{
    size_t i = (size_t)hash(key, len) & (m->cap - 1);
    while (m->keys[i] && !(m->lens[i] == len && memcmp(m->keys[i], key, len) == 0))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int grow(strmap *m)
{
    strmap old = *m;
    if (alloc_table(m, old.cap * 2) < 0) {
        free_table(m);
        *m = old;
        return -1;
    }
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.keys[i])
            continue;
        size_t j = slot(m, old.keys[i], old.lens[i]);
        m->keys[j] = old.keys[i];
        m->lens[j] = old.lens[i];
        m->vals[j] = old.vals[i];
        m->used++;
    }
    free_table(&old);
    return 0;
}

int strmap_put(strmap *m, const char *key, int value)
{
    size_t len = strlen(key);
    if ((m->used + 1) * 2 > m->cap && grow(m) < 0)
        return -2;
    size_t i = slot(m, key, len);
    if (m->keys[i])
        return m->vals[i];
    m->keys[i] = key;
    m->lens[i] = len;
    m->vals[i] = value;
    m->used++;
    return -1;
}

int strmap_get(const strmap *m, const char *key, size_t len)
{
    size_t i = slot(m, key, len);
    return m->keys[i] ? m->vals[i] : -1;
}
