/* Unit tests for the chart raster encoder: every stream must decode to
 * its pixels with the reference decoder of zpix_check.h (zlib's inflater,
 * then the PNG row filters undone). */
#include "testutil.h"

#include "zpix.h"
#include "zpix_check.h"

#include <stdint.h>

static void roundtrip(const uint32_t *px, int w, int h)
{
    unsigned char *z;
    size_t zlen;
    assert_int_equal(zpix_encode(px, (size_t)w * 4, w, h, &z, &zlen), 0);
    assert_int_equal(zpix_check(z, zlen, px, w, h), 0);
    free(z);
}

static uint32_t next_random(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* A chart-like picture: white, bars of a few colours, repeated rows, and
 * noisy rows (antialiasing), with the unused top byte set at random. */
static uint32_t *chart_like(int w, int h, uint32_t seed)
{
    uint32_t *px = malloc((size_t)w * (size_t)h * sizeof *px);
    assert_non_null(px);
    static const uint32_t pal[] = {0xFFFFFF, 0x2B5C8A, 0x9DB9D3, 0xD55E00, 0xD9D9D9};
    for (int y = 0; y < h; y++) {
        uint32_t *row = px + (size_t)y * (size_t)w;
        uint32_t kind = next_random(&seed) % 4;
        if (y > 0 && kind == 0) {
            memcpy(row, row - w, (size_t)w * sizeof *row);
            continue;
        }
        for (int x = 0; x < w; x++) {
            uint32_t r = next_random(&seed);
            row[x] = kind == 1 ? (r & 0xFFFFFF) : pal[(x / 7 + y / 5) % 5];
            row[x] |= (r & 1) << 24;
        }
    }
    return px;
}

static void test_sizes(void **state)
{
    (void)state;
    static const int sizes[][2] = {{1, 1}, {1, 5},  {2, 1},  {2, 2},
                                   {3, 7}, {86, 3}, {87, 4}, {300, 40}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t *px = chart_like(sizes[i][0], sizes[i][1], (uint32_t)i + 1);
        roundtrip(px, sizes[i][0], sizes[i][1]);
        free(px);
    }
}

static void test_flat_image_compresses_far(void **state)
{
    (void)state;
    int w = 2000, h = 1000;
    uint32_t *px = malloc((size_t)w * (size_t)h * sizeof *px);
    assert_non_null(px);
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        px[i] = 0xFFFFFF;
    for (int y = 300; y < 340; y++)
        for (int x = 100; x < 1700; x++)
            px[(size_t)y * (size_t)w + (size_t)x] = 0x2B5C8A;
    unsigned char *z;
    size_t zlen;
    assert_int_equal(zpix_encode(px, (size_t)w * 4, w, h, &z, &zlen), 0);
    assert_int_equal(zpix_check(z, zlen, px, w, h), 0);
    /* 6 MB of pixels: every repeated row costs a few dozen bytes */
    assert_true(zlen < 60000);
    free(z);
    free(px);
}

static void test_runs_across_match_limit(void **state)
{
    (void)state;
    /* run lengths around the 258-byte match limit and its remainders */
    for (int w = 85; w <= 90; w++) {
        uint32_t *px = malloc((size_t)w * 3 * sizeof *px);
        assert_non_null(px);
        for (int i = 0; i < w * 3; i++)
            px[i] = i % w == 0 ? 0x000000 : 0x123456;
        roundtrip(px, w, 3);
        free(px);
    }
}

/* Rows that differ from the one above only between two columns: every
 * span of every width up to 9 (zero runs of 0 to 26 bytes around it), and
 * a wide row with one changed pixel, first, last or inside. */
static void test_changed_spans(void **state)
{
    (void)state;
    for (int w = 1; w <= 9; w++)
        for (int lo = 0; lo < w; lo++)
            for (int hi = lo + 1; hi <= w; hi++) {
                uint32_t px[3 * 9];
                for (int x = 0; x < w; x++) {
                    px[x] = 0xFFFFFF;
                    px[w + x] = x >= lo && x < hi ? 0x2B5C8A + (uint32_t)x : 0xFFFFFF;
                    px[2 * w + x] = px[w + x];
                }
                roundtrip(px, w, 3);
            }
    int w = 1500;
    uint32_t *px = malloc((size_t)w * 4 * sizeof *px);
    assert_non_null(px);
    for (int i = 0; i < w * 4; i++)
        px[i] = 0xF5F7FA;
    px[w] = 0x000001;             /* row 1: first pixel */
    px[2 * w + w - 1] = 0x102030; /* row 2: last pixel */
    px[3 * w + 700] = 0xD55E00;   /* row 3: one inside */
    roundtrip(px, w, 4);
    free(px);
}

static void test_stride_and_bad_sizes(void **state)
{
    (void)state;
    int w = 5, h = 4;
    size_t stride = 32; /* 8 words per row, 5 used */
    uint32_t px[32], dense[20];
    for (int i = 0; i < 32; i++)
        px[i] = (uint32_t)(i * 0x010203);
    for (int y = 0; y < h; y++)
        memcpy(dense + y * w, px + y * 8, (size_t)w * 4);
    unsigned char *z;
    size_t zlen;
    assert_int_equal(zpix_encode(px, stride, w, h, &z, &zlen), 0);
    assert_int_equal(zpix_check(z, zlen, dense, w, h), 0);
    free(z);
    assert_int_equal(zpix_encode(px, stride, 0, h, &z, &zlen), -1);
    assert_null(z);
    assert_int_equal(zpix_encode(px, 4, w, h, &z, &zlen), -1);
    assert_int_equal(zpix_encode(px, stride, 70000, 1, &z, &zlen), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_flat_image_compresses_far),
        cmocka_unit_test(test_runs_across_match_limit),
        cmocka_unit_test(test_changed_spans),
        cmocka_unit_test(test_stride_and_bad_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
