/* libFuzzer target: shortening names to fit (text_fit, text_fit_apart),
 * with a width of one unit per code point (two for a wide one, so that
 * widths are not just lengths). The first byte sets the room; the rest
 * is a set of names, one per line. Every text must come back as valid
 * UTF-8 no wider than the room (or as the plain cut where nothing else
 * fits), a name that fits as text_fit leaves it (tabs as spaces), equal
 * names with equal texts, and names whose plain cuts differ apart. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double units(void *ctx, const char *s)
{
    (void)ctx;
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += *p >= 0xE0 ? 2 : 1;
    return w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    double max = (double)(data[0] % 64);
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (text_utf8_invalid(text, strlen(text)) != strlen(text)) { /* names are valid UTF-8 */
        free(text);
        return 0;
    }
    const char *names[64];
    size_t n = 0;
    for (char *p = text; n < 64;) {
        names[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    char **out = text_fit_apart(names, n, max, units, NULL);
    if (!out) {
        free(text);
        return 0;
    }
    int ellipsis = memmem(data + 1, size - 1, "\xE2\x80\xA6", 3) != NULL;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(out[i]);
        if (text_utf8_invalid(out[i], len) != len)
            abort();
        char plain[4 * 65536 + 8];
        text_fit(names[i], max, units, NULL, plain, sizeof plain);
        if (units(NULL, out[i]) > max && strcmp(out[i], plain) != 0)
            abort(); /* too wide, and not even the plain cut */
        if (units(NULL, names[i]) <= max && strcmp(out[i], plain) != 0)
            abort(); /* a name that fits is left as it is (line breaks as spaces) */
        for (size_t j = 0; j < i; j++) {
            if (strcmp(names[i], names[j]) == 0 && strcmp(out[i], out[j]) != 0)
                abort();
            /* texts whose plain cuts differ never read alike (unless a
             * name holds the ellipsis itself) */
            char other[4 * 65536 + 8];
            text_fit(names[j], max, units, NULL, other, sizeof other);
            if (!ellipsis && strcmp(plain, other) != 0 && strcmp(out[i], out[j]) == 0)
                abort();
        }
    }
    text_fit_free(out, n);
    free(text);
    return 0;
}
