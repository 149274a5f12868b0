/* changes.c - the state a generation keeps and the comparison with it. */
#include "changes.h"

#include "csv.h"
#include "fmt.h"
#include "outputs.h"
#include "sbuf.h"
#include "strmap.h"

#include <errno.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STATE_MAGIC "kvreport-state;2"
#define SEP         '\x1f' /* inside lookup keys: never part of an id, code or year */

/* One B, K or G line of a state: a base figure, a key-figure value, or a
 * Gesamtwert (city NULL). */
typedef struct {
    const char *city, *code;
    int year;
    double v;
    uint8_t has, flag;
} srow;

typedef struct {
    const char *id, *name;
    uint64_t digest;
} sparticipant;

typedef struct {
    const char *code, *num, *den, *factor, *unit;
} sdef;

typedef struct {
    srow *v;
    size_t n, cap;
    strmap *idx; /* key -> index */
    sbuf keys;   /* the keys, NUL-separated; offsets until indexed */
    size_t *off;
    /* a participant's rows stand together: city -> its run of rows */
    strmap *cidx;
    size_t *run_start, *run_len, nruns;
} srows;

struct chg_state {
    char *buf; /* the inflated text; every string points into it */
    time_t when;
    int utc;
    sparticipant *p;
    size_t np;
    sdef *d;
    size_t nd;
    srows b, k, g;
    strmap *pidx, *didx;
};

/* The state's numbers are the 16 hex digits of their bits: exact and fast
 * both ways (the state is read only by the next run). */
static double get_exact(const char *s)
{
    uint64_t bits = strtoull(s, NULL, 16);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* ---- lookup keys ---------------------------------------------------------- */

/* "city<SEP>code<SEP>year" (city NULL: "code<SEP>year") into b. Called
 * for every figure compared, so without printf. */
static void make_key(sbuf *b, const char *city, const char *code, int year)
{
    char digits[16];
    size_t n = 0;
    unsigned y = year < 0 ? 0 : (unsigned)year;
    do
        digits[sizeof digits - 1 - n++] = (char)('0' + y % 10);
    while ((y /= 10) && n < sizeof digits - 1);
    sbuf_truncate(b, 0);
    if (city) {
        sbuf_adds(b, city);
        sbuf_addc(b, SEP);
    }
    sbuf_adds(b, code);
    sbuf_addc(b, SEP);
    sbuf_add(b, digits + sizeof digits - n, n);
}

static int srows_add(srows *rs, srow r)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 256;
        srow *v = realloc(rs->v, cap * sizeof *v);
        size_t *off = realloc(rs->off, cap * sizeof *off);
        if (v)
            rs->v = v;
        if (off)
            rs->off = off;
        if (!v || !off)
            return -1;
        rs->cap = cap;
    }
    sbuf k;
    sbuf_init(&k);
    make_key(&k, r.city, r.code, r.year);
    rs->off[rs->n] = rs->keys.len;
    sbuf_add(&rs->keys, k.s, k.len + 1);
    int bad = sbuf_failed(&k) || sbuf_failed(&rs->keys);
    sbuf_free(&k);
    rs->v[rs->n++] = r;
    return bad ? -1 : 0;
}

/* Indexes the keys once they stop moving, and each participant's run. */
static int srows_index(srows *rs)
{
    rs->idx = strmap_new(rs->n + 1);
    rs->cidx = strmap_new(64);
    rs->run_start = malloc((rs->n + 1) * sizeof *rs->run_start);
    rs->run_len = malloc((rs->n + 1) * sizeof *rs->run_len);
    if (!rs->idx || !rs->cidx || !rs->run_start || !rs->run_len)
        return -1;
    for (size_t i = 0; i < rs->n; i++) {
        if (strmap_put(rs->idx, rs->keys.s + rs->off[i], (int)i) == -2)
            return -1;
        const char *city = rs->v[i].city;
        if (!city)
            continue;
        if (i > 0 && rs->v[i - 1].city && !strcmp(rs->v[i - 1].city, city)) {
            rs->run_len[rs->nruns - 1]++;
            continue;
        }
        if (strmap_put(rs->cidx, city, (int)rs->nruns) == -2)
            return -1;
        rs->run_start[rs->nruns] = i;
        rs->run_len[rs->nruns++] = 1;
    }
    return 0;
}

/* The rows of participant id: *n of them from the result. */
static const srow *srows_of(const srows *rs, const char *id, size_t *n)
{
    int r = rs->cidx ? strmap_get(rs->cidx, id, strlen(id)) : -1;
    *n = r >= 0 ? rs->run_len[r] : 0;
    return r >= 0 ? &rs->v[rs->run_start[r]] : NULL;
}

static const srow *srows_find(const srows *rs, sbuf *key, const char *city, const char *code,
                              int year)
{
    make_key(key, city, code, year);
    int i = rs->idx && !sbuf_failed(key) ? strmap_get(rs->idx, key->s, key->len) : -1;
    return i >= 0 ? &rs->v[i] : NULL;
}

static void srows_free(srows *rs)
{
    free(rs->v);
    free(rs->off);
    free(rs->run_start);
    free(rs->run_len);
    strmap_free(rs->idx);
    strmap_free(rs->cidx);
    sbuf_free(&rs->keys);
}

/* ---- reading a state ------------------------------------------------------- */

void chg_free(chg_state *s)
{
    if (!s)
        return;
    srows_free(&s->b);
    srows_free(&s->k);
    srows_free(&s->g);
    strmap_free(s->pidx);
    strmap_free(s->didx);
    free(s->p);
    free(s->d);
    free(s->buf);
    free(s);
}

time_t chg_time(const chg_state *s, int *utc)
{
    *utc = s->utc;
    return s->when;
}

static int parse_row(chg_state *s, char **f, size_t n)
{
    char kind = f[0][0];
    if ((kind == 'B' || kind == 'K') && n == 6) {
        srow r = {f[1], f[2], (int)strtol(f[3], NULL, 10), get_exact(f[4]), *f[4] != '\0', 0};
        int fl = flag_parse(f[5], strlen(f[5]));
        r.flag = (uint8_t)(fl < 0 ? FLAG_DOT : fl);
        return srows_add(kind == 'B' ? &s->b : &s->k, r);
    }
    if (kind == 'G' && n == 4)
        return srows_add(&s->g, (srow){NULL, f[1], (int)strtol(f[2], NULL, 10), get_exact(f[3]),
                                       *f[3] != '\0', 0});
    if (kind == 'P' && n == 4) {
        sparticipant *p = realloc(s->p, (s->np + 1) * sizeof *p);
        if (!p)
            return -1;
        s->p = p;
        p[s->np++] = (sparticipant){f[1], f[2], strtoull(f[3], NULL, 16)};
        return 0;
    }
    if (kind == 'D' && n == 6) {
        sdef *d = realloc(s->d, (s->nd + 1) * sizeof *d);
        if (!d)
            return -1;
        s->d = d;
        d[s->nd++] = (sdef){f[1], f[2], f[3], f[4], f[5]};
        return 0;
    }
    if (kind == 'T' && n == 3) {
        s->when = (time_t)strtoll(f[1], NULL, 10);
        s->utc = (int)strtol(f[2], NULL, 10);
    }
    return 0; /* a kind this version does not know: skipped */
}

static int index_state(chg_state *s)
{
    s->pidx = strmap_new(s->np + 1);
    s->didx = strmap_new(s->nd + 1);
    if (!s->pidx || !s->didx || srows_index(&s->b) < 0 || srows_index(&s->k) < 0 ||
        srows_index(&s->g) < 0)
        return -1;
    for (size_t i = 0; i < s->np; i++)
        if (strmap_put(s->pidx, s->p[i].id, (int)i) == -2)
            return -1;
    for (size_t i = 0; i < s->nd; i++)
        if (strmap_put(s->didx, s->d[i].code, (int)i) == -2)
            return -1;
    return 0;
}

chg_state *chg_load(const char *dir, kv_error *note)
{
    sbuf path;
    sbuf_init(&path);
    char *name = outputs_path(OUT_STATE, NULL, 0);
    sbuf_addf(&path, "%s/%s", dir, name ? name : "");
    free(name);
    if (!sbuf_failed(&path) && access(path.s, F_OK) != 0 && errno == ENOENT) {
        sbuf_free(&path);
        return NULL; /* no previous state: nothing to compare with */
    }
    chg_state *s = calloc(1, sizeof *s);
    kv_error e = {0};
    size_t len;
    kv_status rc = s && !sbuf_failed(&path) ? csv_slurp(path.s, &s->buf, &len, &e)
                                            : kv_fail(&e, KV_ERR_NOMEM, "zu wenig Speicher");
    if (rc == KV_OK && strncmp(s->buf, STATE_MAGIC "\n", sizeof STATE_MAGIC) != 0)
        rc = kv_fail(&e, KV_ERR_DATA, "unbekanntes Format");
    csv_reader r;
    csv_reader_init(&r, rc == KV_OK ? s->buf : (char *)"", rc == KV_OK ? len : 0);
    csv_result st = CSV_END;
    while (rc == KV_OK && (st = csv_next(&r)) == CSV_RECORD)
        if (r.nfields > 0 && parse_row(s, r.fields, r.nfields) < 0)
            rc = kv_fail(&e, KV_ERR_NOMEM, "zu wenig Speicher");
    /* the strings point into the buffer, which the reader rewrote in place */
    if (rc == KV_OK && st != CSV_END)
        rc = kv_fail(&e, KV_ERR_DATA, "beschädigte Datei");
    if (rc == KV_OK && index_state(s) < 0)
        rc = kv_fail(&e, KV_ERR_NOMEM, "zu wenig Speicher");
    csv_reader_free(&r);
    if (rc != KV_OK) {
        kv_fail(note, rc,
                "%s: der Stand des letzten Laufs ist nicht lesbar (%s); es wird keine "
                "Änderungsliste geschrieben",
                sbuf_failed(&path) ? dir : path.s, kv_error_text(&e));
        chg_free(s);
        s = NULL;
    }
    kv_error_free(&e);
    sbuf_free(&path);
    return s;
}

/* ---- writing a state ------------------------------------------------------- */

/* One field of a state line, ';' before it, quoted as RFC 4180 asks. */
static void put_field(sbuf *b, const char *s)
{
    sbuf_addc(b, ';');
    if (!s || !strpbrk(s, ";\"\r\n")) {
        sbuf_adds(b, s ? s : "");
        return;
    }
    sbuf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            sbuf_addc(b, '"');
        sbuf_addc(b, *s);
    }
    sbuf_addc(b, '"');
}

/* "K;city;code;year;bits;flag" (city NULL: "G;code;year;bits"). The state
 * has a line for every figure, so no printf. */
static void put_line(sbuf *b, char kind, const char *city, const char *code, int year, int has,
                     double v, const char *flag)
{
    static const char hex[] = "0123456789abcdef";
    char num[24];
    size_t n = 0;
    sbuf_addc(b, kind);
    if (city) {
        sbuf_addc(b, ';');
        sbuf_adds(b, city);
    }
    sbuf_addc(b, ';');
    sbuf_adds(b, code);
    num[n++] = ';';
    for (int d = 1000; d > 0; d /= 10)
        num[n++] = (char)('0' + (year / d) % 10);
    num[n++] = ';';
    if (has) {
        uint64_t bits;
        memcpy(&bits, &v, sizeof bits);
        for (int i = 15; i >= 0; i--)
            num[n + (size_t)i] = hex[(bits >> (4 * (15 - i))) & 15];
        n += 16;
    }
    sbuf_add(b, num, n);
    if (flag) {
        sbuf_addc(b, ';');
        sbuf_adds(b, flag);
    }
    sbuf_addc(b, '\n');
}

static int prev_participant(const chg_state *prev, const char *id)
{
    return prev ? strmap_get(prev->pidx, id, strlen(id)) : -1;
}

/* The B and K lines of the previous state for participant id. */
static void copy_rows(sbuf *b, const srows *rs, char kind, const char *id)
{
    size_t n;
    const srow *r = srows_of(rs, id, &n);
    for (size_t i = 0; i < n; i++)
        put_line(b, kind, r[i].city, r[i].code, r[i].year, r[i].has, r[i].v,
                 flag_symbol((kv_flag)r[i].flag));
}

static void state_participant(sbuf *out, const chg_state *prev, const render_ctx *rc,
                              const uint8_t *sel, size_t c)
{
    const dataset *ds = rc->ds;
    const ds_city *city = &ds->cities[c];
    int pi = sel && !sel[c] ? prev_participant(prev, city->id) : -1;
    if (pi >= 0) { /* its files were not written again: its old state stays */
        copy_rows(out, &prev->b, 'B', city->id);
        copy_rows(out, &prev->k, 'K', city->id);
        return;
    }
    for (size_t y = 0; y < ds->nyears; y++) {
        for (size_t b = 0; b < ds->ncodes; b++) {
            size_t i = dataset_cell(ds, c, y, b);
            if (ds->line[i]) /* no row counts as '.' either way */
                put_line(out, 'B', city->id, ds->codes[b].code, ds->years[y],
                         !flag_is_missing((kv_flag)ds->flag[i]), ds->value[i],
                         flag_symbol((kv_flag)ds->flag[i]));
        }
    }
    for (size_t k = 0; k < ds->nkz; k++) {
        for (size_t y = 0; y < ds->nyears && ds->years[y] <= rc->year; y++) {
            const kz_cell *cell = kz_get(rc->kz, k, c, y);
            put_line(out, 'K', city->id, ds->kz[k].code, ds->years[y], cell->has_value, cell->value,
                     flag_symbol((kv_flag)cell->flag));
        }
    }
}

static void state_text(sbuf *out, const chg_state *prev, const render_ctx *rc, const uint8_t *sel,
                       const uint64_t *digests)
{
    const dataset *ds = rc->ds;
    sbuf_addf(out, STATE_MAGIC "\nT;%lld;%d\n", (long long)rc->when, rc->utc);
    for (size_t c = 0; c < ds->ncities; c++) {
        sbuf_addf(out, "P;%s", ds->cities[c].id);
        put_field(out, ds->cities[c].name);
        sbuf_addf(out, ";%016llx\n", (unsigned long long)digests[c]);
    }
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *kz = &ds->kz[k];
        char factor[FMT_EXACT_SIZE];
        fmt_exact(kz->factor, ',', factor, sizeof factor);
        sbuf_addf(out, "D;%s", kz->code);
        put_field(out, kz->numerator);
        put_field(out, kz->denominator);
        put_field(out, factor);
        put_field(out, kz->unit);
        sbuf_addc(out, '\n');
    }
    for (size_t c = 0; c < ds->ncities; c++)
        state_participant(out, prev, rc, sel, c);
    for (size_t k = 0; k < ds->nkz; k++) {
        for (size_t y = 0; y < ds->nyears && ds->years[y] <= rc->year; y++) {
            const kz_agg *a = kz_get_agg(rc->kz, k, y);
            put_line(out, 'G', NULL, ds->kz[k].code, ds->years[y], a->has_gesamt, a->gesamt, NULL);
        }
    }
}

/* gzip of data (libdeflate at level 1: the state is rewritten every
 * night and read once; zlib at level 1 took twice as long). */
static int write_gzip(FILE *fp, const char *data, size_t len)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    size_t bound = c ? libdeflate_gzip_compress_bound(c, len) : 0;
    unsigned char *out = bound ? malloc(bound) : NULL;
    size_t n = out ? libdeflate_gzip_compress(c, data, len, out, bound) : 0;
    int rc = n && fwrite(out, 1, n, fp) == n && !ferror(fp) ? 0 : -1;
    free(out);
    libdeflate_free_compressor(c);
    return rc;
}

int chg_write_state(const chg_state *prev, const render_ctx *rc, const uint8_t *sel,
                    const uint64_t *digests, FILE *fp)
{
    sbuf text;
    sbuf_init(&text);
    state_text(&text, prev, rc, sel, digests);
    int r = sbuf_failed(&text) ? -1 : write_gzip(fp, text.s, text.len);
    sbuf_free(&text);
    return r;
}

/* ---- the digest of a participant's workbook --------------------------------- */

typedef struct {
    uint64_t h;
} fnv;

static void fnv_bytes(fnv *f, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        f->h ^= s[i];
        f->h *= 1099511628211ULL;
    }
}

static void fnv_str(fnv *f, const char *s)
{
    fnv_bytes(f, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void fnv_num(fnv *f, double v)
{
    fnv_bytes(f, &v, sizeof v);
}

static void fnv_cell(fnv *f, const kz_cell *c)
{
    uint8_t b[3] = {c->has_value, c->flag, c->has_change};
    fnv_bytes(f, b, sizeof b);
    if (c->has_value)
        fnv_num(f, c->value);
    if (c->has_change)
        fnv_num(f, c->change);
}

static void fnv_layout(fnv *f, const layout *l)
{
    const char *const s[] = {l->title,   l->subtitle, l->circle,        l->publisher,
                             l->contact, l->keywords, l->reference_date};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        fnv_str(f, s[i]);
    /* what the participant reports show (their mails carry them) */
    int settings[] = {l->anonymous, (int)l->sort, l->participant_reports, l->part_named, l->dpi};
    fnv_bytes(f, settings, sizeof settings);
    fnv_bytes(f, l->color, sizeof l->color);
    fnv_bytes(f, l->margin, sizeof l->margin);
    for (size_t i = 0; i < l->ntexts; i++) {
        fnv_str(f, l->texts[i].kind);
        fnv_str(f, l->texts[i].name);
        fnv_str(f, l->texts[i].text);
    }
}

static int has_ring(const ds_city *c)
{
    return c->group && *c->group;
}

/* What every participant's workbook shows alike: the run, the layout's
 * texts, the definitions and the circle's aggregates. */
static uint64_t common_digest(const render_ctx *rc)
{
    const dataset *ds = rc->ds;
    fnv f = {14695981039346656037ULL};
    fnv_str(&f, KV_VERSION);
    int run[] = {rc->draft, rc->year, (int)ds->nyears, ds->synthetic};
    fnv_bytes(&f, run, sizeof run);
    fnv_bytes(&f, ds->years, ds->nyears * sizeof *ds->years);
    fnv_layout(&f, rc->lay);
    for (size_t b = 0; b < ds->ncodes; b++) {
        fnv_str(&f, ds->codes[b].code);
        fnv_str(&f, ds->codes[b].label);
        fnv_str(&f, ds->codes[b].unit);
    }
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *kz = &ds->kz[k];
        const char *const def[] = {kz->code,        kz->area, kz->title,      kz->numerator,
                                   kz->denominator, kz->unit, kz->description};
        for (size_t i = 0; i < sizeof def / sizeof *def; i++)
            fnv_str(&f, def[i]);
        fnv_num(&f, kz->factor);
        fnv_bytes(&f, &kz->decimals, sizeof kz->decimals);
        for (size_t y = 0; y < ds->nyears; y++) {
            const kz_agg *a = kz_get_agg(rc->kz, k, y);
            double v[] = {a->gesamt, a->mean, a->median, a->min, a->max, (double)a->n};
            fnv_bytes(&f, &a->has_gesamt, 1);
            fnv_bytes(&f, v, sizeof v);
        }
    }
    return f.h;
}

/* The figures of participant c's comparison group (Vergleich): its ring,
 * or the whole circle when it has none. */
static uint64_t ring_digest(const render_ctx *rc, size_t city)
{
    const dataset *ds = rc->ds;
    const ds_city *me = &ds->cities[city];
    fnv f = {14695981039346656037ULL};
    for (size_t c = 0; c < ds->ncities; c++) {
        const ds_city *o = &ds->cities[c];
        if (has_ring(me) && (!has_ring(o) || strcmp(o->group, me->group) != 0))
            continue;
        fnv_str(&f, o->id);
        fnv_str(&f, o->name);
        fnv_str(&f, o->shortname);
        for (size_t k = 0; k < ds->nkz; k++)
            for (size_t y = 0; y < ds->nyears; y++)
                fnv_cell(&f, kz_get(rc->kz, k, c, y));
    }
    return f.h;
}

/* The participant itself: names, ring, base figures, key figures. */
static uint64_t own_digest(const render_ctx *rc, size_t city)
{
    const dataset *ds = rc->ds;
    const ds_city *me = &ds->cities[city];
    fnv f = {14695981039346656037ULL};
    const char *const own[] = {me->id, me->name, me->shortname, me->group};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        fnv_str(&f, own[i]);
    for (size_t y = 0; y < ds->nyears; y++) {
        size_t i = dataset_cell(ds, city, y, 0);
        fnv_bytes(&f, &ds->flag[i], ds->ncodes);
        fnv_bytes(&f, &ds->value[i], ds->ncodes * sizeof *ds->value);
    }
    for (size_t k = 0; k < ds->nkz; k++)
        for (size_t y = 0; y < ds->nyears; y++)
            fnv_cell(&f, kz_get(rc->kz, k, city, y));
    return f.h;
}

static uint64_t combine(uint64_t common, uint64_t ring, uint64_t own)
{
    fnv f = {14695981039346656037ULL};
    uint64_t v[] = {common, ring, own};
    fnv_bytes(&f, v, sizeof v);
    return f.h;
}

uint64_t chg_digest(const render_ctx *rc, size_t city)
{
    return combine(common_digest(rc), ring_digest(rc, city), own_digest(rc, city));
}

uint64_t *chg_digests(const chg_state *prev, const render_ctx *rc, const uint8_t *sel)
{
    const dataset *ds = rc->ds;
    uint64_t *d = malloc((ds->ncities + 1) * sizeof *d);
    /* per participant the first member of its comparison group, whose
     * group digest all members share */
    uint64_t *ring = malloc((ds->ncities + 1) * sizeof *ring);
    uint8_t *have = calloc(ds->ncities + 1, 1);
    strmap *first = strmap_new(ds->ncities + 1);
    uint64_t common = d && ring && have && first ? common_digest(rc) : 0;
    for (size_t c = 0; common && c < ds->ncities; c++) {
        int pi = sel && !sel[c] ? prev_participant(prev, ds->cities[c].id) : -1;
        if (pi >= 0) {
            d[c] = prev->p[pi].digest;
            continue;
        }
        const char *group = has_ring(&ds->cities[c]) ? ds->cities[c].group : "";
        int lead = strmap_put(first, group, (int)c);
        size_t g = lead >= 0 ? (size_t)lead : c;
        if (!have[g]) {
            ring[g] = ring_digest(rc, c);
            have[g] = 1;
        }
        d[c] = combine(common, ring[g], own_digest(rc, c));
    }
    if (!common) {
        free(d);
        d = NULL;
    }
    free(ring);
    free(have);
    strmap_free(first);
    return d;
}

int chg_participant_changed(const chg_state *prev, const char *id, uint64_t digest)
{
    int pi = prev_participant(prev, id);
    return pi < 0 || prev->p[pi].digest != digest;
}

/* ---- aenderungen.csv ------------------------------------------------------- */

typedef enum { ART_BASE, ART_KZ, ART_GESAMT, ART_PARTICIPANT, ART_DEFINITION, ART_COUNT } art;

static const char *const art_name[ART_COUNT] = {"basiszahl", "kennzahl", "gesamtwert", "teilnehmer",
                                                "kennzahldefinition"};

/* One line of aenderungen.csv with its place in the order. */
typedef struct {
    art a;
    size_t city_ord, code_ord;
    int year;
    const char *city, *code;
    int has_old, has_new;
    double old_v, new_v;
    const char *old_text, *new_text; /* instead of the numbers: names */
    size_t old_def, new_def;         /* or definitions: offsets in texts */
    const char *old_flag, *new_flag;
} change;

#define TEXT_NONE ((size_t)-1)

typedef struct {
    change *v;
    size_t n, cap;
    sbuf texts; /* definition texts, NUL-separated */
    int failed;
} changes;

static void add_change(changes *cs, change c)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 64;
        change *v = realloc(cs->v, cap * sizeof *v);
        if (!v) {
            cs->failed = 1;
            return;
        }
        cs->v = v;
        cs->cap = cap;
    }
    cs->v[cs->n++] = c;
}

static int cmp_change(const void *pa, const void *pb)
{
    const change *a = pa, *b = pb;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    if (a->city_ord != b->city_ord)
        return a->city_ord < b->city_ord ? -1 : 1;
    if (a->code_ord != b->code_ord)
        return a->code_ord < b->code_ord ? -1 : 1;
    return (a->year > b->year) - (a->year < b->year);
}

static int differ(int has_a, double a, uint8_t fa, int has_b, double b, uint8_t fb)
{
    return has_a != has_b || (has_a && a != b) || fa != fb;
}

/* Index of key figure code in the new definitions, or -1. */
static int kz_index(const dataset *ds, const char *code)
{
    for (size_t k = 0; k < ds->nkz; k++)
        if (!strcmp(ds->kz[k].code, code))
            return (int)k;
    return -1;
}

/* Old rows of one participant (B or K) whose code or year the new data no
 * longer have: changed to missing. */
static void vanished(changes *cs, const srows *rs, art a, const render_ctx *rc, size_t c,
                     size_t ncodes_new)
{
    const dataset *ds = rc->ds;
    size_t n;
    const srow *rows = srows_of(rs, ds->cities[c].id, &n);
    for (size_t i = 0; i < n; i++) {
        const srow *r = &rows[i];
        int code = a == ART_BASE ? dataset_code_index(ds, r->code) : kz_index(ds, r->code);
        if (a == ART_KZ && code < 0)
            continue; /* a key figure that is gone: its definition row says it */
        if (code >= 0 && dataset_year_index(ds, r->year) >= 0)
            continue; /* compared with the new value already */
        if (!r->has && r->flag == FLAG_DOT)
            continue;
        add_change(cs, (change){a, c, code >= 0 ? (size_t)code : ncodes_new + i, r->year,
                                ds->cities[c].id, r->code, r->has, 0, r->v, 0, NULL, NULL,
                                TEXT_NONE, TEXT_NONE, flag_symbol((kv_flag)r->flag), "."});
    }
}

static void compare_base(changes *cs, const chg_state *prev, const render_ctx *rc, size_t c,
                         sbuf *key)
{
    const dataset *ds = rc->ds;
    const char *id = ds->cities[c].id;
    for (size_t b = 0; b < ds->ncodes; b++) {
        for (size_t y = 0; y < ds->nyears; y++) {
            size_t i = dataset_cell(ds, c, y, b);
            int has = !flag_is_missing((kv_flag)ds->flag[i]);
            const srow *o = srows_find(&prev->b, key, id, ds->codes[b].code, ds->years[y]);
            int ohas = o && o->has;
            uint8_t oflag = o ? o->flag : FLAG_DOT;
            double ov = o ? o->v : 0;
            if (differ(ohas, ov, oflag, has, ds->value[i], ds->flag[i]))
                add_change(cs, (change){ART_BASE, c, b, ds->years[y], id, ds->codes[b].code, ohas,
                                        has, ov, ds->value[i], NULL, NULL, TEXT_NONE, TEXT_NONE,
                                        flag_symbol((kv_flag)oflag),
                                        flag_symbol((kv_flag)ds->flag[i])});
        }
    }
    vanished(cs, &prev->b, ART_BASE, rc, c, ds->ncodes);
}

static int prev_def(const chg_state *prev, const char *code)
{
    return strmap_get(prev->didx, code, strlen(code));
}

static void compare_kz(changes *cs, const chg_state *prev, const render_ctx *rc, size_t c,
                       sbuf *key)
{
    const dataset *ds = rc->ds;
    const char *id = ds->cities[c].id;
    for (size_t k = 0; k < ds->nkz; k++) {
        if (prev_def(prev, ds->kz[k].code) < 0)
            continue; /* a new key figure: its definition row says it */
        for (size_t y = 0; y < ds->nyears && ds->years[y] <= rc->year; y++) {
            const kz_cell *cell = kz_get(rc->kz, k, c, y);
            const srow *o = srows_find(&prev->k, key, id, ds->kz[k].code, ds->years[y]);
            int ohas = o && o->has;
            uint8_t oflag = o ? o->flag : FLAG_DOT;
            double ov = o ? o->v : 0;
            if (differ(ohas, ov, oflag, cell->has_value, cell->value, cell->flag))
                add_change(cs, (change){ART_KZ, c, k, ds->years[y], id, ds->kz[k].code, ohas,
                                        cell->has_value, ov, cell->value, NULL, NULL, TEXT_NONE,
                                        TEXT_NONE, flag_symbol((kv_flag)oflag),
                                        flag_symbol((kv_flag)cell->flag)});
        }
    }
    vanished(cs, &prev->k, ART_KZ, rc, c, ds->nkz);
}

static void compare_gesamt(changes *cs, const chg_state *prev, const render_ctx *rc, sbuf *key)
{
    const dataset *ds = rc->ds;
    for (size_t k = 0; k < ds->nkz; k++) {
        if (prev_def(prev, ds->kz[k].code) < 0)
            continue;
        for (size_t y = 0; y < ds->nyears && ds->years[y] <= rc->year; y++) {
            const kz_agg *a = kz_get_agg(rc->kz, k, y);
            const srow *o = srows_find(&prev->g, key, NULL, ds->kz[k].code, ds->years[y]);
            int ohas = o && o->has;
            double ov = o ? o->v : 0;
            if (differ(ohas, ov, 0, a->has_gesamt, a->gesamt, 0))
                add_change(cs, (change){ART_GESAMT, 0, k, ds->years[y], "", ds->kz[k].code, ohas,
                                        a->has_gesamt, ov, a->gesamt, NULL, NULL, TEXT_NONE,
                                        TEXT_NONE, "", ""});
        }
    }
}

/* "Zähler: …; Nenner: …; Faktor: …; Einheit: …" into cs->texts; its offset. */
static size_t definition_text(changes *cs, const char *num, const char *den, const char *factor,
                              const char *unit)
{
    size_t off = cs->texts.len;
    sbuf_addf(&cs->texts, "Zähler: %s; Nenner: %s; Faktor: %s; Einheit: %s", num,
              den && *den ? den : "1", factor, unit);
    sbuf_addc(&cs->texts, '\0');
    return off;
}

static void compare_definitions(changes *cs, const chg_state *prev, const render_ctx *rc)
{
    const dataset *ds = rc->ds;
    for (size_t k = 0; k < ds->nkz; k++) {
        const ds_kennzahl *kz = &ds->kz[k];
        char factor[FMT_EXACT_SIZE];
        fmt_exact(kz->factor, ',', factor, sizeof factor);
        int d = prev_def(prev, kz->code);
        const sdef *o = d >= 0 ? &prev->d[d] : NULL;
        const char *den = kz->denominator ? kz->denominator : "";
        if (o && !strcmp(o->num, kz->numerator) && !strcmp(o->den, den) &&
            !strcmp(o->factor, factor) && !strcmp(o->unit, kz->unit))
            continue;
        size_t old_off = o ? definition_text(cs, o->num, o->den, o->factor, o->unit) : TEXT_NONE;
        size_t new_off = definition_text(cs, kz->numerator, den, factor, kz->unit);
        add_change(cs, (change){ART_DEFINITION, 0, k, 0, "", kz->code, 0, 0, 0, 0, NULL, NULL,
                                old_off, new_off, "", ""});
    }
    for (size_t i = 0; i < prev->nd; i++) {
        const sdef *o = &prev->d[i];
        int still = 0;
        for (size_t k = 0; k < ds->nkz && !still; k++)
            still = !strcmp(ds->kz[k].code, o->code);
        if (!still)
            add_change(cs,
                       (change){ART_DEFINITION, 0, ds->nkz + i, 0, "", o->code, 0, 0, 0, 0, NULL,
                                NULL, definition_text(cs, o->num, o->den, o->factor, o->unit),
                                TEXT_NONE, "", ""});
    }
}

static void compare_participants(changes *cs, const chg_state *prev, const render_ctx *rc,
                                 const uint8_t *sel)
{
    const dataset *ds = rc->ds;
    for (size_t c = 0; c < ds->ncities; c++)
        if ((!sel || sel[c]) && prev_participant(prev, ds->cities[c].id) < 0)
            add_change(cs, (change){ART_PARTICIPANT, c, 0, 0, ds->cities[c].id, "", 0, 0, 0, 0,
                                    NULL, ds->cities[c].name, TEXT_NONE, TEXT_NONE, "", ""});
    for (size_t i = 0; !sel && i < prev->np; i++)
        if (dataset_city_index(ds, prev->p[i].id) < 0)
            add_change(cs, (change){ART_PARTICIPANT, ds->ncities + i, 0, 0, prev->p[i].id, "", 0, 0,
                                    0, 0, prev->p[i].name, NULL, TEXT_NONE, TEXT_NONE, "", ""});
}

static void put_value(FILE *fp, int has, double v, const char *text)
{
    fputc(';', fp);
    if (text) {
        csv_write_field(fp, text);
    } else if (has) {
        char buf[FMT_EXACT_SIZE];
        fmt_exact(v, ',', buf, sizeof buf);
        fputs(buf, fp);
    }
}

/* The text that stands instead of a number: a name, a definition, or ""
 * for a definition that did not exist; NULL for numbers. */
static const char *text_of(const changes *cs, const change *c, int new_side)
{
    if (c->a != ART_DEFINITION)
        return new_side ? c->new_text : c->old_text;
    size_t off = new_side ? c->new_def : c->old_def;
    return off == TEXT_NONE ? "" : cs->texts.s + off;
}

static void count(const changes *cs, chg_counts *n)
{
    memset(n, 0, sizeof *n);
    size_t last_city = (size_t)-1;
    for (size_t i = 0; i < cs->n; i++) {
        const change *c = &cs->v[i];
        if (c->a == ART_BASE) {
            n->base++;
            n->base_cities += c->city_ord != last_city;
            last_city = c->city_ord;
        }
        n->kz += c->a == ART_KZ;
        n->gesamt += c->a == ART_GESAMT;
        n->added += c->a == ART_PARTICIPANT && c->new_text;
        n->removed += c->a == ART_PARTICIPANT && c->old_text;
        n->definitions += c->a == ART_DEFINITION;
    }
}

int chg_write_csv(const chg_state *prev, const render_ctx *rc, const uint8_t *sel, FILE *fp,
                  chg_counts *n)
{
    changes cs = {0};
    sbuf_init(&cs.texts);
    sbuf key;
    sbuf_init(&key);
    for (size_t c = 0; c < rc->ds->ncities; c++) {
        if ((sel && !sel[c]) || prev_participant(prev, rc->ds->cities[c].id) < 0)
            continue;
        compare_base(&cs, prev, rc, c, &key);
        compare_kz(&cs, prev, rc, c, &key);
    }
    compare_gesamt(&cs, prev, rc, &key);
    compare_participants(&cs, prev, rc, sel);
    compare_definitions(&cs, prev, rc);
    int bad = cs.failed || sbuf_failed(&cs.texts) || sbuf_failed(&key);
    if (!bad) {
        qsort(cs.v, cs.n, sizeof *cs.v, cmp_change);
        count(&cs, n);
        fputs("art;city;code;year;alt;neu;kennzeichen_alt;kennzeichen_neu\n", fp);
        for (size_t i = 0; i < cs.n; i++) {
            const change *c = &cs.v[i];
            fprintf(fp, "%s;%s;%s;", art_name[c->a], c->city, c->code);
            if (c->year)
                fprintf(fp, "%d", c->year);
            put_value(fp, c->has_old, c->old_v, text_of(&cs, c, 0));
            put_value(fp, c->has_new, c->new_v, text_of(&cs, c, 1));
            fprintf(fp, ";%s;%s\n", c->old_flag, c->new_flag);
        }
    }
    free(cs.v);
    sbuf_free(&cs.texts);
    sbuf_free(&key);
    return bad || ferror(fp) ? -1 : 0;
}

static kv_flag flag_of(const char *symbol)
{
    int f = symbol ? flag_parse(symbol, strlen(symbol)) : -1;
    return f < 0 ? FLAG_FINAL : (kv_flag)f;
}

/* A line of aenderungen.csv as an item of the change page; 0 when it is
 * none (a code or year the new data no longer have). */
static int to_item(const change *c, const dataset *ds, chg_item *it)
{
    *it = (chg_item){.city = (size_t)-1,
                     .code = (size_t)-1,
                     .year = c->year,
                     .has_old = c->has_old,
                     .has_new = c->has_new,
                     .old_v = c->old_v,
                     .new_v = c->new_v,
                     .old_flag = flag_of(c->old_flag),
                     .new_flag = flag_of(c->new_flag)};
    switch (c->a) {
    case ART_BASE:
    case ART_KZ:
        it->kind = c->a == ART_BASE ? CHG_BASE : CHG_KZ;
        it->city = c->city_ord;
        it->code = c->code_ord;
        return c->code_ord < (c->a == ART_BASE ? ds->ncodes : ds->nkz) &&
               dataset_year_index(ds, c->year) >= 0;
    case ART_PARTICIPANT:
        it->kind = c->new_text ? CHG_ADDED : CHG_REMOVED;
        it->city = c->new_text ? c->city_ord : (size_t)-1;
        it->name = c->old_text;
        return 1;
    case ART_DEFINITION:
        it->kind = CHG_DEFINITION;
        it->code = c->code_ord < ds->nkz ? c->code_ord : (size_t)-1;
        it->name = c->code;
        return 1;
    default:
        return 0;
    }
}

chg_item *chg_items(const chg_state *prev, const render_ctx *rc, size_t *n)
{
    changes cs = {0};
    sbuf_init(&cs.texts);
    sbuf key;
    sbuf_init(&key);
    for (size_t c = 0; c < rc->ds->ncities; c++) {
        if (prev_participant(prev, rc->ds->cities[c].id) < 0)
            continue;
        compare_base(&cs, prev, rc, c, &key);
        compare_kz(&cs, prev, rc, c, &key);
    }
    compare_participants(&cs, prev, rc, NULL);
    compare_definitions(&cs, prev, rc);
    chg_item *out = NULL;
    *n = 0;
    if (!cs.failed && !sbuf_failed(&cs.texts) && !sbuf_failed(&key)) {
        qsort(cs.v, cs.n, sizeof *cs.v, cmp_change);
        out = cs.n ? malloc(cs.n * sizeof *out) : NULL;
        for (size_t i = 0; out && i < cs.n; i++)
            *n += (size_t)to_item(&cs.v[i], rc->ds, &out[*n]);
        if (cs.n && !out)
            *n = (size_t)-1;
    } else {
        *n = (size_t)-1;
    }
    if (out && *n == 0) {
        free(out);
        out = NULL;
    }
    free(cs.v);
    sbuf_free(&cs.texts);
    sbuf_free(&key);
    return out;
}

/* "1 Basiszahl" / "12 Basiszahlen" */
static void counted(sbuf *b, size_t n, const char *one, const char *many)
{
    sbuf_addf(b, "%zu %s", n, n == 1 ? one : many);
}

char *chg_summary(const chg_counts *n)
{
    sbuf b;
    sbuf_init(&b);
    if (!n->base && !n->kz && !n->gesamt && !n->added && !n->removed && !n->definitions) {
        sbuf_adds(&b, TX(keine_aenderungen));
        return sbuf_take(&b);
    }
    counted(&b, n->base, TX(basiszahl), TX(basiszahlen));
    sbuf_addf(&b, TX(aenderungen_teilnehmende), n->base_cities);
    counted(&b, n->kz, TX(kennzahlwert), TX(kennzahlwerte));
    sbuf_adds(&b, " und ");
    counted(&b, n->gesamt, TX(gesamtwert), TX(gesamtwerte));
    sbuf_adds(&b, TX(aenderungen_betroffen));
    if (n->added || n->removed) {
        sbuf_adds(&b, TX(aenderungen_teilnehmende_kopf));
        sbuf_addf(&b, TX(aenderungen_zu_weg), n->added, n->removed);
    }
    if (n->definitions) {
        sbuf_adds(&b, "; ");
        counted(&b, n->definitions, TX(kennzahldefinition), TX(kennzahldefinitionen));
        sbuf_adds(&b, TX(aenderungen_geaendert));
    }
    return sbuf_take(&b);
}
