/* kz.h - the key-figure engine: every key figure for every participant and
 * year with its flag, the change against the previous year, and the
 * aggregates of the circle and of each comparison ring per key figure and
 * year. Reads the dataset, owns its results, changes nothing else.
 *
 * The rings themselves are part of the dataset model (dataset.h):
 * ds->nrings, ds->rings[i].name, .members/.nmembers, and the ring of a
 * participant ds->cities[c].ring (-1 for none). */
#ifndef KV_KZ_H
#define KV_KZ_H

#include "dataset.h"
#include "diag.h"

typedef struct {
    double value;    /* numerator / denominator * factor, when has_value */
    double num, den; /* the evaluated formulas, for the Gesamtwert */
    double change;   /* percent against year - 1, when has_change */
    uint8_t flag;    /* kv_flag: strongest input flag, or why it is missing */
    uint8_t has_value;
    uint8_t has_change;
    uint8_t brk; /* an input carries '|' in this year */
} kz_cell;

typedef struct {
    double gesamt; /* sum of numerators / sum of denominators * factor */
    double mean, median, min, max;
    size_t n; /* participants with a value; the others are 0 when n == 0 */
    uint8_t has_gesamt;
    uint8_t brk;         /* a participant's series breaks in this year (its cell's brk) */
    uint8_t provisional; /* a participant's value carries FLAG_P */
} kz_agg;

typedef struct {
    const dataset *ds; /* borrowed */
    kz_cell *cells;    /* [kz][city][year] */
    kz_agg *agg;       /* [kz][year] */
    kz_agg *ring_agg;  /* [kz][ring][year], over the ring's members */
} kz_result;

/* Computes all key figures. Zero denominators are reported as warnings.
 * Returns NULL when out of memory. */
kz_result *kz_compute(const dataset *ds, diag_list *diag);
void kz_free(kz_result *r);

static inline const kz_cell *kz_get(const kz_result *r, size_t k, size_t city, size_t year)
{
    return &r->cells[(k * r->ds->ncities + city) * r->ds->nyears + year];
}

static inline const kz_agg *kz_get_agg(const kz_result *r, size_t k, size_t year)
{
    return &r->agg[k * r->ds->nyears + year];
}

/* The aggregates of ring (an index into ds->rings) for key figure k in
 * year: the same rules as the circle's, over the ring's participants. */
static inline const kz_agg *kz_get_ring_agg(const kz_result *r, size_t k, size_t ring, size_t year)
{
    return &r->ring_agg[(k * r->ds->nrings + ring) * r->ds->nyears + year];
}

#endif
