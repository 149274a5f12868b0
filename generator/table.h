/* table.h - one input CSV file read as a table: the file found (plain or
 * .gz), UTF-8 checked, header mapped to known columns, records delivered
 * one at a time with their line number. Structural problems are reported
 * to the diagnostics list; the caller only sees well-formed records. */
#ifndef KV_TABLE_H
#define KV_TABLE_H

#include "csv.h"
#include "diag.h"

#define TABLE_MAX_COLS 16

typedef struct {
    const char *name;
    int required;
} table_col;

typedef struct {
    char *fname; /* "basedata.csv" or "basedata.csv.gz", for messages */
    char *buf;
    size_t len;
    csv_reader rd;
    const table_col *cols;
    size_t ncols;
    int idx[TABLE_MAX_COLS]; /* field index per column, -1 when absent */
    size_t width;            /* fields in the header */
    diag_list *diag;
    long line; /* line of the current record */
} table;

/* Finds dir/name or dir/name.gz and reads its header. On KV_OK the table
 * must be closed with table_close; otherwise nothing is held and a message
 * went to diag: KV_ERR_INPUT when neither form exists or the file cannot
 * be read, KV_ERR_DATA when both forms exist, the gzip data is broken or
 * the header is (a column twice, a required one missing), KV_ERR_NOMEM. */
kv_status table_open(table *t, const char *dir, const char *name, const table_col *cols,
                     size_t ncols, diag_list *diag);
void table_close(table *t);

/* Advances to the next well-formed record; 0 at the end. */
int table_next(table *t);

/* Field of column c in the current record; "" when the column is absent. */
const char *table_get(const table *t, size_t c, size_t *len);

/* 1 when the named file exists in dir, plain or gzip-compressed. */
int table_exists(const char *dir, const char *name);

#endif
