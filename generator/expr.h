/* expr.h - key-figure formulas: + - * /, parentheses, numeric literals
 * with '.', and base-figure codes. Compiled once to a postfix program. */
#ifndef KV_EXPR_H
#define KV_EXPR_H

#include "status.h"

#include <stddef.h>

/* Longest formula and deepest nesting accepted; longest name a formula can
 * refer to (the longest code the dataset accepts). */
#define EXPR_MAX_LEN   4096
#define EXPR_MAX_DEPTH 64
#define EXPR_NAME_MAX  64

typedef struct expr expr;

/* Resolves a code (len bytes at name, not NUL-terminated) to its variable
 * index, or -1 when unknown. */
typedef int (*expr_lookup)(void *ctx, const char *name, size_t len);

/* Compiles src. On failure returns NULL with the failure in err
 * (KV_ERR_DATA with a German message naming the position, or
 * KV_ERR_NOMEM). The result is owned by the caller (expr_free). */
expr *expr_compile(const char *src, expr_lookup lookup, void *ctx, kv_error *err);
void expr_free(expr *e);

/* Walks the text of a formula: emit gets each run of text that is not a
 * name with code = NULL, and each name with code set to a NUL-terminated
 * copy of it ("" for a name longer than EXPR_NAME_MAX, which can be no
 * code). Used to rewrite formulas for readers
 * (labels in the PDF, cell references in workbooks). */
typedef void (*expr_emit)(void *ctx, const char *text, size_t len, const char *code);
void expr_walk(const char *src, expr_emit out, void *ctx);

/* Distinct variable indices the formula reads, in first-use order. */
size_t expr_vars(const expr *e, const int **vars);

/* Whether a value came out, and if not why (the key figure is then missing
 * with the reason in the diagnostics); not a status: compiling fails with
 * a kv_status. */
typedef enum { EXPR_OK = 0, EXPR_DIV_ZERO, EXPR_NOT_FINITE } expr_result;

/* Evaluates with vars[i] the value of variable i. */
expr_result expr_eval(const expr *e, const double *vars, double *out);

#endif
