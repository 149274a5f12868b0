/* flag.c - symbol table and propagation order. */
#include "flag.h"

#include "texts.h"

#include <string.h>

static const struct {
    const char *sym, *print;
    tx_key meaning; /* the text (texts.h), a layout may word it */
} flags[FLAG_COUNT] = {
    [FLAG_FINAL] = {"", "", TX_zeichen_endgueltig},
    [FLAG_BREAK] = {"|", "|", TX_zeichen_bruch},
    [FLAG_R] = {"r", "r", TX_zeichen_berichtigt},
    [FLAG_P] = {"p", "p", TX_zeichen_vorlaeufig},
    [FLAG_S] = {"s", "s", TX_zeichen_geschaetzt},
    [FLAG_DASH] = {"-", "\xE2\x80\x93", TX_zeichen_null},
    [FLAG_DOT] = {".", ".", TX_zeichen_unbekannt},
    [FLAG_SLASH] = {"/", "/", TX_zeichen_unsicher},
    [FLAG_X] = {"x", "x", TX_zeichen_gesperrt},
};

int flag_parse(const char *s, size_t n)
{
    if (n == 0)
        return FLAG_FINAL;
    if (n != 1)
        return -1;
    for (int f = 1; f < FLAG_COUNT; f++)
        if (flags[f].sym[0] == s[0])
            return f;
    return -1;
}

const char *flag_symbol(kv_flag f)
{
    return flags[f].sym;
}

const char *flag_print_symbol(kv_flag f)
{
    return flags[f].print;
}

const char *flag_meaning(kv_flag f)
{
    return TX_AT(flags[f].meaning);
}

int flag_is_missing(kv_flag f)
{
    return f == FLAG_DOT || f == FLAG_SLASH || f == FLAG_X;
}

static int rank(kv_flag f)
{
    return f == FLAG_DASH ? FLAG_FINAL : (int)f; /* enum order is the strength order */
}

kv_flag flag_stronger(kv_flag a, kv_flag b)
{
    if (rank(a) == rank(b))
        return a == FLAG_DASH ? b : a;
    return rank(a) > rank(b) ? a : b;
}
