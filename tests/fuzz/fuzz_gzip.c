/* libFuzzer target: gzip input. The fuzzer's bytes are basedata.csv.gz
 * beside fixed valid cities, codes and key figures. A reference decoder
 * (zlib's inflate member by member) says whether the bytes are a valid
 * gzip file; then the loader must read it exactly as it reads the
 * decompressed text given as plain basedata.csv, and a corrupt or
 * truncated stream must be a data error. Trailing bytes after the last
 * member are not judged here (known: accepted today, issue 12 row 15). */
#include "dataset.h"

#include <stdint.h>
#include <zlib.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { GZ_VALID, GZ_CORRUPT, GZ_TRAILING, GZ_NOT_GZIP };

#define OUT_MAX (1u << 22)

/* Decodes every member into *out (malloc'd, *outlen bytes). */
static int reference(const uint8_t *data, size_t size, uint8_t **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (size < 2 || data[0] != 0x1f || data[1] != 0x8b)
        return GZ_NOT_GZIP;
    uint8_t *buf = malloc(OUT_MAX);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (!buf || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        free(buf);
        return GZ_CORRUPT;
    }
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)size;
    z.next_out = buf;
    z.avail_out = OUT_MAX;
    int result = GZ_CORRUPT;
    for (;;) {
        int st = inflate(&z, Z_NO_FLUSH);
        if (st == Z_STREAM_END) {
            if (z.avail_in == 0) {
                result = GZ_VALID;
                break;
            }
            if (z.avail_in < 2 || z.next_in[0] != 0x1f || z.next_in[1] != 0x8b) {
                result = GZ_TRAILING;
                break;
            }
            inflateReset(&z); /* another member */
            continue;
        }
        if (st != Z_OK || z.avail_out == 0)
            break; /* corrupt, truncated (Z_BUF_ERROR), or too big to compare */
    }
    *outlen = OUT_MAX - z.avail_out;
    inflateEnd(&z);
    *out = buf;
    return result;
}

static const char cities[] = "id;name;group\nA;Stadt A;R1\nB;Stadt B;\n";
static const char codes[] = "code;label;unit\nN;Zähler;Personen\nD;Nenner;Personen\n";
static const char kz[] = "code;area;title;numerator;denominator;factor;unit;decimals\n"
                         "Q;B;Quote;N;D;100;%;1\n";

static kv_status load(const char *dir, size_t *errors)
{
    ds_options opt = {.decimal = ','};
    diag_list *diag = diag_new(100);
    dataset *ds = NULL;
    if (!diag)
        abort();
    kv_status st = dataset_load(dir, &opt, diag, &ds);
    *errors = diag_count(diag, DIAG_ERROR);
    dataset_free(ds);
    diag_free(diag);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fz_tmpdir();
    fz_write(dir, "cities.csv", cities, strlen(cities));
    fz_write(dir, "codes.csv", codes, strlen(codes));
    fz_write(dir, "kennzahlen.csv", kz, strlen(kz));
    fz_remove(dir, "basedata.csv");
    fz_write(dir, "basedata.csv.gz", data, size);
    size_t gz_errors, plain_errors;
    kv_status gz = load(dir, &gz_errors);

    uint8_t *text;
    size_t len;
    int ref = reference(data, size, &text, &len);
    if (ref == GZ_CORRUPT && gz == KV_OK)
        abort(); /* a broken stream was taken for data */
    if (ref == GZ_VALID && len < OUT_MAX) {
        fz_remove(dir, "basedata.csv.gz");
        fz_write(dir, "basedata.csv", text, len);
        kv_status plain = load(dir, &plain_errors);
        if (plain != gz || plain_errors != gz_errors)
            abort(); /* the compressed form reads differently from the plain one */
    }
    free(text);
    return 0;
}
