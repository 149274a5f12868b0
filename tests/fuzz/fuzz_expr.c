/* libFuzzer target: the formula compiler and evaluator on arbitrary text. */
#include "expr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int lookup(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    /* codes of one to three capital letters are known */
    if (len == 0 || len > 3)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (name[i] < 'A' || name[i] > 'Z')
            return -1;
    return (int)(name[0] - 'A');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    if (!src)
        return 0;
    memcpy(src, data, size);
    src[size] = '\0';
    kv_error err = {0};
    expr *e = expr_compile(src, lookup, NULL, &err);
    if (e) {
        double vars[26];
        for (int i = 0; i < 26; i++)
            vars[i] = i - 3;
        const int *v;
        size_t nv = expr_vars(e, &v);
        for (size_t i = 0; i < nv; i++)
            if (v[i] < 0 || v[i] >= 26)
                abort();
        double out;
        (void)expr_eval(e, vars, &out);
        expr_free(e);
    } else if (err.status == KV_OK || !err.msg) {
        abort(); /* every rejection explains itself */
    }
    kv_error_free(&err);
    free(src);
    return 0;
}
