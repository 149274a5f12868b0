/* diag.c - collected diagnostics. */
#include "diag.h"

#include "csv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct diag_list {
    diag_entry *v;
    size_t n, cap, max;
    size_t count[2];
    size_t dropped;
};

diag_list *diag_new(size_t max_entries)
{
    diag_list *d = calloc(1, sizeof *d);
    if (d)
        d->max = max_entries;
    return d;
}

void diag_free(diag_list *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].city);
        free(d->v[i].code);
        free(d->v[i].message);
    }
    free(d->v);
    free(d);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void diag_add(diag_list *d, diag_severity sev, const char *file, long line, const char *city,
              int year, const char *code, const char *fmt, ...)
{
    d->count[sev]++;
    if (d->n == d->max) {
        d->dropped++;
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        if (cap > d->max)
            cap = d->max;
        diag_entry *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            d->dropped++;
            return;
        }
        d->v = v;
        d->cap = cap;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_entry *e = &d->v[d->n++];
    e->severity = sev;
    e->file = dup_or_null(file);
    e->line = line;
    e->city = dup_or_null(city);
    e->year = year;
    e->code = dup_or_null(code);
    e->message = strdup(msg);
}

size_t diag_count(const diag_list *d, diag_severity sev)
{
    return d->count[sev];
}

size_t diag_size(const diag_list *d)
{
    return d->n;
}

const diag_entry *diag_get(const diag_list *d, size_t i)
{
    return i < d->n ? &d->v[i] : NULL;
}

size_t diag_dropped(const diag_list *d)
{
    return d->dropped;
}

static const char *sev_name(diag_severity s)
{
    return s == DIAG_ERROR ? "error" : "warning";
}

void diag_print(const diag_list *d, FILE *fp, int with_warnings, size_t max_lines)
{
    size_t printed = 0, skipped = 0;
    for (size_t i = 0; i < d->n; i++) {
        const diag_entry *e = &d->v[i];
        if (e->severity == DIAG_WARNING && !with_warnings)
            continue;
        if (printed == max_lines) {
            skipped++;
            continue;
        }
        if (e->file && e->line > 0)
            fprintf(fp, "%s:%ld: ", e->file, e->line);
        else if (e->file)
            fprintf(fp, "%s: ", e->file);
        fprintf(fp, "%s: %s\n", sev_name(e->severity), e->message);
        printed++;
    }
    skipped += d->dropped;
    if (skipped)
        fprintf(fp, "... %zu weitere Meldungen, siehe validation.csv\n", skipped);
}

int diag_write_csv(const diag_list *d, FILE *fp)
{
    fputs("severity;file;line;city;year;code;message\n", fp);
    for (size_t i = 0; i < d->n; i++) {
        const diag_entry *e = &d->v[i];
        char num[32];
        fputs(sev_name(e->severity), fp);
        fputc(';', fp);
        csv_write_field(fp, e->file ? e->file : "");
        fputc(';', fp);
        if (e->line > 0)
            fprintf(fp, "%ld", e->line);
        fputc(';', fp);
        csv_write_field(fp, e->city ? e->city : "");
        fputc(';', fp);
        if (e->year) {
            snprintf(num, sizeof num, "%d", e->year);
            fputs(num, fp);
        }
        fputc(';', fp);
        csv_write_field(fp, e->code ? e->code : "");
        fputc(';', fp);
        csv_write_field(fp, e->message);
        fputc('\n', fp);
    }
    if (d->dropped)
        fprintf(fp, "warning;;;;;;%zu weitere Meldungen nicht einzeln aufgeführt\n", d->dropped);
    return ferror(fp) ? -1 : 0;
}
