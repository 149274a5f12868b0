/* kz.c - key-figure values, flags, change rates, and the aggregates of the
 * circle and of its rings. */
#include "kz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Flag of the key figure from its inputs; sets *brk when an input carries
 * a series break. Returns 1 when every input has a number. */
static int input_flags(const dataset *ds, const ds_kennzahl *k, size_t base, uint8_t *flag,
                       uint8_t *brk)
{
    kv_flag missing = FLAG_FINAL, present = FLAG_FINAL;
    int any_missing = 0;
    *brk = 0;
    for (size_t i = 0; i < k->ninputs; i++) {
        kv_flag f = ds->flag[base + (size_t)k->inputs[i]];
        if (flag_is_missing(f)) {
            missing = any_missing ? flag_stronger(missing, f) : f;
            any_missing = 1;
        } else {
            present = flag_stronger(present, f);
            if (f == FLAG_BREAK)
                *brk = 1;
        }
    }
    *flag = (uint8_t)(any_missing ? missing : present);
    return !any_missing;
}

static void compute_cell(const dataset *ds, const ds_kennzahl *k, size_t city, size_t year,
                         kz_cell *out, diag_list *diag)
{
    size_t base = dataset_cell(ds, city, year, 0);
    memset(out, 0, sizeof *out);
    if (!input_flags(ds, k, base, &out->flag, &out->brk))
        return;
    const double *vars = ds->value + base;
    double num, den = 1;
    expr_result sn = expr_eval(k->num, vars, &num);
    expr_result sd = k->den ? expr_eval(k->den, vars, &den) : EXPR_OK;
    double value = den != 0 ? num / den * k->factor : 0;
    if (sn == EXPR_OK && sd == EXPR_OK && den != 0 && isfinite(value)) {
        out->value = value;
        out->num = num;
        out->den = den;
        out->has_value = 1;
        return;
    }
    out->flag = FLAG_X;
    const char *why = sn == EXPR_DIV_ZERO || sd == EXPR_DIV_ZERO ? "Division durch 0 in der Formel"
                      : den == 0                                 ? "Nenner ist 0"
                                                                 : "Ergebnis nicht endlich";
    diag_add(diag, DIAG_WARNING, ds->basedata_file, 0, ds->cities[city].id, ds->years[year],
             k->code, "Kennzahl %s für %s %d: %s; Wert gesperrt (x)", k->code, ds->cities[city].id,
             ds->years[year], why);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The aggregates of key figure k in year over the participants members[0..
 * nmembers) - or over all of them when members is NULL. scratch has room
 * for every participant. */
static void aggregate(const kz_result *r, size_t k, size_t year, const size_t *members,
                      size_t nmembers, double *scratch, kz_agg *out)
{
    const dataset *ds = r->ds;
    double sum_num = 0, sum_den = 0, sum = 0;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < nmembers; i++) {
        const kz_cell *cell = kz_get(r, k, members ? members[i] : i, year);
        out->brk |= cell->brk;
        out->provisional |= cell->flag == FLAG_P;
        if (!cell->has_value)
            continue;
        sum_num += cell->num;
        sum_den += cell->den;
        sum += cell->value;
        scratch[n++] = cell->value;
    }
    out->n = n;
    if (n == 0)
        return;
    if (sum_den != 0) {
        out->gesamt = sum_num / sum_den * ds->kz[k].factor;
        out->has_gesamt = 1;
    }
    qsort(scratch, n, sizeof *scratch, cmp_double);
    out->mean = sum / (double)n;
    out->median = n % 2 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    out->min = scratch[0];
    out->max = scratch[n - 1];
}

/* Change against the previous calendar year (SPEC.md): only where both
 * values exist, no break intervenes, the previous value is positive and
 * the current one not negative - a rate across a change of sign or from a
 * non-positive base says nothing. */
static void change_rates(kz_result *r, size_t k, size_t city)
{
    const dataset *ds = r->ds;
    kz_cell *row = &r->cells[(k * ds->ncities + city) * ds->nyears];
    for (size_t y = 1; y < ds->nyears; y++) {
        kz_cell *cur = &row[y];
        const kz_cell *prev = &row[y - 1];
        if (ds->years[y - 1] != ds->years[y] - 1 || !cur->has_value || !prev->has_value ||
            !(prev->value > 0) || cur->value < 0 || cur->brk)
            continue;
        cur->change = (cur->value - prev->value) / prev->value * 100;
        cur->has_change = 1;
    }
}

kz_result *kz_compute(const dataset *ds, diag_list *diag)
{
    kz_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->ds = ds;
    size_t ncells = ds->nkz * ds->ncities * ds->nyears;
    r->cells = malloc((ncells + 1) * sizeof *r->cells);
    r->agg = malloc((ds->nkz * ds->nyears + 1) * sizeof *r->agg);
    r->ring_agg = malloc((ds->nkz * ds->nrings * ds->nyears + 1) * sizeof *r->ring_agg);
    double *scratch = malloc((ds->ncities + 1) * sizeof *scratch);
    if (!r->cells || !r->agg || !r->ring_agg || !scratch) {
        free(scratch);
        kz_free(r);
        return NULL;
    }
    for (size_t k = 0; k < ds->nkz; k++) {
        for (size_t c = 0; c < ds->ncities; c++) {
            for (size_t y = 0; y < ds->nyears; y++)
                compute_cell(ds, &ds->kz[k], c, y,
                             &r->cells[(k * ds->ncities + c) * ds->nyears + y], diag);
            change_rates(r, k, c);
        }
        for (size_t y = 0; y < ds->nyears; y++)
            aggregate(r, k, y, NULL, ds->ncities, scratch, &r->agg[k * ds->nyears + y]);
        for (size_t g = 0; g < ds->nrings; g++)
            for (size_t y = 0; y < ds->nyears; y++)
                aggregate(r, k, y, ds->rings[g].members, ds->rings[g].nmembers, scratch,
                          &r->ring_agg[(k * ds->nrings + g) * ds->nyears + y]);
    }
    free(scratch);
    return r;
}

void kz_free(kz_result *r)
{
    if (!r)
        return;
    free(r->cells);
    free(r->agg);
    free(r->ring_agg);
    free(r);
}
