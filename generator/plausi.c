/* plausi.c - plausibility warnings. */
#include "plausi.h"

#include "fmt.h"

#include <math.h>
#include <stdlib.h>

static void fmt_value(double v, char *buf, size_t size)
{
    fmt_de(v, v == floor(v) ? 0 : 2, 0, buf, size);
}

static void check_years_delivered(const dataset *ds, diag_list *diag)
{
    for (size_t c = 0; c < ds->ncities; c++) {
        for (size_t y = 0; y < ds->nyears; y++) {
            size_t base = dataset_cell(ds, c, y, 0), k;
            for (k = 0; k < ds->ncodes && !ds->line[base + k]; k++)
                ;
            if (k == ds->ncodes)
                diag_add(diag, DIAG_WARNING, ds->basedata_file, 0, ds->cities[c].id, ds->years[y],
                         NULL, "Teilnehmer %s hat für %d keine Daten geliefert", ds->cities[c].id,
                         ds->years[y]);
        }
    }
}

static void check_codes_delivered(const dataset *ds, diag_list *diag)
{
    uint8_t *seen = calloc(ds->ncodes + 1, 1);
    if (!seen)
        return;
    size_t cells = ds->ncities * ds->nyears;
    for (size_t i = 0; i < cells; i++)
        for (size_t k = 0; k < ds->ncodes; k++)
            if (ds->line[i * ds->ncodes + k])
                seen[k] = 1;
    for (size_t k = 0; k < ds->ncodes; k++)
        if (!seen[k])
            diag_add(diag, DIAG_WARNING, "codes.csv", ds->codes[k].line, NULL, 0, ds->codes[k].code,
                     "Basiszahl %s wird in %s nie geliefert", ds->codes[k].code, ds->basedata_file);
    free(seen);
}

static void check_changes(const dataset *ds, double share, diag_list *diag)
{
    for (size_t c = 0; c < ds->ncities; c++) {
        for (size_t y = 1; y < ds->nyears; y++) {
            if (ds->years[y - 1] != ds->years[y] - 1)
                continue;
            for (size_t k = 0; k < ds->ncodes; k++) {
                size_t cur = dataset_cell(ds, c, y, k), prev = dataset_cell(ds, c, y - 1, k);
                kv_flag fc = ds->flag[cur], fp = ds->flag[prev];
                if (flag_is_missing(fc) || flag_is_missing(fp) || fc == FLAG_BREAK)
                    continue;
                double a = ds->value[prev], b = ds->value[cur];
                if (a == 0 || fabs(b - a) / fabs(a) <= share)
                    continue;
                char va[64], vb[64], pct[64];
                fmt_value(a, va, sizeof va);
                fmt_value(b, vb, sizeof vb);
                fmt_de((b - a) / fabs(a) * 100, 1, 0, pct, sizeof pct);
                diag_add(diag, DIAG_WARNING, ds->basedata_file, ds->line[cur], ds->cities[c].id,
                         ds->years[y], ds->codes[k].code,
                         "%s ändert sich gegenüber %d um %s%s %% (von %s auf %s)",
                         ds->codes[k].code, ds->years[y - 1], b > a ? "+" : "", pct, va, vb);
            }
        }
    }
}

void plausi_check(const dataset *ds, double change_share, diag_list *diag)
{
    check_years_delivered(ds, diag);
    check_codes_delivered(ds, diag);
    if (change_share > 0)
        check_changes(ds, change_share, diag);
}
