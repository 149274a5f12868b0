/* dataset.c - reading the four input files into the model, with every
 * rule of the input contract checked and reported. */
#include "dataset.h"

#include "addr.h"
#include "num.h"
#include "plausi.h"
#include "strmap.h"
#include "table.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define ID_MAX    32
#define CODE_MAX  EXPR_NAME_MAX
#define SHORT_MAX 8
/* Cells of the base-figure cube above this are refused as absurd. */
#define CUBE_MAX ((size_t)400 * 1000 * 1000)

typedef struct {
    dataset *ds;
    const ds_options *opt;
    diag_list *diag;
    strmap *city_map, *code_map;
    int cities_ok, codes_ok;
    kv_status status;
    uint8_t year_seen[10000]; /* every valid year in basedata, also of rejected rows */
} loader;

typedef struct {
    uint32_t city, code, line;
    int year;
    uint8_t flag;
    double value;
} bd_row;

/* Opens one input table and records a missing or broken file: an input
 * or memory failure outranks the data errors found so far. */
static int open_input(loader *L, table *t, const char *name, const table_col *cols, size_t ncols)
{
    kv_status st = table_open(t, L->ds->dir, name, cols, ncols, L->diag);
    if (st == KV_ERR_DATA)
        L->status = kv_first(L->status, st);
    else if (st != KV_OK)
        L->status = st;
    return st == KV_OK;
}

/* Returns arr with room for one more element (n used, *cap allocated),
 * or NULL when out of memory (arr is then still valid). */
static void *grow(void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 32;
    void *np = realloc(arr, nc * elem);
    if (np)
        *cap = nc;
    return np;
}

static int valid_id(const char *s, size_t n)
{
    if (n == 0 || n > ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static int valid_code(const char *s, size_t n)
{
    if (n == 0 || n > CODE_MAX || !(s[0] >= 'A' && s[0] <= 'Z'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

static int is_count_unit(const char *unit)
{
    static const char *const units[] = {"Personen",     "Anzahl",
                                        "Fälle",        "Bedarfsgemeinschaften",
                                        "BG",           "Leistungsberechtigte",
                                        "LB",           "Einwohner",
                                        "EW",           "Haushalte",
                                        "Integrationen"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcasecmp(unit, units[i]) == 0)
            return 1;
    return 0;
}

/* A short quoted excerpt of an input value for messages. */
static const char *ex(const char *s, char *buf, size_t size)
{
    text_excerpt(s, 40, buf, size);
    return buf;
}

static char *dup_text(loader *L, const char *s)
{
    char *p = strdup(s);
    if (!p)
        L->status = KV_ERR_DATA;
    return p;
}

/* Reports an empty required text field; returns 1 when it is present. */
static int need_text(loader *L, table *t, size_t col, const char *what)
{
    size_t n;
    table_get(t, col, &n);
    if (n == 0) {
        diag_add(L->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL, "%s fehlt", what);
        return 0;
    }
    return 1;
}

/* ---- cities.csv ---------------------------------------------------------- */

enum { CI_ID, CI_NAME, CI_SHORT, CI_GROUP, CI_EMAIL };
static const table_col city_cols[] = {
    {"id", 1}, {"name", 1}, {"short", 0}, {"group", 0}, {"email", 0}};

/* Warns about every address of the list that the mail drafts cannot use,
 * naming it: the mail writer applies the same rule (addr.h) and leaves
 * exactly these out. */
static void check_emails(loader *L, table *t, const char *id, const char *list)
{
    const char *pos = list, *a;
    size_t n;
    while (addr_list_next(&pos, &a, &n)) {
        const char *why = addr_problem(a, n);
        if (!why)
            continue;
        char *copy = strndup(a, n), buf[400];
        if (!copy) {
            L->status = KV_ERR_DATA;
            return;
        }
        text_excerpt(copy, 120, buf, sizeof buf);
        diag_add(L->diag, DIAG_WARNING, t->fname, t->line, id, 0, NULL,
                 "E-Mail-Adresse „%s“ ist unbrauchbar (%s) und wird im Mail-Entwurf weggelassen",
                 buf, why);
        free(copy);
    }
}

static void load_cities(loader *L)
{
    dataset *ds = L->ds;
    table t;
    if (!open_input(L, &t, "cities.csv", city_cols, 5))
        return;
    size_t cap = 0;
    char buf[160];
    while (table_next(&t)) {
        size_t idn, shn;
        const char *id = table_get(&t, CI_ID, &idn);
        const char *name = table_get(&t, CI_NAME, NULL);
        const char *sh = table_get(&t, CI_SHORT, &shn);
        int ok = 1;
        if (!valid_id(id, idn)) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, NULL,
                     "ungültige id „%s“: erlaubt sind 1 bis %d Zeichen aus A-Z a-z 0-9 _ -",
                     ex(id, buf, sizeof buf), ID_MAX);
            ok = 0;
        }
        ok &= need_text(L, &t, CI_NAME, "name (Anzeigename)");
        if (text_has_control(name)) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, ok ? id : NULL, 0, NULL,
                     "name enthält Steuerzeichen");
            ok = 0;
        }
        if (shn && (text_utf8_len(sh) > SHORT_MAX || text_has_control(sh) || strchr(sh, '\n'))) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, NULL,
                     "short „%s“ ist länger als %d Zeichen oder enthält Steuerzeichen",
                     ex(sh, buf, sizeof buf), SHORT_MAX);
            ok = 0;
        }
        if (!ok)
            continue;
        ds_city *grown = grow(ds->cities, ds->ncities, &cap, sizeof *grown);
        if (!grown)
            break;
        ds->cities = grown;
        ds_city *c = &ds->cities[ds->ncities];
        memset(c, 0, sizeof *c);
        c->id = dup_text(L, id);
        c->name = dup_text(L, name);
        c->shortname = dup_text(L, shn ? sh : id);
        c->group = dup_text(L, table_get(&t, CI_GROUP, NULL));
        c->email = dup_text(L, table_get(&t, CI_EMAIL, NULL));
        c->line = t.line;
        ds->ncities++;
        if (!c->id)
            continue;
        int prev = strmap_put(L->city_map, c->id, (int)ds->ncities - 1);
        if (prev >= 0) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, c->id, 0, NULL,
                     "id „%s“ kommt doppelt vor (zuerst in Zeile %ld)", c->id,
                     ds->cities[prev].line);
        }
        if (c->email && c->email[0])
            check_emails(L, &t, c->id, c->email);
    }
    if (ds->ncities == 0)
        diag_add(L->diag, DIAG_ERROR, t.fname, 0, NULL, 0, NULL, "keine Teilnehmer angegeben");
    L->cities_ok = 1;
    table_close(&t);
}

/* ---- codes.csv ----------------------------------------------------------- */

enum { CO_CODE, CO_LABEL, CO_UNIT };
static const table_col code_cols[] = {{"code", 1}, {"label", 1}, {"unit", 1}};

static void load_codes(loader *L)
{
    dataset *ds = L->ds;
    table t;
    if (!open_input(L, &t, "codes.csv", code_cols, 3))
        return;
    size_t cap = 0;
    char buf[160];
    while (table_next(&t)) {
        size_t n;
        const char *code = table_get(&t, CO_CODE, &n);
        int ok = 1;
        if (!valid_code(code, n)) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, NULL,
                     "ungültiger Code „%s“: erlaubt sind A-Z 0-9 _, beginnend mit einem "
                     "Buchstaben",
                     ex(code, buf, sizeof buf));
            ok = 0;
        }
        ok &= need_text(L, &t, CO_LABEL, "label (Bezeichnung)");
        ok &= need_text(L, &t, CO_UNIT, "unit (Einheit)");
        if (!ok)
            continue;
        ds_code *grown = grow(ds->codes, ds->ncodes, &cap, sizeof *grown);
        if (!grown)
            break;
        ds->codes = grown;
        ds_code *c = &ds->codes[ds->ncodes];
        c->code = dup_text(L, code);
        c->label = dup_text(L, table_get(&t, CO_LABEL, NULL));
        c->unit = dup_text(L, table_get(&t, CO_UNIT, NULL));
        c->is_count = c->unit && is_count_unit(c->unit);
        c->line = t.line;
        ds->ncodes++;
        if (!c->code)
            continue;
        int prev = strmap_put(L->code_map, c->code, (int)ds->ncodes - 1);
        if (prev >= 0)
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, c->code,
                     "Code „%s“ kommt doppelt vor (zuerst in Zeile %ld)", c->code,
                     ds->codes[prev].line);
    }
    if (ds->ncodes == 0)
        diag_add(L->diag, DIAG_ERROR, t.fname, 0, NULL, 0, NULL, "keine Basiszahl-Codes angegeben");
    L->codes_ok = 1;
    table_close(&t);
}

/* ---- kennzahlen.csv ------------------------------------------------------ */

enum { KZ_CODE, KZ_AREA, KZ_TITLE, KZ_NUM, KZ_DEN, KZ_FACTOR, KZ_UNIT, KZ_DEC, KZ_DESC, KZ_MON };
static const table_col kz_cols[] = {
    {"code", 1},   {"area", 1}, {"title", 1},    {"numerator", 1},   {"denominator", 0},
    {"factor", 0}, {"unit", 1}, {"decimals", 1}, {"description", 0}, {"monitoring", 0}};

static int lookup_code(void *ctx, const char *name, size_t len)
{
    return strmap_get(ctx, name, len);
}

static size_t area_index(loader *L, const char *area)
{
    dataset *ds = L->ds;
    for (size_t i = 0; i < ds->nareas; i++)
        if (strcmp(ds->areas[i], area) == 0)
            return i;
    char **n = realloc(ds->areas, (ds->nareas + 1) * sizeof *n);
    if (!n)
        return 0;
    ds->areas = n;
    ds->areas[ds->nareas] = dup_text(L, area);
    return ds->nareas++;
}

static int compile_formula(loader *L, table *t, const char *code, const char *src, const char *what,
                           expr **out)
{
    kv_error err = {0};
    *out = expr_compile(src, lookup_code, L->code_map, &err);
    if (!*out) {
        diag_add(L->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, code, "%s: %s", what,
                 kv_error_text(&err));
        kv_error_free(&err);
        return 0;
    }
    return 1;
}

/* Distinct inputs of numerator and denominator, for flag propagation. */
static int collect_inputs(ds_kennzahl *k)
{
    const int *a, *b = NULL;
    size_t na = expr_vars(k->num, &a), nb = k->den ? expr_vars(k->den, &b) : 0;
    k->inputs = malloc((na + nb + 1) * sizeof *k->inputs);
    if (!k->inputs)
        return -1;
    for (size_t i = 0; i < na; i++)
        k->inputs[k->ninputs++] = a[i];
    for (size_t i = 0; i < nb; i++) {
        size_t j;
        for (j = 0; j < na && a[j] != b[i]; j++)
            ;
        if (j == na)
            k->inputs[k->ninputs++] = b[i];
    }
    return 0;
}

static int parse_decimals(const char *s, size_t n)
{
    return n == 1 && s[0] >= '0' && s[0] <= '4' ? s[0] - '0' : -1;
}

static void load_kennzahlen(loader *L)
{
    dataset *ds = L->ds;
    table t;
    if (!open_input(L, &t, "kennzahlen.csv", kz_cols, 10))
        return;
    strmap *seen = strmap_new(64);
    size_t cap = 0;
    char buf[160];
    while (seen && table_next(&t)) {
        size_t n, fn, dn;
        const char *code = table_get(&t, KZ_CODE, &n);
        const char *factor = table_get(&t, KZ_FACTOR, &fn);
        const char *dec = table_get(&t, KZ_DEC, &dn);
        const char *den = table_get(&t, KZ_DEN, NULL);
        int ok = 1;
        if (!valid_code(code, n)) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, NULL,
                     "ungültiger Kennzahl-Code „%s“: erlaubt sind A-Z 0-9 _, beginnend mit "
                     "einem Buchstaben",
                     ex(code, buf, sizeof buf));
            ok = 0;
            code = NULL;
        }
        ok &= need_text(L, &t, KZ_AREA, "area (Leistungsbereich)");
        ok &= need_text(L, &t, KZ_TITLE, "title (Titel)");
        ok &= need_text(L, &t, KZ_UNIT, "unit (Einheit)");
        double fv = 1;
        if (fn) {
            num_result ns = num_parse(factor, fn, L->opt->decimal, &fv);
            if (ns != NUM_OK || fv == 0) {
                diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, code, "factor „%s“: %s",
                         ex(factor, buf, sizeof buf),
                         ns != NUM_OK ? num_result_text(ns) : "darf nicht 0 sein");
                ok = 0;
            }
        }
        int dv = parse_decimals(dec, dn);
        if (dv < 0) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, code,
                     "decimals „%s“: erlaubt sind 0 bis 4", ex(dec, buf, sizeof buf));
            ok = 0;
        }
        const char *mon = table_get(&t, KZ_MON, NULL);
        if (mon[0] && strcmp(mon, "ja") != 0 && strcmp(mon, "nein") != 0) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, code,
                     "monitoring „%s“: erlaubt sind „ja“ und „nein“ (leer: ja)",
                     ex(mon, buf, sizeof buf));
            ok = 0;
        }
        expr *num = NULL, *dn_expr = NULL;
        if (L->codes_ok) {
            ok &= compile_formula(L, &t, code, table_get(&t, KZ_NUM, NULL), "numerator (Zähler)",
                                  &num);
            if (den[0] && !compile_formula(L, &t, code, den, "denominator (Nenner)", &dn_expr))
                ok = 0;
        } else {
            ok = 0;
        }
        if (ok && strmap_get(seen, code, n) >= 0) {
            diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, code,
                     "Kennzahl-Code „%s“ kommt doppelt vor (zuerst in Zeile %ld)", code,
                     ds->kz[strmap_get(seen, code, n)].line);
            ok = 0;
        }
        if (!ok) {
            expr_free(num);
            expr_free(dn_expr);
            continue;
        }
        ds_kennzahl *grown = grow(ds->kz, ds->nkz, &cap, sizeof *grown);
        if (!grown) {
            expr_free(num);
            expr_free(dn_expr);
            break;
        }
        ds->kz = grown;
        ds_kennzahl *k = &ds->kz[ds->nkz++];
        memset(k, 0, sizeof *k);
        k->code = dup_text(L, code);
        k->area = dup_text(L, table_get(&t, KZ_AREA, NULL));
        k->title = dup_text(L, table_get(&t, KZ_TITLE, NULL));
        k->numerator = dup_text(L, table_get(&t, KZ_NUM, NULL));
        k->denominator = dup_text(L, den);
        k->unit = dup_text(L, table_get(&t, KZ_UNIT, NULL));
        k->description = dup_text(L, table_get(&t, KZ_DESC, NULL));
        k->factor = fv;
        k->decimals = dv;
        k->monitoring = strcmp(mon, "nein") != 0;
        k->num = num;
        k->den = dn_expr;
        k->line = t.line;
        k->area_idx = k->area ? area_index(L, k->area) : 0;
        if (!k->code || collect_inputs(k) < 0 || strmap_put(seen, k->code, (int)ds->nkz - 1) == -2)
            L->status = KV_ERR_DATA;
    }
    if (ds->nkz == 0)
        diag_add(L->diag, DIAG_ERROR, t.fname, 0, NULL, 0, NULL,
                 "keine gültigen Kennzahlen definiert");
    strmap_free(seen);
    table_close(&t);
}

/* ---- info.csv (optional) ------------------------------------------------- */

static const table_col info_cols[] = {{"key", 1}, {"value", 1}};

static void load_info(loader *L)
{
    if (!table_exists(L->ds->dir, "info.csv"))
        return;
    table t;
    if (!open_input(L, &t, "info.csv", info_cols, 2))
        return;
    char buf[160];
    while (table_next(&t)) {
        const char *key = table_get(&t, 0, NULL), *val = table_get(&t, 1, NULL);
        if (strcmp(key, "beispieldaten") == 0) {
            if (strcmp(val, "ja") == 0)
                L->ds->synthetic = 1;
            else if (strcmp(val, "nein") != 0)
                diag_add(L->diag, DIAG_ERROR, t.fname, t.line, NULL, 0, NULL,
                         "beispieldaten muss „ja“ oder „nein“ sein, nicht „%s“",
                         ex(val, buf, sizeof buf));
        } else if (strcmp(key, "hinweis") == 0 || strcmp(key, "quelle") == 0) {
            char **slot = key[0] == 'h' ? &L->ds->hinweis : &L->ds->quelle;
            if (*slot)
                diag_add(L->diag, DIAG_WARNING, t.fname, t.line, NULL, 0, NULL,
                         "%s kommt doppelt vor, es gilt der erste", key);
            else if (val[0])
                *slot = dup_text(L, val);
        } else {
            diag_add(L->diag, DIAG_WARNING, t.fname, t.line, NULL, 0, NULL,
                     "unbekannter Schlüssel „%s“ wird ignoriert", ex(key, buf, sizeof buf));
        }
    }
    table_close(&t);
}

/* ---- basedata.csv -------------------------------------------------------- */

enum { BD_CITY, BD_YEAR, BD_CODE, BD_VALUE, BD_FLAG };
static const table_col bd_cols[] = {
    {"city", 1}, {"year", 1}, {"code", 1}, {"value", 1}, {"flag", 0}};

static int parse_year(const char *s, size_t n)
{
    if (n != 4 || s[0] < '1' || s[0] > '9')
        return -1;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        y = y * 10 + (s[i] - '0');
    }
    return y;
}

/* Checks one record against the value/flag rules; fills row. 0 = invalid. */
static int check_value(loader *L, table *t, bd_row *row, const char *cid, const char *code)
{
    char buf[160];
    size_t vn, fn;
    const char *val = table_get(t, BD_VALUE, &vn);
    const char *fl = table_get(t, BD_FLAG, &fn);
    int f = flag_parse(fl, fn);
    if (f < 0) {
        diag_add(L->diag, DIAG_ERROR, t->fname, t->line, cid, row->year, code,
                 "unbekanntes Kennzeichen „%s“ (erlaubt: leer, p, r, s, ., x, -, /, |)",
                 ex(fl, buf, sizeof buf));
        return 0;
    }
    row->flag = (uint8_t)f;
    row->value = 0;
    if (vn) {
        num_result ns = num_parse(val, vn, L->opt->decimal, &row->value);
        if (ns != NUM_OK) {
            const char *hint = L->opt->decimal == ','
                                   ? " (erwartet: Ziffern mit Dezimalkomma, ohne Tausenderpunkte "
                                     "und Exponenten; für Punkt-Daten --decimal-point)"
                                   : " (erwartet: Ziffern mit Dezimalpunkt, ohne "
                                     "Tausendertrennzeichen und Exponenten)";
            diag_add(L->diag, DIAG_ERROR, t->fname, t->line, cid, row->year, code,
                     "Wert „%s“: %s%s", ex(val, buf, sizeof buf), num_result_text(ns),
                     ns == NUM_INVALID ? hint : "");
            return 0;
        }
    }
    if (flag_is_missing((kv_flag)f) && vn) {
        diag_add(L->diag, DIAG_ERROR, t->fname, t->line, cid, row->year, code,
                 "Kennzeichen „%s“ (%s) verlangt ein leeres Wertfeld", flag_symbol((kv_flag)f),
                 flag_meaning((kv_flag)f));
        return 0;
    }
    if (f == FLAG_DASH && vn && row->value != 0) {
        diag_add(L->diag, DIAG_ERROR, t->fname, t->line, cid, row->year, code,
                 "Kennzeichen „-“ (nichts vorhanden) verlangt den Wert 0 oder ein leeres Feld, "
                 "nicht „%s“",
                 ex(val, buf, sizeof buf));
        return 0;
    }
    if (!vn && f == FLAG_FINAL) {
        diag_add(L->diag, DIAG_WARNING, t->fname, t->line, cid, row->year, code,
                 "leerer Wert ohne Kennzeichen; gilt als „.“ (Zahlenwert unbekannt)");
        row->flag = FLAG_DOT;
    } else if (!vn && !flag_is_missing((kv_flag)f) && f != FLAG_DASH) {
        /* p, r, s and | describe a number; without one the figure is unknown */
        diag_add(L->diag, DIAG_WARNING, t->fname, t->line, cid, row->year, code,
                 "Kennzeichen „%s“ (%s) ohne Zahlenwert; gilt als „.“ (Zahlenwert unbekannt)",
                 flag_symbol((kv_flag)f), flag_meaning((kv_flag)f));
        row->flag = FLAG_DOT;
    }
    if (f == FLAG_DASH)
        row->value = 0;
    return 1;
}

static void check_count(loader *L, table *t, const bd_row *row, const char *cid, const char *code,
                        int *ok)
{
    const ds_code *c = &L->ds->codes[row->code];
    if (!c->is_count || flag_is_missing((kv_flag)row->flag))
        return;
    char buf[160];
    const char *val = table_get(t, BD_VALUE, NULL);
    if (row->value < 0) {
        diag_add(L->diag, DIAG_ERROR, t->fname, t->line, cid, row->year, code,
                 "negativer Wert „%s“ für eine Anzahl (Einheit %s)", ex(val, buf, sizeof buf),
                 c->unit);
        *ok = 0;
    } else if (row->value != floor(row->value)) { /* no cast: 1e19 fits no integer type */
        diag_add(L->diag, DIAG_WARNING, t->fname, t->line, cid, row->year, code,
                 "Anzahl „%s“ (Einheit %s) ist keine ganze Zahl", ex(val, buf, sizeof buf),
                 c->unit);
    }
}

static int push_row(bd_row **rows, size_t *n, size_t *cap, const bd_row *r)
{
    bd_row *grown = grow(*rows, *n, cap, sizeof *grown);
    if (!grown)
        return -1;
    *rows = grown;
    grown[(*n)++] = *r;
    return 0;
}

static int read_rows(loader *L, table *t, bd_row **rows, size_t *nrows)
{
    size_t cap = 0;
    char buf[160];
    while (table_next(t)) {
        size_t cn, yn, kn;
        const char *cid = table_get(t, BD_CITY, &cn);
        const char *year = table_get(t, BD_YEAR, &yn);
        const char *code = table_get(t, BD_CODE, &kn);
        bd_row row = {.line = t->line > UINT32_MAX ? UINT32_MAX : (uint32_t)t->line};
        int ok = 1;
        int ci = L->cities_ok ? strmap_get(L->city_map, cid, cn) : -1;
        int ki = L->codes_ok ? strmap_get(L->code_map, code, kn) : -1;
        row.year = parse_year(year, yn);
        if (row.year > 0)
            L->year_seen[row.year] = 1;
        if (L->cities_ok && ci < 0) {
            diag_add(L->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL,
                     "unbekannte Teilnehmer-ID „%s“ (nicht in cities.csv)",
                     ex(cid, buf, sizeof buf));
            ok = 0;
        }
        const char *cname = ci >= 0 ? L->ds->cities[ci].id : NULL;
        if (row.year < 0) {
            diag_add(L->diag, DIAG_ERROR, t->fname, t->line, cname, 0, NULL,
                     "Jahr „%s“ ist keine vierstellige Jahreszahl", ex(year, buf, sizeof buf));
            ok = 0;
            row.year = 0;
        }
        if (L->codes_ok && ki < 0) {
            diag_add(L->diag, DIAG_ERROR, t->fname, t->line, cname, row.year, NULL,
                     "unbekannter Code „%s“ (nicht in codes.csv)", ex(code, buf, sizeof buf));
            ok = 0;
        }
        const char *kname = ki >= 0 ? L->ds->codes[ki].code : NULL;
        if (!check_value(L, t, &row, cname, kname))
            ok = 0;
        if (!ok || ci < 0 || ki < 0)
            continue;
        row.city = (uint32_t)ci;
        row.code = (uint32_t)ki;
        check_count(L, t, &row, cname, kname, &ok);
        if (ok && push_row(rows, nrows, &cap, &row) < 0) {
            diag_add(L->diag, DIAG_ERROR, t->fname, t->line, NULL, 0, NULL, "zu wenig Speicher");
            return -1;
        }
    }
    return 0;
}

static int build_years(dataset *ds, const uint8_t *seen)
{
    for (int y = 1000; y <= 9999; y++)
        ds->nyears += seen[y];
    ds->years = malloc((ds->nyears + 1) * sizeof *ds->years);
    if (!ds->years)
        return -1;
    size_t k = 0;
    for (int y = 1000; y <= 9999; y++)
        if (seen[y])
            ds->years[k++] = y;
    return 0;
}

static void build_cube(loader *L, const char *fname, const bd_row *rows, size_t n)
{
    dataset *ds = L->ds;
    size_t cells = ds->ncities * ds->nyears * ds->ncodes;
    /* each factor is bounded by the input size, so the product cannot wrap
     * before it exceeds CUBE_MAX by far; check the factors first anyway */
    if (ds->ncities > CUBE_MAX || ds->nyears > 9000 || ds->ncodes > CUBE_MAX ||
        (double)ds->ncities * (double)ds->nyears * (double)ds->ncodes > (double)CUBE_MAX) {
        diag_add(L->diag, DIAG_ERROR, fname, 0, NULL, 0, NULL,
                 "Datensatz zu groß: %zu Teilnehmer × %zu Jahre × %zu Codes", ds->ncities,
                 ds->nyears, ds->ncodes);
        return;
    }
    ds->value = calloc(cells + 1, sizeof *ds->value);
    ds->flag = malloc(cells + 1);
    ds->line = calloc(cells + 1, sizeof *ds->line);
    if (!ds->value || !ds->flag || !ds->line) {
        diag_add(L->diag, DIAG_ERROR, fname, 0, NULL, 0, NULL, "zu wenig Speicher");
        return;
    }
    memset(ds->flag, FLAG_DOT, cells + 1);
    int yidx[10000];
    for (size_t y = 0; y < ds->nyears; y++)
        yidx[ds->years[y]] = (int)y;
    for (size_t i = 0; i < n; i++) {
        const bd_row *r = &rows[i];
        size_t c = dataset_cell(ds, r->city, (size_t)yidx[r->year], r->code);
        if (ds->line[c]) {
            diag_add(L->diag, DIAG_ERROR, fname, r->line, ds->cities[r->city].id, r->year,
                     ds->codes[r->code].code,
                     "doppelter Eintrag für %s, %d, %s (zuerst in Zeile %u)",
                     ds->cities[r->city].id, r->year, ds->codes[r->code].code, ds->line[c]);
            continue;
        }
        ds->value[c] = r->value;
        ds->flag[c] = r->flag;
        ds->line[c] = r->line;
    }
}

static void load_basedata(loader *L)
{
    dataset *ds = L->ds;
    table t;
    if (!open_input(L, &t, "basedata.csv", bd_cols, 5))
        return;
    ds->basedata_file = strdup(t.fname);
    bd_row *rows = NULL;
    size_t nrows = 0;
    if (read_rows(L, &t, &rows, &nrows) == 0) {
        if (nrows == 0 && diag_count(L->diag, DIAG_ERROR) == 0)
            diag_add(L->diag, DIAG_ERROR, t.fname, 0, NULL, 0, NULL, "keine Basiszahlen enthalten");
        if (build_years(ds, L->year_seen) < 0)
            L->status = KV_ERR_DATA;
        else if (L->cities_ok && L->codes_ok)
            build_cube(L, t.fname, rows, nrows);
    }
    free(rows);
    table_close(&t);
}

/* ---- the whole dataset --------------------------------------------------- */

kv_status dataset_load(const char *dir, const ds_options *opt, diag_list *diag, dataset **out)
{
    *out = NULL;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_add(diag, DIAG_ERROR, NULL, 0, NULL, 0, NULL,
                 "Eingabeverzeichnis %s fehlt oder ist kein Verzeichnis", dir);
        return KV_ERR_INPUT;
    }
    dataset *ds = calloc(1, sizeof *ds);
    loader L = {.ds = ds, .opt = opt, .diag = diag}; /* ~10 KB, zeroed */
    if (!ds || !(ds->dir = strdup(dir)) || !(L.city_map = strmap_new(256)) ||
        !(L.code_map = strmap_new(256))) {
        diag_add(diag, DIAG_ERROR, NULL, 0, NULL, 0, NULL, "zu wenig Speicher");
        strmap_free(L.city_map);
        dataset_free(ds);
        return KV_ERR_DATA;
    }
    load_cities(&L);
    if (dataset_index_rings(ds) < 0) {
        diag_add(diag, DIAG_ERROR, NULL, 0, NULL, 0, NULL, "zu wenig Speicher");
        L.status = KV_ERR_DATA;
    }
    load_codes(&L);
    load_kennzahlen(&L);
    load_info(&L);
    load_basedata(&L);
    if (L.status == KV_OK && ds->value)
        plausi_check(ds, opt->change_warn, diag);
    strmap_free(L.city_map);
    strmap_free(L.code_map);
    *out = ds;
    if (L.status == KV_OK && (diag_count(diag, DIAG_ERROR) > 0 || !ds->value))
        L.status = KV_ERR_DATA;
    return L.status;
}

void dataset_free(dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->ncities; i++) {
        ds_city *c = &ds->cities[i];
        free(c->id);
        free(c->name);
        free(c->shortname);
        free(c->group);
        free(c->email);
    }
    for (size_t i = 0; i < ds->ncodes; i++) {
        free(ds->codes[i].code);
        free(ds->codes[i].label);
        free(ds->codes[i].unit);
    }
    for (size_t i = 0; i < ds->nkz; i++) {
        ds_kennzahl *k = &ds->kz[i];
        free(k->code);
        free(k->area);
        free(k->title);
        free(k->numerator);
        free(k->denominator);
        free(k->unit);
        free(k->description);
        expr_free(k->num);
        expr_free(k->den);
        free(k->inputs);
    }
    for (size_t i = 0; i < ds->nareas; i++)
        free(ds->areas[i]);
    for (size_t i = 0; i < ds->nrings; i++)
        free(ds->rings[i].members);
    free(ds->rings);
    free(ds->cities);
    free(ds->codes);
    free(ds->kz);
    free(ds->areas);
    free(ds->years);
    free(ds->value);
    free(ds->flag);
    free(ds->line);
    free(ds->basedata_file);
    free(ds->hinweis);
    free(ds->quelle);
    free(ds->dir);
    free(ds);
}

int dataset_year_index(const dataset *ds, int year)
{
    for (size_t i = 0; i < ds->nyears; i++)
        if (ds->years[i] == year)
            return (int)i;
    return -1;
}

int dataset_city_index(const dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->ncities; i++)
        if (strcmp(ds->cities[i].id, id) == 0)
            return (int)i;
    return -1;
}

int dataset_code_index(const dataset *ds, const char *code)
{
    for (size_t k = 0; k < ds->ncodes; k++)
        if (strcmp(ds->codes[k].code, code) == 0)
            return (int)k;
    return -1;
}

int dataset_index_rings(dataset *ds)
{
    strmap *seen = strmap_new(64);
    ds->rings = calloc(ds->ncities + 1, sizeof *ds->rings);
    int ok = seen && ds->rings;
    ds->nrings = 0;
    for (size_t c = 0; ok && c < ds->ncities; c++) {
        ds_city *city = &ds->cities[c];
        city->ring = -1;
        if (!city->group || !*city->group)
            continue;
        int r = strmap_get(seen, city->group, strlen(city->group));
        if (r < 0) {
            r = (int)ds->nrings++;
            ds->rings[r].name = city->group;
            ok = strmap_put(seen, city->group, r) != -2;
        }
        city->ring = r;
        ds->rings[r].nmembers++;
    }
    for (size_t r = 0; ok && r < ds->nrings; r++) {
        ds->rings[r].members = malloc(ds->rings[r].nmembers * sizeof(size_t));
        ok = ds->rings[r].members != NULL;
        ds->rings[r].nmembers = 0;
    }
    for (size_t c = 0; ok && c < ds->ncities; c++) {
        int r = ds->cities[c].ring;
        if (r >= 0)
            ds->rings[r].members[ds->rings[r].nmembers++] = c;
    }
    strmap_free(seen);
    if (ok)
        return 0;
    for (size_t r = 0; r < ds->nrings; r++)
        free(ds->rings[r].members);
    free(ds->rings);
    ds->rings = NULL;
    ds->nrings = 0;
    for (size_t c = 0; c < ds->ncities; c++)
        ds->cities[c].ring = -1;
    return -1;
}
