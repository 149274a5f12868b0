/* fmt.c - exact and German number formatting, German dates. */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fmt_exact(double v, char dec, char *buf, size_t size)
{
    char e[40];
    if (v == 0 || !isfinite(v)) {
        snprintf(buf, size, "0");
        return;
    }
    /* Shortest round-trip digits. Any decimal of at most 15 significant
     * digits survives the trip through a double (DBL_DIG), so when 15
     * digits read back exactly, stripping trailing zeros below gives the
     * shortest form; otherwise the correctly rounded 16 or 17 digits do. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, v);
        if (strtod(e, NULL) == v)
            break;
    }
    /* e = [-]d[.ddd]e[+-]XX */
    char digits[24] = {0};
    size_t nd = 0;
    const char *p = e;
    int neg = *p == '-';
    if (neg)
        p++;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    int exp10 = (int)strtol(p + 1, NULL, 10);
    /* value = 0.d1d2d3... * 10^(exp10 + 1) */
    int point = exp10 + 1; /* digits before the separator */
    size_t o = 0;
#define PUT(ch)                                                                                    \
    do {                                                                                           \
        if (o + 1 < size)                                                                          \
            buf[o++] = (ch);                                                                       \
    } while (0)
    if (neg)
        PUT('-');
    if (point <= 0) {
        PUT('0');
        PUT(dec);
        for (int i = 0; i < -point; i++)
            PUT('0');
        for (size_t i = 0; i < nd; i++)
            PUT(digits[i]);
    } else {
        for (int i = 0; i < point; i++)
            PUT((size_t)i < nd ? digits[i] : '0');
        if ((size_t)point < nd) {
            PUT(dec);
            for (size_t i = (size_t)point; i < nd; i++)
                PUT(digits[i]);
        }
    }
#undef PUT
    buf[o] = '\0';
}

void fmt_de(double v, int decimals, int typographic, char *buf, size_t size)
{
    char raw[400];
    if (decimals < 0)
        decimals = 0;
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    /* rounding can turn a tiny negative into zero: no "-0" */
    int neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    char *pt = strchr(raw, '.');
    size_t int_len = pt ? (size_t)(pt - raw) : strlen(raw);
    size_t o = 0;
    const char *minus = typographic ? "\xE2\x88\x92" : "-";
    if (neg)
        for (const char *m = minus; *m && o + 1 < size; m++)
            buf[o++] = *m;
    for (size_t i = 0; i < int_len && o + 1 < size; i++) {
        if (i > 0 && (int_len - i) % 3 == 0 && o + 1 < size)
            buf[o++] = '.';
        if (o + 1 < size)
            buf[o++] = raw[i];
    }
    if (pt) {
        if (o + 1 < size)
            buf[o++] = ',';
        for (const char *q = pt + 1; *q && o + 1 < size; q++)
            buf[o++] = *q;
    }
    buf[o] = '\0';
}

int fmt_de_zero(double v, int decimals)
{
    char num[400];
    snprintf(num, sizeof num, "%.*f", decimals < 0 ? 0 : decimals, fabs(v));
    return strspn(num, "0.") == strlen(num);
}

static struct tm split_time(time_t t, int utc)
{
    struct tm tm;
    if (utc)
        gmtime_r(&t, &tm);
    else
        localtime_r(&t, &tm);
    return tm;
}

void fmt_date_de(time_t t, int utc, char *buf, size_t size)
{
    static const char *const months[] = {"Januar",    "Februar", "März",     "April",
                                         "Mai",       "Juni",    "Juli",     "August",
                                         "September", "Oktober", "November", "Dezember"};
    struct tm tm = split_time(t, utc);
    snprintf(buf, size, "%d. %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

void fmt_datetime_de(time_t t, int utc, char *buf, size_t size)
{
    struct tm tm = split_time(t, utc);
    snprintf(buf, size, "%02d.%02d.%04d, %02d:%02d Uhr", tm.tm_mday, tm.tm_mon + 1,
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}
