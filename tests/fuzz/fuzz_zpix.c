/* libFuzzer target: the chart raster encoder. Any picture must come back
 * unchanged through zlib's inflater and the PNG Up filter. */
#include "zpix.h"
#include "../zpix_check.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int w = 1 + data[0] % 64;
    /* pixels from the input, 2 bytes each: a palette index and a shade, so
     * that runs and repeated rows are frequent */
    size_t n = (size - 1) / 2;
    int h = (int)(n / (size_t)w);
    if (h < 1)
        return 0;
    uint32_t *px = malloc((size_t)w * (size_t)h * sizeof *px);
    if (!px)
        return 0;
    static const uint32_t pal[4] = {0xFFFFFF, 0x2B5C8A, 0xD55E00, 0x000000};
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        const uint8_t *p = data + 1 + 2 * i;
        px[i] = p[0] & 0x80 ? pal[p[0] & 3] : (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[1];
    }
    unsigned char *z;
    size_t zlen;
    if (zpix_encode(px, (size_t)w * 4, w, h, &z, &zlen) != 0)
        abort();
    if (zpix_check(z, zlen, px, w, h) != 0)
        abort();
    free(z);
    free(px);
    return 0;
}
