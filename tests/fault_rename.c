/* fault_rename.c - a test-only LD_PRELOAD library: kills the process after
 * KV_FAULT_RENAMES successful renameat() calls, to stop a run in the
 * middle of publishing a generation (tests/test_batch.py), with SIGKILL
 * or the signal numbered KV_FAULT_SIGNAL. Not linked into kvreport. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
    static int (*real)(int, const char *, int, const char *);
    static long left = -1;
    static int sig = SIGKILL;
    if (!real) {
        real = (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
        const char *n = getenv("KV_FAULT_RENAMES"), *s = getenv("KV_FAULT_SIGNAL");
        left = n ? strtol(n, NULL, 10) : -1;
        sig = s ? (int)strtol(s, NULL, 10) : SIGKILL;
    }
    int rc = real(olddirfd, oldpath, newdirfd, newpath);
    if (rc == 0 && left >= 0 && left-- == 0)
        raise(sig);
    return rc;
}
