/* num.h - strict parser for numbers in input files. */
#ifndef KV_NUM_H
#define KV_NUM_H

#include <stddef.h>

/* Longest number text accepted (sign, digits and separator): 40
 * characters stay far inside a double's range (at most 1e40), so no
 * accepted number overflows. */
#define NUM_MAX_LEN 40

/* What the text is: a number, or which kind of not-a-number (the caller
 * turns the latter into a diagnostic with file and line). */
typedef enum {
    NUM_OK = 0,
    NUM_EMPTY,   /* zero-length text */
    NUM_INVALID, /* anything but -?digits(SEPdigits)? */
    NUM_TOO_LONG /* more than NUM_MAX_LEN characters */
} num_result;

/* Parses s[0..n) as an optional '-', digits, and optionally the decimal
 * separator dec (',' or '.') followed by digits. Thousands separators,
 * the other separator, '+', spaces, exponents, NaN and inf are invalid.
 * The result is correctly rounded. */
num_result num_parse(const char *s, size_t n, char dec, double *out);

/* German description of a result other than NUM_OK, for messages. */
const char *num_result_text(num_result st);

#endif
