/* out.h - writing outputs: every file appears atomically in its directory
 * (temporary file next to it, mode 0600, flushed and renamed; durability
 * and the final mode come with the generation, see gen.h), directories are
 * created on demand, and a lock keeps two runs off one output directory. */
#ifndef KV_OUT_H
#define KV_OUT_H

#include "status.h"

#include <stdio.h>

typedef struct {
    FILE *fp;   /* write the content here */
    char *path; /* final path */
    char *tmp;  /* hidden temporary next to it */
} out_file;

/* Opens a temporary file next to path. Returns 0, or -1 with errno set. */
int out_open(out_file *f, const char *path);

/* Like out_open for writers that need a file name instead of a stream
 * (libxlsxwriter): f->tmp names an empty hidden file next to path, f->fp
 * is NULL. Finish with out_commit or out_abort as usual. */
int out_reserve(out_file *f, const char *path);

/* Flushes and renames the temporary file over path. On failure the
 * temporary file is removed, path is untouched, and -1 is returned with
 * errno set. Either way f is released. */
int out_commit(out_file *f);

/* Drops the temporary file; path stays as it was. */
void out_abort(out_file *f);

/* Writes the content of path through fn (which returns < 0 on a stream
 * error) with out_open and out_commit. 0, or -1 with errno set and path
 * untouched. */
typedef int (*out_write_fn)(const void *ctx, FILE *fp);
int out_write(const char *path, out_write_fn fn, const void *ctx);

/* out_write of dir/name: KV_OK, or KV_ERR_OUTPUT (KV_ERR_NOMEM) with e
 * saying "DIR/NAME kann nicht geschrieben werden: reason". */
kv_status out_save(const char *dir, const char *name, out_write_fn fn, const void *ctx,
                   kv_error *e);

/* That failure in e, for path and errno, after any other failure to write;
 * returns KV_ERR_OUTPUT. */
kv_status out_failed(kv_error *e, const char *path);

/* mkdir -p; 0 or -1 with errno set. */
int out_mkdirs(const char *path);

/* Takes an exclusive lock on the directory dir itself (flock: released by
 * the kernel when the process and its children end, so a killed run leaves
 * no stale lock, and no file can be deleted or replaced to get around it).
 * *fd receives the descriptor to pass to out_unlock. KV_ERR_BUSY when
 * another run holds the lock, KV_ERR_OUTPUT when dir cannot be locked;
 * both with a message in e. */
kv_status out_lock(const char *dir, int *fd, kv_error *e);
void out_unlock(int fd);

/* Joins a directory and a relative name into a malloc'ed path. */
char *out_path(const char *dir, const char *name);

#endif
