/* export.c - kennzahlwerte.csv and ringwerte.csv. */
#include "export.h"

#include "csv.h"
#include "fmt.h"

#include <stdlib.h>
#include <string.h>

/* Room for the six aggregate columns of one key figure and year. */
#define AGG_TEXT (6 * FMT_EXACT_SIZE + 32)

static void put_num(FILE *fp, int has, double v)
{
    char buf[FMT_EXACT_SIZE];
    fputc(';', fp);
    if (!has)
        return;
    fmt_exact(v, ',', buf, sizeof buf);
    fputs(buf, fp);
}

static size_t append_num(char *dst, size_t o, int has, double v)
{
    dst[o++] = ';';
    if (has) {
        fmt_exact(v, ',', dst + o, FMT_EXACT_SIZE);
        o += strlen(dst + o);
    }
    return o;
}

/* ";gesamt;mean;median;min;max;n" for one key figure and year: the same on
 * every participant's row, so it is formatted once. */
static void format_agg(const kz_agg *a, char *dst)
{
    size_t o = 0;
    o = append_num(dst, o, a->has_gesamt, a->gesamt);
    o = append_num(dst, o, a->n > 0, a->mean);
    o = append_num(dst, o, a->n > 0, a->median);
    o = append_num(dst, o, a->n > 0, a->min);
    o = append_num(dst, o, a->n > 0, a->max);
    snprintf(dst + o, AGG_TEXT - o, ";%zu\n", a->n);
}

int export_kennzahlwerte(const kz_result *r, int max_year, FILE *fp)
{
    const dataset *ds = r->ds;
    size_t nagg = ds->nkz * ds->nyears;
    char *agg = malloc(nagg * AGG_TEXT + 1);
    if (!agg)
        return -1;
    for (size_t i = 0; i < nagg; i++)
        format_agg(&r->agg[i], agg + i * AGG_TEXT);
    fputs("city;code;year;value;flag;change;gesamtwert;mittelwert;median;minimum;maximum;anzahl\n",
          fp);
    for (size_t c = 0; c < ds->ncities; c++) {
        for (size_t k = 0; k < ds->nkz; k++) {
            for (size_t y = 0; y < ds->nyears && ds->years[y] <= max_year; y++) {
                const kz_cell *cell = kz_get(r, k, c, y);
                fprintf(fp, "%s;%s;%d", ds->cities[c].id, ds->kz[k].code, ds->years[y]);
                put_num(fp, cell->has_value, cell->value);
                fprintf(fp, ";%s", flag_symbol((kv_flag)cell->flag));
                put_num(fp, cell->has_change, cell->change);
                fputs(agg + (k * ds->nyears + y) * AGG_TEXT, fp);
            }
        }
    }
    free(agg);
    return ferror(fp) ? -1 : 0;
}

int export_ringwerte(const kz_result *r, int max_year, FILE *fp)
{
    const dataset *ds = r->ds;
    char agg[AGG_TEXT];
    fputs("ring;code;year;gesamtwert;mittelwert;median;minimum;maximum;anzahl\n", fp);
    for (size_t g = 0; g < ds->nrings; g++) {
        for (size_t k = 0; k < ds->nkz; k++) {
            for (size_t y = 0; y < ds->nyears && ds->years[y] <= max_year; y++) {
                csv_write_field(fp, ds->rings[g].name);
                fprintf(fp, ";%s;%d", ds->kz[k].code, ds->years[y]);
                format_agg(kz_get_ring_agg(r, k, g, y), agg);
                fputs(agg, fp);
            }
        }
    }
    return ferror(fp) ? -1 : 0;
}
