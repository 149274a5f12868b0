/* text.h - UTF-8 helpers shared by reader, diagnostics and renderers. */
#ifndef KV_TEXT_H
#define KV_TEXT_H

#include <stddef.h>

/* Returns the offset of the first byte in s[0..n) that is not part of a
 * well-formed UTF-8 sequence (overlongs, surrogates and NUL are rejected),
 * or n when the whole range is valid. */
size_t text_utf8_invalid(const char *s, size_t n);

/* Number of code points in the valid UTF-8 string s. */
size_t text_utf8_len(const char *s);

/* Copies at most max_chars code points of s into out (size outsz, always
 * NUL-terminated), replacing control characters by spaces and appending
 * "…" when shortened. For quoting input values in messages. */
void text_excerpt(const char *s, size_t max_chars, char *out, size_t outsz);

/* A text for a string libharu writes (document information, bookmarks,
 * link descriptions): s itself when it has at most TEXT_PDF_STRING_MAX
 * characters, else its excerpt with "…" in buf (TEXT_PDF_STRING_BUF
 * bytes). That keeps it within the 32,767 bytes every reader takes (ISO
 * 32000-1, annex C) and within libharu's 65,535, beyond which it fails the
 * whole document (a participant name of 450,000 characters, allowed by
 * the input, in a report's title). */
#define TEXT_PDF_STRING_MAX 8000
#define TEXT_PDF_STRING_BUF (4 * TEXT_PDF_STRING_MAX + 8)
const char *text_pdf_string(const char *s, char *buf);

/* Measures the width of a NUL-terminated text in some renderer's units. */
typedef double (*text_width_fn)(void *ctx, const char *s);

/* Copies s into out (size bytes) with line breaks and tabs as spaces,
 * shortened at a character boundary with "…" until width(ctx, out) <= max.
 * Returns the width of out as last measured. Shared by the PDF (libharu
 * metrics) and the charts (cairo metrics). */
double text_fit(const char *s, double max, text_width_fn width, void *ctx, char *out, size_t size);

/* text_fit for n texts that must stay apart (the rings in a legend, the
 * labels of bars): out[i] is s[i] as text_fit cuts it, except where texts
 * that differ would read alike so; those are cut in the middle instead,
 * keeping whole the words from where they begin to differ
 * ("Vergleichsring der kreisfreien … Teilgruppe Nord"), or only the end
 * that fits ("… Teilgruppe Nord") when the beginning has no room. The
 * array and its texts are malloc'ed (text_fit_free); NULL when out of
 * memory. */
char **text_fit_apart(const char *const *s, size_t n, double max, text_width_fn width, void *ctx);
void text_fit_free(char **out, size_t n);

/* Appends s[0..n) to out (size bytes, *len of them used, always
 * NUL-terminated), cut at a character boundary when it does not fit;
 * *len advances. For building formulas and similar text piecewise. */
void text_append(char *out, size_t size, size_t *len, const char *s, size_t n);

/* Offset of the first character in the valid UTF-8 text s[0..n) that XML
 * 1.0 forbids (a C0 control other than TAB, LF, CR; U+FFFE; U+FFFF), with
 * its code point in *cp, or n when there is none. Such text cannot be
 * written into a workbook, an SVG or any other XML output. */
size_t text_xml_forbidden(const char *s, size_t n, unsigned *cp);

/* 1 when s contains a C0 control character or DEL other than TAB, LF, CR. */
int text_has_control(const char *s);

#endif
