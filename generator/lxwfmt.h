/* lxwfmt.h - libxlsxwriter's printing made cheap, byte for byte the same.
 *
 * libxlsxwriter 1.1.4 writes all of a workbook's XML with fprintf (183
 * calls, through glibc's __fprintf_chk) and prints every number with
 * snprintf("%.16G") and every integer attribute with snprintf("%d").
 * glibc's printf engine parses the format, pushes each piece through the
 * stream's vtable and converts a double with multi-precision arithmetic
 * (about 3,000 instructions per number): measured with callgrind, 45 % of
 * a workbook of 400 x 10 went to fprintf and snprintf. kvreport defines
 * both functions (the dynamic linker binds the library's calls to the
 * executable's definitions, as for lxwpack.c):
 * - __fprintf_chk: a format made only of text, %s, %d, %.16G and %% (all
 *   that libxlsxwriter uses) is expanded here and written with one
 *   fwrite_unlocked per buffer; any other format goes to glibc's
 *   __vfprintf_chk unchanged;
 * - snprintf: exactly "%d" and "%.16G" are done here, everything else by
 *   glibc's vsnprintf;
 * - lxw_new_attribute_str, _int, _dbl (xlsxwriter/xmlwriter.h): the
 *   library's own copy key and value with strncpy, which pads each into
 *   its 2,080-byte field with zeros; here only the string is copied, and
 *   numbers are printed as above;
 * - lxw_xml_start_tag, _empty_tag, _end_tag, _data_element (and their
 *   unencoded variants and the two escaping writers, all exported and
 *   called through the dynamic linker): the library's, but with each
 *   piece copied into the stream's buffer instead of a fprintf per piece.
 * The output is the same bytes as glibc's: %.16G is converted with exact
 * integer arithmetic (the double's 53-bit mantissa times a power of five
 * in 128 bits), and a case it does not cover (below 1e-4, from 1e16 on,
 * infinities, NaN, an exact tie at the 16th digit) is handed to glibc.
 * tests/test_lxwfmt.c compares the printing with glibc's on millions of
 * numbers and the constructors and writers with the library's own. */
#ifndef KV_LXWFMT_H
#define KV_LXWFMT_H

#include <stddef.h>

/* Writes v as printf's "%.16G" would into out (at least 32 bytes) and
 * returns its length. Never fails. */
size_t lxwfmt_g16(double v, char *out);

/* Writes n as printf's "%d" would into out (at least 12 bytes) and
 * returns its length. */
size_t lxwfmt_int(int n, char *out);

#endif
