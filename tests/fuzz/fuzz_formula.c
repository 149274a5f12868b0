/* libFuzzer target: the formula rewriting of the workbooks. xlsx.c's
 * excel_formula() is static: it walks a key figure's formula with
 * expr_walk() and replaces every base code by the cell of that code
 * (lxw_rowcol_to_cell). This target does the same walk with the same
 * replacement and checks what the workbook relies on:
 *   - the walk gives back the text exactly (nothing lost or doubled);
 *   - the walk finds the names the compiler reads, no more and no fewer;
 *   - the rewritten formula, compiled with cells for codes, computes
 *     exactly what the original computes.
 * The codebook holds codes up to EXPR_NAME_MAX (64) characters, the
 * longest the dataset accepts. */
#include "expr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter/utility.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIRST_ROW 5 /* the row of the first code, as on the Basiszahlen sheet */
#define COL       3

static const char *const codes[] = {
    "EW",
    "EW_U18",
    "HLU_LB",
    "A",
    "B",
    "Z9",
    "SGB2_KDU",
    "X_",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  /* 63 */
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", /* 64, the longest */
};
#define NCODES (sizeof codes / sizeof *codes)

static int lookup_code(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    for (size_t i = 0; i < NCODES; i++)
        if (strlen(codes[i]) == len && memcmp(codes[i], name, len) == 0)
            return (int)i;
    return -1;
}

/* A cell of the rewritten formula back to its code's variable. */
static int lookup_cell(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    for (size_t i = 0; i < NCODES; i++) {
        char cell[32];
        lxw_rowcol_to_cell(cell, (lxw_row_t)(FIRST_ROW + i), COL);
        if (strlen(cell) == len && memcmp(cell, name, len) == 0)
            return (int)i;
    }
    return -1;
}

typedef struct {
    char *same, *cells; /* the text as walked; the text with cells */
    size_t nsame, ncells;
    int names[NCODES]; /* known codes the walk found */
    int unknown;       /* a name the walk found that is no code */
} walk_ctx;

static void append(char *dst, size_t *n, const char *s, size_t len)
{
    memcpy(dst + *n, s, len);
    *n += len;
    dst[*n] = '\0';
}

static void emit(void *ctx, const char *text, size_t len, const char *code)
{
    walk_ctx *w = ctx;
    append(w->same, &w->nsame, text, len);
    int k = code ? lookup_code(NULL, code, strlen(code)) : -1;
    if (code && (k < 0 || strlen(code) != len))
        w->unknown = 1; /* no code, or shortened by the walk */
    if (k >= 0) {
        char cell[32];
        lxw_rowcol_to_cell(cell, (lxw_row_t)(FIRST_ROW + k), COL);
        w->names[k] = 1;
        append(w->cells, &w->ncells, cell, strlen(cell));
    } else {
        append(w->cells, &w->ncells, text, len);
    }
}

static int same_result(expr_result a, double x, expr_result b, double y)
{
    return a == b && (a != EXPR_OK || x == y || (x != x && y != y));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > EXPR_MAX_LEN)
        return 0;
    char *src = malloc(size + 1);
    walk_ctx w = {.same = malloc(size + 1), .cells = malloc(4 * size + 16)};
    if (!src || !w.same || !w.cells)
        abort();
    memcpy(src, data, size);
    src[size] = '\0';
    w.same[0] = w.cells[0] = '\0';
    expr_walk(src, emit, &w);
    if (strcmp(w.same, src) != 0)
        abort(); /* the walk lost or doubled text */

    kv_error err = {0};
    expr *e = expr_compile(src, lookup_code, NULL, &err);
    if (e) {
        const int *v;
        size_t nv = expr_vars(e, &v);
        int read[NCODES] = {0};
        for (size_t i = 0; i < nv; i++)
            read[v[i]] = 1;
        if (w.unknown || memcmp(read, w.names, sizeof read) != 0)
            abort(); /* walk and compiler disagree on the names (or the walk cut one) */
        /* cell references can make the text longer than the compiler's
         * EXPR_MAX_LEN, a limit of the input, not of the workbook (whose
         * 8,192 characters xlsx.c handles): such a rewrite cannot be
         * compiled back, so only its walk is checked */
        expr *c = w.ncells <= EXPR_MAX_LEN ? expr_compile(w.cells, lookup_cell, NULL, &err) : NULL;
        if (!c && w.ncells <= EXPR_MAX_LEN)
            abort(); /* the rewritten formula does not compile */
        double vars[NCODES], x = 0, y = 0;
        for (size_t i = 0; i < NCODES; i++)
            vars[i] = (double)i - 2; /* one of them 0, for division by zero */
        expr_result a = expr_eval(e, vars, &x), b = c ? expr_eval(c, vars, &y) : a;
        if (c && !same_result(a, x, b, y))
            abort(); /* the workbook would compute something else */
        expr_free(c);
        expr_free(e);
    }
    kv_error_free(&err);
    free(src);
    free(w.same);
    free(w.cells);
    return 0;
}
