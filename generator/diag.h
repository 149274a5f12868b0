/* diag.h - the run's diagnostics: every error and warning found in the
 * input, with file, line, city, year and code. Feeds stderr and
 * validation.csv. The list owns copies of all strings passed in. */
#ifndef KV_DIAG_H
#define KV_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_WARNING = 0, DIAG_ERROR = 1 } diag_severity;

typedef struct {
    diag_severity severity;
    char *file;    /* file name as the user knows it, or NULL */
    long line;     /* 1-based; 0 = the file as a whole */
    char *city;    /* participant id or NULL */
    int year;      /* 0 = none */
    char *code;    /* base or key-figure code or NULL */
    char *message; /* German, one line */
} diag_entry;

typedef struct diag_list diag_list;

/* A list that stores at most max_entries entries; further ones are only
 * counted (diag_count stays exact, so an error is never lost). */
diag_list *diag_new(size_t max_entries);
void diag_free(diag_list *d);

void diag_add(diag_list *d, diag_severity sev, const char *file, long line, const char *city,
              int year, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

size_t diag_count(const diag_list *d, diag_severity sev);
size_t diag_size(const diag_list *d);
const diag_entry *diag_get(const diag_list *d, size_t i);
/* Entries counted but not stored because the cap was reached. */
size_t diag_dropped(const diag_list *d);

/* Prints "file:line: error: message" lines; warnings only when
 * with_warnings. At most max_lines lines, then a summary line. */
void diag_print(const diag_list *d, FILE *fp, int with_warnings, size_t max_lines);

/* Writes validation.csv content (header included). Returns 0 or -1 on a
 * stream error. */
int diag_write_csv(const diag_list *d, FILE *fp);

#endif
