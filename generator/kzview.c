/* kzview.c - the published key figures as a dataset and results of their own. */
#include "kzview.h"

#include <stdlib.h>
#include <string.h>

/* The aggregates and cells of key figure k of src into slot j of dst. */
static void copy_kz(kz_result *dst, const kz_result *src, size_t j, size_t k)
{
    const dataset *ds = src->ds;
    size_t cells = ds->ncities * ds->nyears, rings = ds->nrings * ds->nyears;
    memcpy(dst->cells + j * cells, src->cells + k * cells, cells * sizeof *dst->cells);
    memcpy(dst->agg + j * ds->nyears, src->agg + k * ds->nyears, ds->nyears * sizeof *dst->agg);
    if (rings)
        memcpy(dst->ring_agg + j * rings, src->ring_agg + k * rings, rings * sizeof *dst->ring_agg);
}

int kzview_init(kz_view *v, const dataset *ds, const kz_result *kz)
{
    memset(v, 0, sizeof *v);
    v->nall = ds->nkz;
    size_t n = 0;
    for (size_t k = 0; k < ds->nkz; k++)
        n += ds->kz[k].monitoring != 0;
    if (n == ds->nkz) {
        v->ds = ds;
        v->kz = kz;
        return 0;
    }
    dataset *d = &v->own_ds;
    kz_result *r = &v->own_kz;
    *d = *ds;
    size_t cells = ds->ncities * ds->nyears, rings = ds->nrings * ds->nyears;
    d->kz = malloc((n + 1) * sizeof *d->kz);
    d->areas = malloc((ds->nareas + 1) * sizeof *d->areas);
    size_t *area_map = malloc((ds->nareas + 1) * sizeof *area_map);
    r->cells = malloc((n * cells + 1) * sizeof *r->cells);
    r->agg = malloc((n * ds->nyears + 1) * sizeof *r->agg);
    r->ring_agg = malloc((n * rings + 1) * sizeof *r->ring_agg);
    v->owned = 1;
    if (!d->kz || !d->areas || !area_map || !r->cells || !r->agg || !r->ring_agg) {
        free(area_map);
        kzview_free(v);
        return -1;
    }
    r->ds = d;
    d->nkz = 0;
    d->nareas = 0;
    /* the areas that keep a key figure, in their original order */
    for (size_t a = 0; a < ds->nareas; a++)
        area_map[a] = (size_t)-1;
    for (size_t k = 0; k < ds->nkz; k++)
        if (ds->kz[k].monitoring)
            area_map[ds->kz[k].area_idx] = 0;
    for (size_t a = 0; a < ds->nareas; a++)
        if (area_map[a] != (size_t)-1) {
            area_map[a] = d->nareas;
            d->areas[d->nareas++] = ds->areas[a];
        }
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *src = &ds->kz[k];
        if (!src->monitoring)
            continue;
        d->kz[d->nkz] = *src;
        d->kz[d->nkz].area_idx = area_map[src->area_idx];
        copy_kz(r, kz, d->nkz++, k);
    }
    free(area_map);
    v->ds = d;
    v->kz = r;
    return 0;
}

void kzview_free(kz_view *v)
{
    if (v->owned) {
        free(v->own_ds.kz);
        free(v->own_ds.areas);
        free(v->own_kz.cells);
        free(v->own_kz.agg);
        free(v->own_kz.ring_agg);
    }
    memset(v, 0, sizeof *v);
}
