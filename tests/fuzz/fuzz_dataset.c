/* libFuzzer target: the whole dataset loader (file discovery, gzip, UTF-8,
 * header mapping, every rule, plausibility) over the five input files, then
 * the engine (key figures, change rates, circle and ring aggregates) and
 * both CSV exports. The input is the files separated by lines "%%": cities,
 * codes, kennzahlen, basedata, info; a missing piece is a missing file, a
 * piece starting with the gzip magic is written as NAME.csv.gz. The first
 * byte chooses the options (bit 0: --decimal-point, bit 1: plausibility
 * threshold). */
#include "csv.h"
#include "dataset.h"
#include "export.h"
#include "kz.h"

#include <stdint.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"cities.csv", "codes.csv", "kennzahlen.csv", "basedata.csv",
                                    "info.csv"};

static void write_inputs(const char *dir, const uint8_t *data, size_t size)
{
    size_t pos = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char gz[64];
        snprintf(gz, sizeof gz, "%s.gz", files[i]);
        fz_remove(dir, files[i]);
        fz_remove(dir, gz);
        const uint8_t *piece;
        size_t len;
        if (!fz_piece(data, size, &pos, "\n%%\n", &piece, &len))
            continue;
        int is_gzip = len >= 2 && piece[0] == 0x1f && piece[1] == 0x8b;
        fz_write(dir, is_gzip ? gz : files[i], piece, len);
    }
}

/* Every participant is in the ring it names, once; rings are non-empty. */
static void check_rings(const dataset *ds)
{
    size_t members = 0;
    for (size_t r = 0; r < ds->nrings; r++) {
        const ds_ring *g = &ds->rings[r];
        if (g->nmembers == 0 || !g->name[0])
            abort();
        for (size_t i = 0; i < g->nmembers; i++)
            if (ds->cities[g->members[i]].ring != (int)r ||
                (i && g->members[i] <= g->members[i - 1]))
                abort();
        members += g->nmembers;
    }
    size_t ringed = 0;
    for (size_t c = 0; c < ds->ncities; c++)
        ringed += ds->cities[c].ring >= 0;
    if (ringed != members)
        abort();
}

/* The contract's change-rate rule, and aggregates within the values. */
static void check_results(const kz_result *r)
{
    const dataset *ds = r->ds;
    for (size_t k = 0; k < ds->nkz; k++)
        for (size_t c = 0; c < ds->ncities; c++)
            for (size_t y = 0; y < ds->nyears; y++) {
                const kz_cell *cur = kz_get(r, k, c, y);
                if (!cur->has_change)
                    continue;
                const kz_cell *prev = y ? kz_get(r, k, c, y - 1) : NULL;
                if (!prev || !cur->has_value || !prev->has_value || !(prev->value > 0) ||
                    cur->value < 0 || cur->brk || ds->years[y - 1] != ds->years[y] - 1)
                    abort();
            }
    for (size_t k = 0; k < ds->nkz; k++)
        for (size_t g = 0; g < ds->nrings; g++)
            for (size_t y = 0; y < ds->nyears; y++) {
                const kz_agg *a = kz_get_ring_agg(r, k, g, y);
                if (a->n > ds->rings[g].nmembers || a->n > kz_get_agg(r, k, y)->n)
                    abort();
                if (a->n && !(a->min <= a->median && a->median <= a->max))
                    abort();
            }
}

/* ringwerte.csv reads back as CSV with one record per ring, key figure and
 * year, the ring name intact. */
static void check_ringwerte(const kz_result *r)
{
    const dataset *ds = r->ds;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp)
        return;
    int st = export_ringwerte(r, ds->years[ds->nyears - 1], fp);
    if (fclose(fp) != 0 || st != 0)
        abort();
    csv_reader rd;
    csv_reader_init(&rd, text, len);
    size_t n = 0, per_ring = ds->nkz * ds->nyears;
    while (csv_next(&rd) == CSV_RECORD) {
        if (n > 0 && strcmp(rd.fields[0], ds->rings[(n - 1) / per_ring].name) != 0)
            abort();
        n++;
    }
    if (n != 1 + ds->nrings * per_ring)
        abort();
    csv_reader_free(&rd);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *dir = fz_tmpdir();
    write_inputs(dir, data + 1, size - 1);
    ds_options opt = {.decimal = (data[0] & 1) ? '.' : ',', .change_warn = (data[0] & 2) ? 0.3 : 0};
    diag_list *diag = diag_new(1000);
    if (!diag)
        return 0;
    dataset *ds = NULL;
    kv_status st = dataset_load(dir, &opt, diag, &ds);
    size_t errors = diag_count(diag, DIAG_ERROR);
    if ((st == KV_OK) != (errors == 0) || (st == KV_OK && !ds))
        abort(); /* success exactly when no error was reported */
    if (ds)
        check_rings(ds);
    if (st == KV_OK && ds->nyears > 0) {
        kz_result *r = kz_compute(ds, diag);
        if (r) {
            check_results(r);
            FILE *null = fopen("/dev/null", "w");
            if (null) {
                (void)export_kennzahlwerte(r, ds->years[ds->nyears - 1], null);
                fclose(null);
            }
            check_ringwerte(r);
        }
        kz_free(r);
    }
    dataset_free(ds);
    diag_free(diag);
    return 0;
}
