/* strmap.h - open-addressing hash map from borrowed strings to int. */
#ifndef KV_STRMAP_H
#define KV_STRMAP_H

#include <stddef.h>

typedef struct strmap strmap;

strmap *strmap_new(size_t expected);
void strmap_free(strmap *m);

/* Maps key (borrowed: it must outlive the map) to value. Returns the value
 * already stored under key, or -1 when the key was new. -2 on no memory. */
int strmap_put(strmap *m, const char *key, int value);

/* Value for the len bytes at key, or -1. */
int strmap_get(const strmap *m, const char *key, size_t len);

#endif
