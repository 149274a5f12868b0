/* dataset.h - the validated input model every later stage reads: the
 * participants, the base-figure codebook, the key-figure definitions with
 * compiled formulas, the years, and the base figures as a dense cube
 * [participant][year][code]. Renderers read it and never change it. */
#ifndef KV_DATASET_H
#define KV_DATASET_H

#include "diag.h"
#include "expr.h"
#include "flag.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *id, *name, *shortname, *group, *email;
    long line;
    int ring; /* index into dataset.rings, -1 when group is empty (no ring) */
} ds_city;

/* A comparison ring (Vergleichsring): the participants sharing one
 * non-empty group in cities.csv. */
typedef struct {
    const char *name; /* borrowed: the group text of its first member */
    size_t *members;  /* participant indices, in dataset order; owned */
    size_t nmembers;  /* at least 1 */
} ds_ring;

typedef struct {
    char *code, *label, *unit;
    int is_count; /* a head count: must be a non-negative whole number */
    long line;
} ds_code;

typedef struct {
    char *code, *area, *title, *numerator, *denominator, *unit, *description;
    double factor;
    int decimals;
    int monitoring; /* 1: in the published reports (kennzahlen.csv `monitoring`, default ja) */
    size_t area_idx;
    expr *num, *den; /* den NULL means 1 */
    int *inputs;     /* distinct base codes of numerator and denominator */
    size_t ninputs;
    long line;
} ds_kennzahl;

typedef struct {
    char decimal;       /* ',' (default) or '.' (--decimal-point) */
    double change_warn; /* warn when a base figure changes by more than this share; 0 = off */
} ds_options;

typedef struct {
    char *dir;
    char *basedata_file; /* name as found, e.g. "basedata.csv.gz" */
    ds_city *cities;
    size_t ncities;
    ds_code *codes;
    size_t ncodes;
    ds_kennzahl *kz;
    size_t nkz;
    char **areas; /* in order of first appearance */
    size_t nareas;
    ds_ring *rings; /* in order of first appearance in cities.csv */
    size_t nrings;
    int *years; /* distinct years in basedata, ascending */
    size_t nyears;
    /* cube of ncities * nyears * ncodes cells, see dataset_cell */
    double *value;  /* 0 where missing */
    uint8_t *flag;  /* kv_flag; a cell without a row is FLAG_DOT */
    uint32_t *line; /* basedata line of the row, 0 = no row */
    int synthetic;  /* info.csv says the data are synthetic examples */
    char *hinweis;  /* info.csv `hinweis` and `quelle`, NULL when not given */
    char *quelle;
} dataset;

/* Reads and validates the dataset in dir: KV_OK, KV_ERR_DATA (the errors
 * are in diag) or KV_ERR_INPUT (the directory or a required file missing
 * or unreadable). Problems go to diag. *out is set
 * whenever something could be read (also with KV_ERR_DATA, so the caller
 * can still find the report year); free it with dataset_free. */
kv_status dataset_load(const char *dir, const ds_options *opt, diag_list *diag, dataset **out);
void dataset_free(dataset *ds);

static inline size_t dataset_cell(const dataset *ds, size_t city, size_t year, size_t code)
{
    return (city * ds->nyears + year) * ds->ncodes + code;
}

/* Index of year in ds->years, or -1. */
int dataset_year_index(const dataset *ds, int year);

/* Index of the participant with this id, or -1. */
int dataset_city_index(const dataset *ds, const char *id);

/* Index of the base-figure code in ds->codes, or -1. */
int dataset_code_index(const dataset *ds, const char *code);

/* Builds ds->rings and every participant's ring from the groups (called by
 * dataset_load after reading cities.csv). 0, or -1 when out of memory; then
 * there are no rings and every participant's ring is -1. */
int dataset_index_rings(dataset *ds);

#endif
