/* gen.c - whole output generations (see gen.h for the protocol). Every
 * path below a generation's directory is resolved relative to directory
 * descriptors opened with O_NOFOLLOW, so no step follows a link. */
#include "gen.h"

#include "csv.h"
#include "sbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define STAGE_PREFIX ".kvreport-new-"
#define COMMIT_NAME  ".kvreport-commit"
#define MANIFEST     ".generation"
#define OBSOLETE     ".obsolete"

typedef struct {
    char *rel;
    long long size;
    unsigned long crc;
} entry;

typedef struct {
    entry *v;
    size_t n, cap;
} entries;

struct gen {
    int yfd;     /* the generation's directory */
    char *ypath; /* its path, for messages */
    char *stage_name, *stage;
};

/* Records in err a German message (with kv_errno_text(e) when e != 0); returns
 * KV_ERR_NOMEM for ENOMEM, else KV_ERR_OUTPUT. */
static kv_status fail(kv_error *err, int e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static kv_status fail(kv_error *err, int e, const char *fmt, ...)
{
    sbuf b;
    sbuf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    sbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (e)
        sbuf_addf(&b, ": %s", kv_errno_text(e));
    kv_status st = e == ENOMEM || sbuf_failed(&b) ? KV_ERR_NOMEM : KV_ERR_OUTPUT;
    kv_fail(err, st, "%s", sbuf_failed(&b) ? kv_strerror(st) : b.s);
    sbuf_free(&b);
    return st;
}

static void entries_free(entries *es)
{
    for (size_t i = 0; i < es->n; i++)
        free(es->v[i].rel);
    free(es->v);
    es->v = NULL;
    es->n = es->cap = 0;
}

/* Appends a copy of rel; 0 or -1 (out of memory). */
static int entries_add(entries *es, const char *rel, long long size, unsigned long crc)
{
    if (es->n == es->cap) {
        size_t cap = es->cap ? es->cap * 2 : 64;
        entry *v = realloc(es->v, cap * sizeof *v);
        if (!v)
            return -1;
        es->v = v;
        es->cap = cap;
    }
    entry *e = &es->v[es->n];
    if (!(e->rel = strdup(rel)))
        return -1;
    e->size = size;
    e->crc = crc;
    es->n++;
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->rel, ((const entry *)b)->rel);
}

static int open_dir_at(int dfd, const char *name)
{
    return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* 1 when dfd/name is a symbolic link (why opening it as a directory
 * failed: the kernel says ELOOP or ENOTDIR, depending on the flags). */
static int is_link(int dfd, const char *name)
{
    struct stat st;
    return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

/* A stream over the entries of dfd with a position of its own (a dup'ed
 * descriptor would share dfd's). NULL with errno set. */
static DIR *open_listing(int dfd)
{
    int fd = open_dir_at(dfd, ".");
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d && fd >= 0)
        close(fd);
    return d;
}

/* Removes dfd/name and everything below it without following links. */
static void rmtree_at(int dfd, const char *name)
{
    int fd = open_dir_at(dfd, name);
    if (fd < 0) {
        unlinkat(dfd, name, 0);
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (unlinkat(fd, e->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM))
            rmtree_at(fd, e->d_name);
    }
    closedir(d);
    unlinkat(dfd, name, AT_REMOVEDIR);
}

/* The directory holding rel (below dfd) opened without following links,
 * created when create is set; *base points at rel's last component. The
 * caller closes a result other than dfd. -1 with errno set. */
static int open_parent(int dfd, const char *rel, int create, const char **base)
{
    int cur = dfd;
    const char *p = rel;
    for (const char *slash; (slash = strchr(p, '/'));) {
        char comp[256];
        size_t n = (size_t)(slash - p);
        if (n == 0 || n >= sizeof comp) {
            errno = EINVAL;
            goto fail;
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        if (create && mkdirat(cur, comp, 0777) != 0 && errno != EEXIST)
            goto fail;
        int next = open_dir_at(cur, comp);
        if (next < 0)
            goto fail;
        if (cur != dfd)
            close(cur);
        cur = next;
        p = slash + 1;
    }
    *base = p;
    return cur;
fail:;
    int e = errno;
    if (cur != dfd)
        close(cur);
    errno = e;
    return -1;
}

static int crc_file(int dfd, const char *rel, long long *size, unsigned long *crc)
{
    const char *base;
    int pd = open_parent(dfd, rel, 0, &base);
    if (pd < 0)
        return -1;
    int fd = openat(pd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int e = errno;
    if (pd != dfd)
        close(pd);
    if (fd < 0) {
        errno = e;
        return -1;
    }
    static unsigned char buf[1 << 16];
    unsigned long c = crc32(0L, Z_NULL, 0);
    long long total = 0;
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0) {
        c = crc32(c, buf, (uInt)got);
        total += got;
    }
    e = errno;
    close(fd);
    errno = e;
    *size = total;
    *crc = c;
    return got < 0 ? -1 : 0;
}

/* Adds the regular files below dfd (prefix: their directory relative to
 * the generation) to es, with sizes and CRCs when with_crc; hidden ones
 * only when hidden is set (a run's own, such as the state of changes.h),
 * hidden directories never. */
static int list_files(int dfd, const char *prefix, int with_crc, int depth, int hidden, entries *es)
{
    DIR *d = open_listing(dfd);
    if (!d)
        return -1;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        struct stat st;
        if ((e->d_name[0] == '.' && !hidden) || !strcmp(e->d_name, ".") ||
            !strcmp(e->d_name, "..") || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (e->d_name[0] == '.' && S_ISDIR(st.st_mode))
            continue;
        sbuf rel;
        sbuf_init(&rel);
        sbuf_addf(&rel, "%s%s%s", prefix, *prefix ? "/" : "", e->d_name);
        if (sbuf_failed(&rel)) {
            rc = -1;
        } else if (S_ISDIR(st.st_mode) && depth > 0) {
            int sub = open_dir_at(dfd, e->d_name);
            rc = sub >= 0 ? list_files(sub, rel.s, with_crc, depth - 1, hidden, es) : 0;
            if (sub >= 0)
                close(sub);
        } else if (S_ISREG(st.st_mode)) {
            long long size = st.st_size;
            unsigned long crc = 0;
            if (with_crc && crc_file(dfd, e->d_name, &size, &crc) < 0)
                rc = -1;
            else
                rc = entries_add(es, rel.s, size, crc);
        }
        sbuf_free(&rel);
    }
    closedir(d);
    return rc;
}

/* The whole content of dfd/name, NUL-terminated. NULL with errno set. */
static char *read_at(int dfd, const char *name, size_t *len)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    sbuf b;
    sbuf_init(&b);
    char buf[1 << 14];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        sbuf_add(&b, buf, (size_t)got);
    int e = got < 0 ? errno : sbuf_failed(&b) ? ENOMEM : 0;
    close(fd);
    *len = b.len;
    char *s = e ? NULL : sbuf_take(&b);
    sbuf_free(&b);
    errno = e;
    return s;
}

/* Reads a manifest (file;bytes;crc32 with a header) or, with nfields 1, a
 * list of paths. A missing file is an empty list with errno ENOENT. */
static int read_list(int dfd, const char *name, size_t nfields, entries *es)
{
    size_t len;
    char *buf = read_at(dfd, name, &len);
    if (!buf)
        return errno == ENOENT ? 0 : -1;
    csv_reader r;
    csv_reader_init(&r, buf, len);
    int rc = 0, first = nfields > 1;
    csv_result st;
    while (rc == 0 && (st = csv_next(&r)) == CSV_RECORD) {
        if (first) {
            first = 0;
            continue;
        }
        if (r.nfields < nfields || !*r.fields[0])
            continue; /* not ours: ignore rather than guess */
        long long size = nfields > 1 ? strtoll(r.fields[1], NULL, 10) : 0;
        unsigned long crc = nfields > 2 ? strtoul(r.fields[2], NULL, 16) : 0;
        rc = entries_add(es, r.fields[0], size, crc);
    }
    csv_reader_free(&r);
    free(buf);
    return rc;
}

static int write_list(int dfd, const char *name, const entries *es, int manifest)
{
    int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (manifest)
        fputs("file;bytes;crc32\n", fp);
    for (size_t i = 0; i < es->n; i++) {
        csv_write_field(fp, es->v[i].rel);
        if (manifest)
            fprintf(fp, ";%lld;%08lx", es->v[i].size, es->v[i].crc);
        fputc('\n', fp);
    }
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad)
        return -1;
    return 0;
}

static mode_t file_mode(void)
{
    mode_t m = umask(0);
    umask(m);
    return 0666 & ~m;
}

/* A directory descriptor cache for runs of paths in the same directory. */
typedef struct {
    int root, fd;
    char *dir; /* rel's directory part of the cached fd */
} dir_cache;

static int cached_parent(dir_cache *c, const char *rel, int create, const char **base)
{
    const char *slash = strrchr(rel, '/');
    size_t n = slash ? (size_t)(slash - rel) : 0;
    if (c->dir && strlen(c->dir) == n && !strncmp(c->dir, rel, n)) {
        *base = slash ? slash + 1 : rel;
        return c->fd;
    }
    if (c->fd != c->root)
        close(c->fd);
    free(c->dir);
    c->dir = NULL;
    c->fd = open_parent(c->root, rel, create, base);
    if (c->fd < 0) {
        c->fd = c->root;
        return -1;
    }
    c->dir = strndup(rel, n);
    return c->fd;
}

static void cache_close(dir_cache *c)
{
    if (c->fd != c->root)
        close(c->fd);
    free(c->dir);
    c->fd = c->root;
    c->dir = NULL;
}

/* The signals that ask a run to stop (kill's default, Ctrl-C, a closed
 * terminal, cron's or systemd's stop) wait from the decision to publish
 * to the end of the commit, so that the generation goes public whole: a
 * SIGTERM between two renames left new workbooks beside the old report
 * and mails, and released the lock to readers that saw the mix. They
 * take effect when *old is restored. SIGKILL cannot wait: the next run
 * finishes the commit (apply). */
static void hold_stop_signals(sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGHUP);
    sigaddset(&s, SIGQUIT);
    sigprocmask(SIG_BLOCK, &s, old);
}

/* Step 4 of gen.h: carries out the commit in ydir/.kvreport-commit, if
 * there is one. Idempotent, so a killed commit can be run again. */
static kv_status apply(int yfd, const char *ypath, kv_error *err)
{
    int cfd = open_dir_at(yfd, COMMIT_NAME);
    if (cfd < 0)
        return errno == ENOENT ? KV_OK : fail(err, errno, "%s/%s", ypath, COMMIT_NAME);
    entries man = {0}, obs = {0};
    kv_status rc = KV_OK;
    if (read_list(cfd, MANIFEST, 3, &man) < 0 || read_list(cfd, OBSOLETE, 1, &obs) < 0)
        rc = fail(err, errno, "%s/%s kann nicht gelesen werden", ypath, COMMIT_NAME);
    mode_t mode = file_mode();
    dir_cache src = {cfd, cfd, NULL}, dst = {yfd, yfd, NULL};
    for (size_t i = 0; rc == KV_OK && i < man.n; i++) {
        const char *rel = man.v[i].rel, *sb, *db;
        struct stat st;
        int sd = cached_parent(&src, rel, 0, &sb);
        if (sd < 0 || fstatat(sd, sb, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue; /* published already, or kept from before */
        int dd = cached_parent(&dst, rel, 1, &db);
        if (dd < 0 || fchmodat(sd, sb, mode, 0) != 0 || renameat(sd, sb, dd, db) != 0)
            rc = fail(err, errno, "%s/%s kann nicht veröffentlicht werden", ypath, rel);
    }
    for (size_t i = 0; rc == KV_OK && i < obs.n; i++) {
        const char *db;
        int dd = cached_parent(&dst, obs.v[i].rel, 0, &db);
        if (dd >= 0 && unlinkat(dd, db, 0) != 0 && errno != ENOENT)
            rc = fail(err, errno, "%s/%s kann nicht entfernt werden", ypath, obs.v[i].rel);
    }
    cache_close(&src);
    cache_close(&dst);
    /* a directory that held only obsolete files goes with them (not one
     * that is a link: unlinkat fails on it) */
    for (size_t i = 0; rc == KV_OK && i < obs.n; i++) {
        char *slash = strrchr(obs.v[i].rel, '/');
        if (slash) {
            *slash = '\0';
            unlinkat(yfd, obs.v[i].rel, AT_REMOVEDIR);
        }
    }
    /* the renames durable before the manifest says they happened */
    if (rc == KV_OK && syncfs(yfd) != 0)
        rc = fail(err, errno, "%s: Synchronisieren fehlgeschlagen", ypath);
    if (rc == KV_OK && (fchmodat(cfd, MANIFEST, mode, 0) == 0 || errno == ENOENT) &&
        renameat(cfd, MANIFEST, yfd, MANIFEST) != 0 && errno != ENOENT)
        rc = fail(err, errno, "%s/%s kann nicht geschrieben werden", ypath, MANIFEST);
    if (rc == KV_OK) {
        fsync(yfd);
        rmtree_at(yfd, COMMIT_NAME);
    }
    close(cfd);
    entries_free(&man);
    entries_free(&obs);
    return rc;
}

/* Finishes a commit in dfd/name and removes dead staging directories. */
static kv_status recover_dir(int dfd, const char *path, kv_error *err)
{
    sigset_t old;
    hold_stop_signals(&old);
    kv_status rc = apply(dfd, path, err);
    sigprocmask(SIG_SETMASK, &old, NULL);
    DIR *d = rc == KV_OK ? open_listing(dfd) : NULL;
    if (!d)
        return rc;
    for (struct dirent *e; (e = readdir(d));)
        if (!strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)))
            rmtree_at(dfd, e->d_name);
    closedir(d);
    return KV_OK;
}

static int is_year(const char *s)
{
    return strlen(s) == 4 && strspn(s, "0123456789") == 4;
}

kv_status gen_recover(const char *out, kv_error *err)
{
    int ofd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (ofd < 0)
        return errno == ENOENT ? KV_OK : fail(err, errno, "%s", out);
    kv_status rc = recover_dir(ofd, out, err);
    DIR *d = open_listing(ofd);
    for (struct dirent *e; rc == KV_OK && d && (e = readdir(d));) {
        if (!is_year(e->d_name))
            continue;
        int yfd = open_dir_at(ofd, e->d_name);
        if (yfd < 0)
            continue; /* a link or no directory: not ours */
        sbuf p;
        sbuf_init(&p);
        sbuf_addf(&p, "%s/%s", out, e->d_name);
        rc = recover_dir(yfd, p.s, err);
        sbuf_free(&p);
        close(yfd);
    }
    if (d)
        closedir(d);
    close(ofd);
    return rc;
}

static void gen_free(gen *g)
{
    if (g->yfd >= 0)
        close(g->yfd);
    free(g->ypath);
    free(g->stage_name);
    free(g->stage);
    free(g);
}

gen *gen_begin(const char *out, const char *sub, kv_error *err)
{
    gen *g = calloc(1, sizeof *g);
    if (!g) {
        fail(err, ENOMEM, "%s", out);
        return NULL;
    }
    g->yfd = -1;
    sbuf p;
    sbuf_init(&p);
    sbuf_addf(&p, sub ? "%s/%s" : "%s", out, sub);
    g->ypath = sbuf_take(&p);
    int ofd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (ofd < 0 || !g->ypath) {
        fail(err, ofd < 0 ? errno : ENOMEM, "Ausgabeverzeichnis %s", out);
        goto fail;
    }
    if (sub && mkdirat(ofd, sub, 0777) != 0 && errno != EEXIST) {
        fail(err, errno, "Ausgabeverzeichnis %s kann nicht angelegt werden", g->ypath);
        close(ofd);
        goto fail;
    }
    g->yfd = sub ? open_dir_at(ofd, sub) : dup(ofd);
    int e = errno, link = g->yfd < 0 && sub && is_link(ofd, sub);
    close(ofd);
    if (g->yfd < 0) {
        fail(err, link ? 0 : e,
             "Ausgabeverzeichnis %s ist %s; kvreport schreibt nur in eigene Verzeichnisse",
             g->ypath, link ? "ein symbolischer Link" : "nicht nutzbar");
        goto fail;
    }
    /* a private directory next to the outputs: same file system, 0700 */
    static unsigned serial;
    for (int tries = 0; tries < 100 && !g->stage_name; tries++) {
        char name[64];
        snprintf(name, sizeof name, STAGE_PREFIX "%ld-%u-%lx", (long)getpid(), serial++,
                 (unsigned long)time(NULL) ^ (unsigned long)tries * 2654435761UL);
        if (mkdirat(g->yfd, name, 0700) == 0)
            g->stage_name = strdup(name);
        else if (errno != EEXIST)
            break;
    }
    sbuf_init(&p);
    if (g->stage_name)
        sbuf_addf(&p, "%s/%s", g->ypath, g->stage_name);
    g->stage = g->stage_name ? sbuf_take(&p) : NULL;
    if (!g->stage) {
        fail(err, errno, "%s: Arbeitsverzeichnis kann nicht angelegt werden", g->ypath);
        goto fail;
    }
    return g;
fail:
    if (g->stage_name)
        unlinkat(g->yfd, g->stage_name, AT_REMOVEDIR);
    gen_free(g);
    return NULL;
}

const char *gen_dir(const gen *g)
{
    return g->stage;
}

void gen_abort(gen *g)
{
    if (!g)
        return;
    rmtree_at(g->yfd, g->stage_name);
    gen_free(g);
}

/* Steps 1 and 2 of gen.h: the new manifest and the obsolete files. */
static kv_status plan(gen *g, int sfd, gen_owns_fn owns, void *ctx, entries *man, entries *obs,
                      kv_error *err)
{
    entries old = {0};
    if (list_files(sfd, "", 1, 8, 1, man) < 0)
        return fail(err, errno, "%s: neue Ausgaben können nicht gelesen werden", g->stage);
    qsort(man->v, man->n, sizeof *man->v, cmp_entry);
    int have_manifest = faccessat(g->yfd, MANIFEST, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
    /* without a manifest (a directory from before generations) the files
     * there are the previous generation */
    int rc = have_manifest ? read_list(g->yfd, MANIFEST, 3, &old)
                           : list_files(g->yfd, "", 0, 1, 0, &old);
    if (rc < 0)
        return fail(err, errno, "%s/%s kann nicht gelesen werden", g->ypath, MANIFEST);
    size_t nnew = man->n;
    for (size_t i = 0; rc == 0 && i < old.n; i++) {
        const entry *o = &old.v[i];
        if (strstr(o->rel, "..") || o->rel[0] == '/')
            continue;
        int how = owns(ctx, o->rel);
        if (how == GEN_FOREIGN || bsearch(o, man->v, nnew, sizeof *man->v, cmp_entry))
            continue;
        if (how == GEN_OWNED) {
            rc = entries_add(obs, o->rel, 0, 0);
        } else if (have_manifest) {
            rc = entries_add(man, o->rel, o->size, o->crc);
        } else if (faccessat(g->yfd, o->rel, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
            long long size;
            unsigned long crc;
            rc =
                crc_file(g->yfd, o->rel, &size, &crc) < 0 ? 0 : entries_add(man, o->rel, size, crc);
        }
    }
    entries_free(&old);
    if (rc < 0)
        return fail(err, ENOMEM, "%s", g->ypath);
    qsort(man->v, man->n, sizeof *man->v, cmp_entry);
    return KV_OK;
}

/* Every directory the commit goes through must be a real one. */
static kv_status check_dirs(gen *g, const entries *es, kv_error *err)
{
    for (size_t i = 0; i < es->n; i++) {
        const char *base;
        int fd = open_parent(g->yfd, es->v[i].rel, 0, &base);
        if (fd < 0 && errno != ENOENT) {
            int link = errno == ELOOP || errno == ENOTDIR;
            return fail(err, link ? 0 : errno,
                        "%s: der Ordner von %s ist %s; kvreport schreibt nur in eigene "
                        "Verzeichnisse",
                        g->ypath, es->v[i].rel,
                        link ? "ein symbolischer Link oder kein Verzeichnis" : "nicht nutzbar");
        }
        if (fd >= 0 && fd != g->yfd)
            close(fd);
    }
    return KV_OK;
}

kv_status gen_commit(gen *g, gen_owns_fn owns, void *ctx, kv_error *err)
{
    entries man = {0}, obs = {0};
    int sfd = open_dir_at(g->yfd, g->stage_name);
    kv_status rc;
    if (sfd < 0) {
        rc = fail(err, errno, "%s", g->stage);
        goto done;
    }
    if ((rc = plan(g, sfd, owns, ctx, &man, &obs, err)) != KV_OK ||
        (rc = check_dirs(g, &man, err)) != KV_OK || (rc = check_dirs(g, &obs, err)) != KV_OK)
        goto done;
    if (write_list(sfd, MANIFEST, &man, 1) < 0 || write_list(sfd, OBSOLETE, &obs, 0) < 0) {
        rc = fail(err, errno, "%s/%s kann nicht geschrieben werden", g->stage, MANIFEST);
        goto done;
    }
    /* one sync for all the new files, then the decision */
    if (syncfs(sfd) != 0) {
        rc = fail(err, errno, "%s: Synchronisieren fehlgeschlagen", g->ypath);
        goto done;
    }
    sigset_t old;
    hold_stop_signals(&old);
    if (renameat(g->yfd, g->stage_name, g->yfd, COMMIT_NAME) != 0) {
        rc = fail(err, errno, "%s/%s", g->ypath, COMMIT_NAME);
        sigprocmask(SIG_SETMASK, &old, NULL);
        goto done;
    }
    free(g->stage_name);
    g->stage_name = NULL;
    fsync(g->yfd);
    rc = apply(g->yfd, g->ypath, err);
    sigprocmask(SIG_SETMASK, &old, NULL);
done:
    if (sfd >= 0)
        close(sfd);
    entries_free(&man);
    entries_free(&obs);
    if (g->stage_name)
        rmtree_at(g->yfd, g->stage_name);
    gen_free(g);
    return rc;
}
