/* fuzz_util.h - what the file-based fuzz targets share: one private
 * temporary directory per fuzzing process, and writing the input's pieces
 * into it as files. Header-only; each target is one translation unit. */
#ifndef KV_FUZZ_UTIL_H
#define KV_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The process's scratch directory (created on first use, removed at exit;
 * a crash leaves it in $TMPDIR as kvfuzz-XXXXXX). */
static char fz_dir[64];

static void fz_cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
    if (fz_dir[0] && system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", fz_dir);
}

static const char *fz_tmpdir(void)
{
    if (!fz_dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(fz_dir, sizeof fz_dir, "%s/kvfuzz-XXXXXX", t && strlen(t) < 40 ? t : "/tmp");
        if (!mkdtemp(fz_dir))
            abort();
        atexit(fz_cleanup);
    }
    return fz_dir;
}

/* dir/name, into buf (size bytes). */
static const char *fz_path(const char *dir, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

/* Writes n bytes as dir/name (replacing it). */
static void fz_write(const char *dir, const char *name, const void *data, size_t n)
{
    char path[256];
    FILE *fp = fopen(fz_path(dir, name, path, sizeof path), "wb");
    if (!fp || (n && fwrite(data, 1, n, fp) != n) || fclose(fp) != 0)
        abort();
}

static void fz_remove(const char *dir, const char *name)
{
    char path[256];
    (void)unlink(fz_path(dir, name, path, sizeof path));
}

/* The next piece of data[*pos..size) up to the separator sep (not
 * included); *pos moves past the separator. Returns 0 when no piece is
 * left. */
static int fz_piece(const uint8_t *data, size_t size, size_t *pos, const char *sep,
                    const uint8_t **piece, size_t *len)
{
    if (*pos > size || (*pos == size && *pos > 0))
        return 0;
    size_t m = strlen(sep), i = *pos;
    const uint8_t *start = data + i;
    while (i + m <= size && memcmp(data + i, sep, m) != 0)
        i++;
    if (i + m > size)
        i = size;
    *piece = start;
    *len = i - *pos;
    *pos = i + m; /* past the end when there was no separator */
    return 1;
}

#endif
