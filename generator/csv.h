/* csv.h - RFC 4180 tokenizer with ';' as separator, working in place on a
 * buffer that holds a whole file, and a field writer for our CSV outputs. */
#ifndef KV_CSV_H
#define KV_CSV_H

#include "status.h"

#include <stddef.h>
#include <stdio.h>

/* Longest field accepted; anything longer is a clean error, not a crash. */
#define CSV_MAX_FIELD (1u << 20)

/* What csv_next found: a record, the end, or a defect of the input (the
 * caller reports it with its line as a data error; only CSV_ERR_NOMEM is
 * a failure, KV_ERR_NOMEM). Not a status: failures are kv_status. */
typedef enum {
    CSV_RECORD = 0,      /* fields/nfields hold the next record */
    CSV_END,             /* no more records */
    CSV_ERR_UNCLOSED,    /* quote opened at rec_line never closed; reading stops */
    CSV_ERR_AFTER_QUOTE, /* text after a closing quote; record skipped */
    CSV_ERR_TOO_LONG,    /* a field longer than CSV_MAX_FIELD; record skipped */
    CSV_ERR_NOMEM
} csv_result;

typedef struct {
    char *buf; /* borrowed, len + 1 bytes, rewritten in place */
    size_t len, pos;
    long line;     /* physical line at pos, 1-based */
    long rec_line; /* line on which the last record (or error) starts */
    char **fields; /* NUL-terminated fields pointing into buf */
    size_t *lens;
    size_t nfields, cap;
} csv_reader;

/* Starts reading buf[0..len); buf[len] must exist. A leading UTF-8 BOM is
 * skipped. The reader keeps pointers into buf. */
void csv_reader_init(csv_reader *r, char *buf, size_t len);
void csv_reader_free(csv_reader *r);

/* Next non-empty record. Quoted fields lose their quotes, "" becomes ",
 * CRLF inside quotes becomes LF. Empty lines are skipped. */
csv_result csv_next(csv_reader *r);

/* Reads a whole regular file into a NUL-terminated malloc'ed buffer; a
 * name ending in ".gz" is inflated through zlib (one or more complete gzip
 * members, nothing after them). Returns KV_OK; KV_ERR_INPUT when the file
 * cannot be opened or read or is not a regular file (a FIFO, a device, a
 * directory: refused before anything is read, without blocking);
 * KV_ERR_DATA when its content is unusable (damaged gzip data, too large);
 * KV_ERR_NOMEM. e gets the failure with a German reason. */
kv_status csv_slurp(const char *path, char **buf, size_t *len, kv_error *e);

/* Writes s as one CSV field, quoted when it contains ; " CR or LF. */
void csv_write_field(FILE *fp, const char *s);

#endif
