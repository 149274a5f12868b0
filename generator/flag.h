/* flag.h - the official German statistics symbols (Zeichenerklärung). */
#ifndef KV_FLAG_H
#define KV_FLAG_H

#include <stddef.h>

typedef enum {
    FLAG_FINAL = 0, /* (empty)  final figure */
    FLAG_BREAK,     /* |  break in the series */
    FLAG_R,         /* r  revised */
    FLAG_P,         /* p  provisional */
    FLAG_S,         /* s  estimated */
    FLAG_DASH,      /* -  nothing there, exactly zero */
    FLAG_DOT,       /* .  unknown or confidential */
    FLAG_SLASH,     /* /  not reliable enough */
    FLAG_X,         /* x  not meaningful */
    FLAG_COUNT
} kv_flag;

/* Parses a flag field (exactly one symbol or empty); -1 when unknown. */
int flag_parse(const char *s, size_t n);

/* The symbol as written in files ("" for final). */
const char *flag_symbol(kv_flag f);

/* The symbol as printed in reports: '-' becomes the en dash. */
const char *flag_print_symbol(kv_flag f);

/* German meaning from the Zeichenerklärung. */
const char *flag_meaning(kv_flag f);

/* 1 for the flags that carry no number (. x /). */
int flag_is_missing(kv_flag f);

/* The stronger of two flags by the propagation rule of the key-figure
 * engine: among missing flags x > / > .; among the others s > p > r > | >
 * final; a missing flag beats every other. '-' counts as final. */
kv_flag flag_stronger(kv_flag a, kv_flag b);

#endif
