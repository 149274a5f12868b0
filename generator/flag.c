/* flag.c - symbol table and propagation order. */
#include "flag.h"

#include <string.h>

static const struct {
    const char *sym, *print, *meaning;
} flags[FLAG_COUNT] = {
    [FLAG_FINAL] = {"", "", "endgültige Zahl"},
    [FLAG_BREAK] = {"|", "|", "grundsätzliche Änderung innerhalb einer Reihe"},
    [FLAG_R] = {"r", "r", "berichtigte Zahl"},
    [FLAG_P] = {"p", "p", "vorläufige Zahl"},
    [FLAG_S] = {"s", "s", "geschätzte Zahl"},
    [FLAG_DASH] = {"-", "\xE2\x80\x93", "nichts vorhanden (genau null)"},
    [FLAG_DOT] = {".", ".", "Zahlenwert unbekannt oder geheim zu halten"},
    [FLAG_SLASH] = {"/", "/", "keine Angabe, da Zahlenwert nicht sicher genug"},
    [FLAG_X] = {"x", "x", "Tabellenfach gesperrt, weil Aussage nicht sinnvoll"},
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
    return flags[f].meaning;
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
