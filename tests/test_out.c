/* Unit tests for atomic output files, directories and the run lock. */
#include "testutil.h"

#include "out.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    closedir(d);
    return n;
}

static void test_commit_replaces_abort_keeps(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), path[512];
    snprintf(path, sizeof path, "%s/a.csv", dir);
    tu_write(dir, "a.csv", "old\n");

    out_file f;
    assert_int_equal(out_open(&f, path), 0);
    fputs("half", f.fp);
    char *during = tu_slurp(path, NULL);
    assert_string_equal(during, "old\n"); /* nothing visible until commit */
    free(during);
    out_abort(&f);
    char *after = tu_slurp(path, NULL);
    assert_string_equal(after, "old\n");
    free(after);
    assert_int_equal(entries(dir), 1); /* no temporary file left */

    assert_int_equal(out_open(&f, path), 0);
    fputs("new\n", f.fp);
    assert_int_equal(out_commit(&f), 0);
    char *now = tu_slurp(path, NULL);
    assert_string_equal(now, "new\n");
    free(now);
    assert_int_equal(entries(dir), 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600); /* final mode on publishing (gen.c) */
    tu_rmrf(dir);
    free(dir);
}

static void test_open_fails_cleanly(void **state)
{
    (void)state;
    out_file f;
    assert_int_equal(out_open(&f, "/nonexistent-kv/dir/a.csv"), -1);
    assert_int_equal(errno, ENOENT);
}

static void test_mkdirs(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), path[512];
    snprintf(path, sizeof path, "%s/x/y/z", dir);
    assert_int_equal(out_mkdirs(path), 0);
    assert_int_equal(out_mkdirs(path), 0); /* idempotent */
    tu_write(dir, "file", "x");
    snprintf(path, sizeof path, "%s/file/sub", dir);
    assert_int_equal(out_mkdirs(path), -1);
    tu_rmrf(dir);
    free(dir);
}

static void test_lock_excludes_second_holder(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    int a, b;
    kv_error e = {0};
    assert_int_equal(out_lock(dir, &a, &e), KV_OK);
    assert_int_equal(out_lock(dir, &b, &e), KV_ERR_BUSY);
    assert_non_null(strstr(kv_error_text(&e), "anderer Lauf"));
    kv_error_free(&e);
    e = (kv_error){0};
    out_unlock(a);
    assert_int_equal(out_lock(dir, &b, &e), KV_OK); /* released with the descriptor */
    /* the lock is the directory: no file appears that could be removed */
    assert_int_equal(entries(dir), 0);
    out_unlock(b);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_abort_keeps),
        cmocka_unit_test(test_open_fails_cleanly),
        cmocka_unit_test(test_mkdirs),
        cmocka_unit_test(test_lock_excludes_second_holder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
