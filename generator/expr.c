/* expr.c - recursive-descent compiler to a postfix program and its
 * evaluator. Grammar:
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | primary
 *   primary := NUMBER | CODE | '(' sum ')'
 */
#include "expr.h"

#include "num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OP_CONST, OP_VAR, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG } op_kind;

typedef struct {
    op_kind kind;
    int var;
    double val;
} op;

struct expr {
    op *ops;
    size_t nops, cap;
    int *vars;
    size_t nvars;
    size_t max_stack;
};

typedef struct {
    const char *s;
    size_t pos;
    expr *e;
    expr_lookup lookup;
    void *ctx;
    kv_error *err;
    int failed; /* fail was called: err holds the first failure */
    int depth;
    size_t stack, max_stack;
} parser;

/* Records the first error: what, the offending text if any, the position. */
static int fail(parser *p, const char *what, const char *arg)
{
    if (!p->failed)
        kv_fail(p->err, KV_ERR_DATA, "%s%s%s%s (Position %lu)", what, arg ? " \xE2\x80\x9E" : "",
                arg ? arg : "", arg ? "\xE2\x80\x9C" : "", (unsigned long)p->pos + 1);
    p->failed = 1;
    return -1;
}

/* Records running out of memory as the failure. */
static int nomem(parser *p)
{
    if (!p->failed)
        kv_fail(p->err, KV_ERR_NOMEM, "zu wenig Speicher");
    p->failed = 1;
    return -1;
}

static void skip_space(parser *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
        p->pos++;
}

static int emit(parser *p, op o)
{
    expr *e = p->e;
    if (e->nops == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        op *n = realloc(e->ops, cap * sizeof *n);
        if (!n)
            return nomem(p);
        e->ops = n;
        e->cap = cap;
    }
    e->ops[e->nops++] = o;
    /* track the evaluation stack depth the program needs */
    if (o.kind == OP_CONST || o.kind == OP_VAR) {
        if (++p->stack > p->max_stack)
            p->max_stack = p->stack;
    } else if (o.kind != OP_NEG) {
        p->stack--;
    }
    return 0;
}

static int add_var(parser *p, int v)
{
    expr *e = p->e;
    for (size_t i = 0; i < e->nvars; i++)
        if (e->vars[i] == v)
            return 0;
    int *n = realloc(e->vars, (e->nvars + 1) * sizeof *n);
    if (!n)
        return nomem(p);
    e->vars = n;
    e->vars[e->nvars++] = v;
    return 0;
}

static int is_ident(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int parse_sum(parser *p);

static int parse_primary(parser *p)
{
    skip_space(p);
    char c = p->s[p->pos];
    if (c == '(') {
        if (++p->depth > EXPR_MAX_DEPTH)
            return fail(p, "Formel zu tief verschachtelt", NULL);
        p->pos++;
        if (parse_sum(p) < 0)
            return -1;
        skip_space(p);
        if (p->s[p->pos] != ')')
            return fail(p, "schließende Klammer erwartet", NULL);
        p->pos++;
        p->depth--;
        return 0;
    }
    if (c >= '0' && c <= '9') {
        size_t start = p->pos;
        while ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') || p->s[p->pos] == '.')
            p->pos++;
        if (is_ident(p->s[p->pos]))
            return fail(p, "ungültige Zahl", NULL);
        double v;
        if (num_parse(p->s + start, p->pos - start, '.', &v) != NUM_OK) {
            p->pos = start;
            return fail(p, "ungültige Zahl", NULL);
        }
        return emit(p, (op){OP_CONST, -1, v});
    }
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
        size_t start = p->pos;
        while (is_ident(p->s[p->pos]))
            p->pos++;
        int v = p->lookup(p->ctx, p->s + start, p->pos - start);
        if (v < 0) {
            char name[80];
            size_t n = p->pos - start < sizeof name - 1 ? p->pos - start : sizeof name - 1;
            memcpy(name, p->s + start, n);
            name[n] = '\0';
            p->pos = start;
            return fail(p, "unbekannter Basiszahl-Code", name);
        }
        if (add_var(p, v) < 0)
            return -1;
        return emit(p, (op){OP_VAR, v, 0});
    }
    if (c == '\0')
        return fail(p, "unerwartetes Formelende", NULL);
    char tok[2] = {c, '\0'};
    return fail(p, "unerwartetes Zeichen", tok);
}

static int parse_unary(parser *p)
{
    skip_space(p);
    char c = p->s[p->pos];
    if (c == '-' || c == '+') {
        if (++p->depth > EXPR_MAX_DEPTH)
            return fail(p, "Formel zu tief verschachtelt", NULL);
        p->pos++;
        if (parse_unary(p) < 0)
            return -1;
        p->depth--;
        return c == '-' ? emit(p, (op){OP_NEG, -1, 0}) : 0;
    }
    return parse_primary(p);
}

static int parse_product(parser *p)
{
    if (parse_unary(p) < 0)
        return -1;
    for (;;) {
        skip_space(p);
        char c = p->s[p->pos];
        if (c != '*' && c != '/')
            return 0;
        p->pos++;
        if (parse_unary(p) < 0)
            return -1;
        if (emit(p, (op){c == '*' ? OP_MUL : OP_DIV, -1, 0}) < 0)
            return -1;
    }
}

static int parse_sum(parser *p)
{
    if (parse_product(p) < 0)
        return -1;
    for (;;) {
        skip_space(p);
        char c = p->s[p->pos];
        if (c != '+' && c != '-')
            return 0;
        p->pos++;
        if (parse_product(p) < 0)
            return -1;
        if (emit(p, (op){c == '+' ? OP_ADD : OP_SUB, -1, 0}) < 0)
            return -1;
    }
}

expr *expr_compile(const char *src, expr_lookup lookup, void *ctx, kv_error *err)
{
    if (strlen(src) > EXPR_MAX_LEN) {
        kv_fail(err, KV_ERR_DATA, "Formel länger als %d Zeichen", EXPR_MAX_LEN);
        return NULL;
    }
    expr *e = calloc(1, sizeof *e);
    if (!e) {
        kv_fail(err, KV_ERR_NOMEM, "zu wenig Speicher");
        return NULL;
    }
    parser p = {.s = src, .e = e, .lookup = lookup, .ctx = ctx, .err = err};
    skip_space(&p);
    if (src[p.pos] == '\0') {
        kv_fail(err, KV_ERR_DATA, "leere Formel");
        expr_free(e);
        return NULL;
    }
    if (parse_sum(&p) == 0) {
        skip_space(&p);
        if (src[p.pos] == ')')
            fail(&p, "öffnende Klammer fehlt", NULL);
        else if (src[p.pos] == ',')
            fail(&p, "Komma in der Formel; Zahlen in Formeln mit Dezimalpunkt schreiben", NULL);
        else if (is_ident(src[p.pos]) || src[p.pos] == '(')
            fail(&p, "Operator erwartet", NULL);
        else if (src[p.pos] != '\0')
            fail(&p, "unerwartetes Zeichen", (char[]){src[p.pos], '\0'});
    }
    if (p.failed) {
        expr_free(e);
        return NULL;
    }
    e->max_stack = p.max_stack;
    return e;
}

void expr_free(expr *e)
{
    if (!e)
        return;
    free(e->ops);
    free(e->vars);
    free(e);
}

void expr_walk(const char *src, expr_emit out, void *ctx)
{
    const char *p = src;
    while (*p) {
        const char *s = p;
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
            while (is_ident(*p))
                p++;
            char code[EXPR_NAME_MAX + 1];
            size_t n = (size_t)(p - s) <= EXPR_NAME_MAX ? (size_t)(p - s) : 0;
            memcpy(code, s, n);
            code[n] = '\0';
            out(ctx, s, (size_t)(p - s), code);
        } else {
            while (*p && !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
                p++;
            out(ctx, s, (size_t)(p - s), NULL);
        }
    }
}

size_t expr_vars(const expr *e, const int **vars)
{
    *vars = e->vars;
    return e->nvars;
}

expr_result expr_eval(const expr *e, const double *vars, double *out)
{
    double small[32];
    double *st = e->max_stack <= 32 ? small : malloc(e->max_stack * sizeof *st);
    if (!st)
        return EXPR_NOT_FINITE;
    size_t sp = 0;
    expr_result rc = EXPR_OK;
    for (size_t i = 0; i < e->nops; i++) {
        const op *o = &e->ops[i];
        switch (o->kind) {
        case OP_CONST:
            st[sp++] = o->val;
            break;
        case OP_VAR:
            st[sp++] = vars[o->var];
            break;
        case OP_NEG:
            st[sp - 1] = -st[sp - 1];
            break;
        case OP_ADD:
            sp--;
            st[sp - 1] += st[sp];
            break;
        case OP_SUB:
            sp--;
            st[sp - 1] -= st[sp];
            break;
        case OP_MUL:
            sp--;
            st[sp - 1] *= st[sp];
            break;
        case OP_DIV:
            sp--;
            if (st[sp] == 0) {
                rc = EXPR_DIV_ZERO;
                goto done;
            }
            st[sp - 1] /= st[sp];
            break;
        }
    }
    *out = st[0];
    if (!isfinite(*out))
        rc = EXPR_NOT_FINITE;
done:
    if (st != small)
        free(st);
    return rc;
}
