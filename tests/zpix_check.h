/* zpix_check.h - the reference decoder for zpix streams, shared by the
 * unit test and the fuzz target: zlib's own inflater (which checks the
 * Adler-32 sum), then the PNG row filters undone as a PDF reader does.
 * Header-only; include it in one translation unit. */
#ifndef KV_ZPIX_CHECK_H
#define KV_ZPIX_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

/* 0 when z decodes to the w x h pixels px (0x00RRGGBB, rows w apart);
 * otherwise 1 (not a zlib stream of the right length), 2 (a row filter
 * other than None first and Up after), 3 (a pixel differs). */
static int zpix_check(const unsigned char *z, size_t zlen, const uint32_t *px, int w, int h)
{
    size_t rowbytes = 3 * (size_t)w, raw = (rowbytes + 1) * (size_t)h;
    unsigned char *buf = malloc(raw + 1);
    uLongf got = (uLongf)raw + 1;
    int rc = 0;
    if (!buf || uncompress(buf, &got, z, (uLong)zlen) != Z_OK || got != raw)
        rc = 1;
    for (int y = 0; rc == 0 && y < h; y++) {
        unsigned char *r = buf + (size_t)y * (rowbytes + 1);
        if (r[0] != (y ? 2 : 0))
            rc = 2;
        const unsigned char *up = y ? r - (rowbytes + 1) : r; /* the row above */
        for (size_t i = 1; y && i <= rowbytes; i++)
            r[i] = (unsigned char)(r[i] + up[i]);
        for (int x = 0; rc == 0 && x < w; x++) {
            uint32_t p = px[(size_t)y * (size_t)w + (size_t)x];
            if (r[1 + 3 * x] != ((p >> 16) & 0xFF) || r[2 + 3 * x] != ((p >> 8) & 0xFF) ||
                r[3 + 3 * x] != (p & 0xFF))
                rc = 3;
        }
    }
    free(buf);
    return rc;
}

#endif
