/* Unit tests for whole output generations. */
#include "testutil.h"

#include "gen.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static int exists(const char *dir, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    struct stat st;
    return lstat(path, &st) == 0;
}

/* *.keep files are outside the scope, *.txt foreign, the rest owned. */
static gen_owner owns(void *ctx, const char *rel)
{
    (void)ctx;
    size_t n = strlen(rel);
    if (n > 4 && !strcmp(rel + n - 4, ".txt"))
        return GEN_FOREIGN;
    if (n > 5 && !strcmp(rel + n - 5, ".keep"))
        return GEN_KEEP;
    return GEN_OWNED;
}

/* One generation: the given files staged and committed. */
static void publish(const char *out, const char *const *files)
{
    kv_error err = {0};
    gen *g = gen_begin(out, "2024", &err);
    assert_non_null(g);
    struct stat st;
    assert_int_equal(stat(gen_dir(g), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    for (size_t i = 0; files[i]; i += 2)
        tu_write(gen_dir(g), files[i], files[i + 1]);
    assert_int_equal(gen_commit(g, owns, NULL, &err), 0);
    assert_int_equal(err.status, KV_OK);
}

static void test_commit_replaces_removes_and_keeps(void **state)
{
    (void)state;
    char *out = tu_mkdtemp(), year[400];
    snprintf(year, sizeof year, "%s/2024", out);
    const char *const first[] = {"a.csv", "eins\n", "annex/X.xlsx", "x1", "annex/Y.xlsx",
                                 "y1",    "b.keep", "bleibt",       NULL};
    publish(out, first);
    tu_write(year, "notiz.txt", "fremd");
    const char *const second[] = {"a.csv", "zwei\n", "annex/X.xlsx", "x2", NULL};
    publish(out, second);
    char *a = tu_slurp(year, "a.csv"), *x = tu_slurp(year, "annex/X.xlsx");
    assert_string_equal(a, "zwei\n");
    assert_string_equal(x, "x2");
    assert_false(exists(year, "annex/Y.xlsx")); /* owned, no longer produced */
    assert_true(exists(year, "b.keep"));        /* outside the scope */
    assert_true(exists(year, "notiz.txt"));     /* not ours */
    char *m = tu_slurp(year, ".generation");
    assert_non_null(strstr(m, "file;bytes;crc32\n"));
    assert_non_null(strstr(m, "a.csv;5;"));
    assert_non_null(strstr(m, "b.keep;6;"));
    assert_null(strstr(m, "notiz.txt"));
    assert_null(strstr(m, "Y.xlsx"));
    free(a);
    free(x);
    free(m);
    /* nothing of the work is left */
    assert_false(exists(year, ".kvreport-commit"));
    tu_rmrf(out);
    free(out);
}

static void test_abort_changes_nothing(void **state)
{
    (void)state;
    char *out = tu_mkdtemp(), year[400];
    kv_error err = {0};
    snprintf(year, sizeof year, "%s/2024", out);
    const char *const first[] = {"a.csv", "eins\n", NULL};
    publish(out, first);
    gen *g = gen_begin(out, "2024", &err);
    assert_non_null(g);
    tu_write(gen_dir(g), "a.csv", "halb");
    gen_abort(g);
    char *a = tu_slurp(year, "a.csv");
    assert_string_equal(a, "eins\n");
    free(a);
    DIR *d = opendir(year);
    for (struct dirent *e; (e = readdir(d));)
        assert_null(strstr(e->d_name, ".kvreport"));
    closedir(d);
    tu_rmrf(out);
    free(out);
}

static void test_recover_finishes_a_decided_commit(void **state)
{
    (void)state;
    char *out = tu_mkdtemp(), year[400];
    kv_error err = {0};
    snprintf(year, sizeof year, "%s/2024", out);
    const char *const first[] = {"a.csv", "eins\n", "annex/Y.xlsx", "y1", NULL};
    publish(out, first);
    /* what a run killed after its decision leaves: the commit directory
     * with its manifest and obsolete list, one file already moved */
    tu_write(year, ".kvreport-commit/annex/X.xlsx", "x2");
    tu_write(year, ".kvreport-commit/.generation",
             "file;bytes;crc32\na.csv;5;00000000\nannex/X.xlsx;2;00000000\n");
    tu_write(year, ".kvreport-commit/.obsolete", "annex/Y.xlsx\n");
    tu_write(year, "a.csv", "zwei\n");
    tu_write(year, ".kvreport-new-123-0-0/annex/Z.xlsx", "tot");
    assert_int_equal(gen_recover(out, &err), 0);
    char *x = tu_slurp(year, "annex/X.xlsx"), *a = tu_slurp(year, "a.csv");
    assert_string_equal(x, "x2");
    assert_string_equal(a, "zwei\n");
    assert_false(exists(year, "annex/Y.xlsx"));
    assert_false(exists(year, ".kvreport-commit"));
    assert_false(exists(year, ".kvreport-new-123-0-0"));
    char *m = tu_slurp(year, ".generation");
    assert_non_null(strstr(m, "annex/X.xlsx;2;"));
    free(x);
    free(a);
    free(m);
    assert_int_equal(gen_recover(out, &err), 0); /* idempotent */
    tu_rmrf(out);
    free(out);
}

static void test_links_are_refused(void **state)
{
    (void)state;
    char *out = tu_mkdtemp(), *foreign = tu_mkdtemp(), path[400];
    kv_error err = {0};
    snprintf(path, sizeof path, "%s/2024", out);
    assert_int_equal(symlink(foreign, path), 0);
    assert_null(gen_begin(out, "2024", &err));
    assert_non_null(strstr(kv_error_text(&err), "symbolischer Link"));
    kv_error_free(&err);
    err = (kv_error){0};
    unlink(path);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/2024/annex", out);
    assert_int_equal(symlink(foreign, path), 0);
    gen *g = gen_begin(out, "2024", &err);
    assert_non_null(g);
    tu_write(gen_dir(g), "annex/X.xlsx", "x");
    tu_write(gen_dir(g), "a.csv", "a");
    assert_int_equal(gen_commit(g, owns, NULL, &err), KV_ERR_OUTPUT);
    assert_non_null(strstr(kv_error_text(&err), "annex/X.xlsx"));
    kv_error_free(&err);
    snprintf(path, sizeof path, "%s/2024", out);
    assert_false(exists(path, "a.csv")); /* refused before anything was published */
    DIR *d = opendir(foreign);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n++;
    closedir(d);
    assert_int_equal(n, 2);
    tu_rmrf(out);
    tu_rmrf(foreign);
    free(out);
    free(foreign);
}

static void test_mode_follows_umask(void **state)
{
    (void)state;
    char *out = tu_mkdtemp(), year[400];
    snprintf(year, sizeof year, "%s/2024", out);
    mode_t old = umask(027);
    const char *const files[] = {"a.csv", "eins\n", "annex/X.xlsx", "x", NULL};
    publish(out, files);
    umask(old);
    struct stat st;
    snprintf(year, sizeof year, "%s/2024/annex/X.xlsx", out);
    assert_int_equal(stat(year, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    snprintf(year, sizeof year, "%s/2024/annex", out);
    assert_int_equal(stat(year, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0750);
    tu_rmrf(out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_removes_and_keeps),
        cmocka_unit_test(test_abort_changes_nothing),
        cmocka_unit_test(test_recover_finishes_a_decided_commit),
        cmocka_unit_test(test_links_are_refused),
        cmocka_unit_test(test_mode_follows_umask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
