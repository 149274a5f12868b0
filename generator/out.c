/* out.c - atomic files, directories and the run lock. */
#include "out.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

char *out_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int out_open(out_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = path + dirlen;
    size_t n = strlen(path) + 32;
    f->path = strdup(path);
    f->tmp = malloc(n);
    if (!f->path || !f->tmp) {
        out_abort(f);
        errno = ENOMEM;
        return -1;
    }
    snprintf(f->tmp, n, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        int e = errno;
        free(f->tmp);
        f->tmp = NULL;
        out_abort(f);
        errno = e;
        return -1;
    }
    /* 0600 from mkstemp: outputs get their final mode when a generation
     * is published (gen.c) */
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        int e = errno;
        close(fd);
        out_abort(f);
        errno = e;
        return -1;
    }
    return 0;
}

int out_write(const char *path, out_write_fn fn, const void *ctx)
{
    out_file f;
    if (out_open(&f, path) < 0)
        return -1;
    errno = 0;
    if (fn(ctx, f.fp) < 0) {
        int e = errno ? errno : EIO;
        out_abort(&f);
        errno = e;
        return -1;
    }
    return out_commit(&f);
}

kv_status out_failed(kv_error *e, const char *path)
{
    return kv_fail(e, KV_ERR_OUTPUT, "%s kann nicht geschrieben werden: %s", path,
                   kv_errno_text(errno));
}

kv_status out_save(const char *dir, const char *name, out_write_fn fn, const void *ctx, kv_error *e)
{
    char *path = out_path(dir, name);
    kv_status st = KV_OK;
    if (!path)
        st = kv_fail(e, KV_ERR_NOMEM, "%s/%s kann nicht geschrieben werden: zu wenig Speicher", dir,
                     name);
    else if (out_write(path, fn, ctx) < 0)
        st = out_failed(e, path);
    free(path);
    return st;
}

int out_reserve(out_file *f, const char *path)
{
    if (out_open(f, path) < 0)
        return -1;
    if (fclose(f->fp) != 0) {
        f->fp = NULL;
        out_abort(f);
        return -1;
    }
    f->fp = NULL;
    return 0;
}

static void release(out_file *f)
{
    free(f->path);
    free(f->tmp);
    f->path = f->tmp = NULL;
    f->fp = NULL;
}

int out_commit(out_file *f)
{
    int rc = 0, e = 0;
    if (f->fp) {
        if (fflush(f->fp) != 0 || ferror(f->fp)) {
            e = errno ? errno : EIO;
            rc = -1;
        }
        if (fclose(f->fp) != 0 && rc == 0) {
            e = errno;
            rc = -1;
        }
        f->fp = NULL;
    }
    if (rc == 0 && rename(f->tmp, f->path) != 0) {
        e = errno;
        rc = -1;
    }
    if (rc != 0)
        unlink(f->tmp);
    release(f);
    errno = e;
    return rc;
}

void out_abort(out_file *f)
{
    if (f->fp)
        fclose(f->fp);
    if (f->tmp)
        unlink(f->tmp);
    release(f);
}

int out_mkdirs(const char *path)
{
    char *p = strdup(path);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0755) != 0 && (errno != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
            int e = errno == EEXIST ? ENOTDIR : errno;
            free(p);
            errno = e;
            return -1;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return 0;
}

kv_status out_lock(const char *dir, int *fd, kv_error *e)
{
    /* the directory itself, not a file in it: a lock that nobody can
     * delete, replace or point elsewhere while a run holds it */
    *fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*fd >= 0 && flock(*fd, LOCK_EX | LOCK_NB) == 0)
        return KV_OK;
    int err = errno;
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
    if (err == EWOULDBLOCK)
        return kv_fail(e, KV_ERR_BUSY,
                       "ein anderer Lauf schreibt gerade nach %s; bitte später erneut versuchen",
                       dir);
    return kv_fail(e, KV_ERR_OUTPUT, "Ausgabeverzeichnis %s kann nicht gesperrt werden: %s", dir,
                   kv_errno_text(err));
}

void out_unlock(int fd)
{
    if (fd >= 0)
        close(fd);
}
