/* num.c - strict number parser with an exact fast path. */
#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

num_result num_parse(const char *s, size_t n, char dec, double *out)
{
    if (n == 0)
        return NUM_EMPTY;
    if (n > NUM_MAX_LEN)
        return NUM_TOO_LONG;
    size_t i = 0;
    int neg = 0;
    if (s[0] == '-') {
        neg = 1;
        i = 1;
    }
    uint64_t mant = 0;
    int digits = 0, frac = 0, int_digits = 0, seen_dec = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (seen_dec)
                frac++;
            else
                int_digits++;
            if (mant || c != '0')
                digits++;
            if (digits <= 19)
                mant = mant * 10 + (uint64_t)(c - '0');
        } else if (c == dec && !seen_dec) {
            seen_dec = 1;
        } else {
            return NUM_INVALID;
        }
    }
    if (int_digits == 0 || (seen_dec && frac == 0))
        return NUM_INVALID;
    /* Exact when the mantissa and 10^frac are both representable: one
     * IEEE division is then correctly rounded (Clinger's fast path). */
    if (digits <= 15 && frac <= 22) {
        double v = (double)mant / pow10_exact[frac];
        *out = neg ? -v : v;
        return NUM_OK;
    }
    char tmp[NUM_MAX_LEN + 1];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (seen_dec)
        *strchr(tmp, dec) = '.'; /* the program never changes LC_NUMERIC */
    *out = strtod(tmp, NULL);    /* finite: see NUM_MAX_LEN */
    return NUM_OK;
}

const char *num_result_text(num_result st)
{
    switch (st) {
    case NUM_OK:
        return "gültige Zahl";
    case NUM_EMPTY:
        return "leer";
    case NUM_INVALID:
        return "keine gültige Zahl";
    case NUM_TOO_LONG:
        return "Zahl zu lang";
    }
    return "?";
}
