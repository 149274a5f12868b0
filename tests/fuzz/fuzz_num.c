/* libFuzzer target: the strict number parser, checked against strtod and
 * the exact formatter (what parses must format and parse back equal). */
#include "fmt.h"
#include "num.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char dec = (data[0] & 1) ? '.' : ',';
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    double v;
    if (num_parse(s, n, dec, &v) != NUM_OK)
        return 0;
    /* accepted text is only -, digits and one separator: strtod must agree */
    char tmp[NUM_MAX_LEN + 1];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *sep = strchr(tmp, dec);
    if (sep)
        *sep = '.';
    if (strtod(tmp, NULL) != v)
        abort();
    char out[FMT_EXACT_SIZE];
    fmt_exact(v, ',', out, sizeof out);
    double back;
    if (strlen(out) <= NUM_MAX_LEN &&
        (num_parse(out, strlen(out), ',', &back) != NUM_OK || back != v))
        abort();
    return 0;
}
