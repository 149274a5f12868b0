/* fname.h - safe ASCII file names derived from display names (e.g. one
 * report per comparison ring, OUT/YEAR/ringe/FILE.pdf). A name is any
 * UTF-8 a participant wrote into cities.csv; the file name must survive
 * every file system and shell a circle uses, so it is reduced to letters,
 * digits and '-', with German umlauts and ß transliterated. */
#ifndef KV_FNAME_H
#define KV_FNAME_H

#include <stddef.h>

/* The longest stem, in bytes without the NUL (and without an extension the
 * caller appends), numeric suffix included. */
#define FNAME_MAX 64

/* Writes the file-name stem of the UTF-8 text s to dst (cap bytes, at least
 * 1): ASCII letters and digits as they are; ä ö ü Ä Ö Ü ß ẞ as ae oe ue Ae
 * Oe Ue ss SS (also the decomposed forms a/o/u + U+0308), other Latin-1
 * letters as their base letter (é -> e); every run of anything else (space,
 * '/', '.', quotes, control characters, invalid UTF-8) one '-', none at
 * either end. Shortened to FNAME_MAX bytes (and cap - 1) at a character
 * boundary. Returns the length; 0 when nothing usable is left (dst is then
 * ""). Cannot fail. */
size_t fname_stem(const char *s, char *dst, size_t cap);

/* File-name stems for n names, unique without regard to case (so they stay
 * apart on case-insensitive file systems) and never a Windows device name
 * (CON, NUL, COM1, ...): the stem of each name, or fallback when it has
 * none, with -2, -3, ... appended to the second and later uses (shortened
 * so that the result stays within FNAME_MAX). Names are taken in order, so
 * the result is deterministic. fallback must be a non-empty stem itself.
 * Returns a malloc'd array of n malloc'd strings, to be freed with
 * fname_list_free; NULL when out of memory (nothing to free then). */
char **fname_unique(const char *const *names, size_t n, const char *fallback);
void fname_list_free(char **list, size_t n);

#endif
