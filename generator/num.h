/* num.h - strict parser for numbers in input files. */
#ifndef KV_NUM_H
#define KV_NUM_H

#include <stddef.h>

/* Longest number text accepted (sign, digits and separator): 40
 * characters stay far inside a double's range (at most 1e40), so no
 * accepted number overflows. */
#define NUM_MAX_LEN 40

typedef enum {
    NUM_OK = 0,
    NUM_EMPTY,   /* zero-length text */
    NUM_INVALID, /* anything but -?digits(SEPdigits)? */
    NUM_TOO_LONG /* more than NUM_MAX_LEN characters */
} num_status;

/* Parses s[0..n) as an optional '-', digits, and optionally the decimal
 * separator dec (',' or '.') followed by digits. Thousands separators,
 * the other separator, '+', spaces, exponents, NaN and inf are invalid.
 * The result is correctly rounded. */
num_status num_parse(const char *s, size_t n, char dec, double *out);

/* German description of a status, for messages. */
const char *num_status_text(num_status st);

#endif
