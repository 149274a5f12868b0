/* zpix.h - a fast zlib stream for chart rasters.
 *
 * Chart rasters are large (about 2000 x 1000 pixels at 300 dpi) but simple:
 * flat areas, and most rows equal the row above. zlib's general matcher
 * scans every byte (about 350 MB/s here, the largest cost of a report), so
 * this encoder looks only where charts repeat themselves: a row equal to
 * the one above costs one memcmp, and runs of equal pixels become matches.
 *
 * The output is a standard zlib stream (RFC 1950/1951, fixed Huffman codes)
 * of PNG-filtered rows: filter byte "Up" (2) for every row but the first,
 * which is unfiltered (0). In a PDF image it needs
 *   /Filter /FlateDecode
 *   /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns w >>
 * Any inflater reads it; tests/test_zpix.c checks it with zlib's own. */
#ifndef KV_ZPIX_H
#define KV_ZPIX_H

#include <stddef.h>
#include <stdint.h>

/* Encodes w x h pixels given as rows of 32-bit words 0x00RRGGBB (cairo's
 * CAIRO_FORMAT_RGB24; the top byte is ignored), stride bytes apart. On
 * success returns 0 and a malloc'ed stream in *out (the caller frees it)
 * of *len bytes; -1 when out of memory or the size is out of range. */
int zpix_encode(const uint32_t *px, size_t stride, int w, int h, unsigned char **out, size_t *len);

#endif
