/* testutil.h - helpers shared by the cmocka unit tests: temporary dataset
 * directories and diagnostics lookups. Header-only; each test is one
 * translation unit. */
#ifndef KV_TESTUTIL_H
#define KV_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "diag.h"
#include "kz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh directory under /tmp; free() the result after tu_rmrf. */
static inline char *tu_mkdtemp(void)
{
    char *d = strdup("/tmp/kvunit-XXXXXX");
    assert_non_null(d);
    assert_non_null(mkdtemp(d));
    return d;
}

/* Writes dir/name, creating the directories name passes through. */
static inline void tu_write(const char *dir, const char *name, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(path, 0700);
        *s = '/';
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

/* The content of dir/name (name NULL: of the path dir) as a malloc'ed
 * string of at most 8 KiB, or NULL when it cannot be read. */
static inline char *tu_slurp(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, name ? "%s/%s" : "%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 8192);
    size_t n = buf ? fread(buf, 1, 8191, f) : 0;
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static inline void tu_rmrf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* 1 when diag holds an entry of this severity for file:line whose message
 * contains fragment (line -1: any line). */
static inline int tu_has(const diag_list *d, diag_severity sev, const char *file, long line,
                         const char *fragment)
{
    for (size_t i = 0; i < diag_size(d); i++) {
        const diag_entry *e = diag_get(d, i);
        if (e->severity == sev && (!file || (e->file && strcmp(e->file, file) == 0)) &&
            (line < 0 || e->line == line) && strstr(e->message, fragment))
            return 1;
    }
    return 0;
}

/* Prints the list, to see why a tu_has assertion failed. */
static inline void tu_dump(const diag_list *d)
{
    diag_print(d, stderr, 1, 100);
}

/* A temporary dataset directory, its diagnostics and what was loaded and
 * computed from it; set up and torn down around each test. */
typedef struct {
    char *dir;
    diag_list *diag;
    dataset *ds;
    kz_result *r;
    kv_status st;
} fixture;

static inline int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = tu_mkdtemp();
    f->diag = diag_new(1000);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    fixture *f = *state;
    kz_free(f->r);
    dataset_free(f->ds);
    diag_free(f->diag);
    tu_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

#endif
