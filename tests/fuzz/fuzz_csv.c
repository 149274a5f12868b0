/* libFuzzer target: UTF-8 validation and the CSV tokenizer on arbitrary
 * bytes, with the tokenizer's invariants checked on every record. */
#include "csv.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    (void)text_utf8_invalid(buf, size);
    csv_reader r;
    csv_reader_init(&r, buf, size);
    long last_line = 0;
    for (;;) {
        csv_result st = csv_next(&r);
        if (st == CSV_END || st == CSV_ERR_UNCLOSED || st == CSV_ERR_NOMEM)
            break;
        if (r.rec_line < last_line)
            abort(); /* line numbers never go backwards */
        last_line = r.rec_line;
        if (st != CSV_RECORD)
            continue;
        for (size_t i = 0; i < r.nfields; i++)
            if (strlen(r.fields[i]) > r.lens[i]) /* fields are terminated where they end */
                abort();
    }
    csv_reader_free(&r);
    free(buf);
    return 0;
}
