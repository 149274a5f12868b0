/* Unit tests for the status type: the contract's exit codes (SPEC section
 * 5) and the error carrier's first-failure rule. */
#include "testutil.h"

#include "status.h"

static void test_exit_codes_are_the_contracts(void **state)
{
    (void)state;
    assert_int_equal(kv_exit_code(KV_OK), 0);
    assert_int_equal(kv_exit_code(KV_ERR_USAGE), 64);
    assert_int_equal(kv_exit_code(KV_ERR_DATA), 65);
    assert_int_equal(kv_exit_code(KV_ERR_INPUT), 66);
    assert_int_equal(kv_exit_code(KV_ERR_NOMEM), 70); /* out of memory is always 70 */
    assert_int_equal(kv_exit_code(KV_ERR_INTERNAL), 70);
    assert_int_equal(kv_exit_code(KV_ERR_OUTPUT), 73);
    assert_int_equal(kv_exit_code(KV_ERR_BUSY), 75);
    assert_int_equal(kv_exit_code((kv_status)99), 70);
}

static void test_worker_exit_codes_map_back(void **state)
{
    (void)state;
    const kv_status all[] = {KV_OK,        KV_ERR_USAGE,  KV_ERR_DATA,
                             KV_ERR_INPUT, KV_ERR_OUTPUT, KV_ERR_BUSY};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        assert_int_equal(kv_status_of_exit(kv_exit_code(all[i])), all[i]);
    assert_int_equal(kv_exit_code(kv_status_of_exit(70)), 70);
    assert_int_equal(kv_status_of_exit(1), KV_ERR_INTERNAL); /* unknown: internal */
}

static void test_first_failure_is_kept(void **state)
{
    (void)state;
    kv_error e = {0};
    assert_int_equal(e.status, KV_OK);
    assert_int_equal(kv_fail(&e, KV_OK, "nichts"), KV_OK);
    assert_int_equal(e.status, KV_OK);
    assert_null(e.msg);
    assert_int_equal(kv_fail(&e, KV_ERR_OUTPUT, "%s kann nicht geschrieben werden", "a/b.pdf"),
                     KV_ERR_OUTPUT);
    assert_int_equal(kv_fail(&e, KV_ERR_NOMEM, "später"), KV_ERR_NOMEM);
    assert_int_equal(e.status, KV_ERR_OUTPUT);
    assert_string_equal(kv_error_text(&e), "a/b.pdf kann nicht geschrieben werden");
    kv_error_free(&e);
    assert_int_equal(e.status, KV_OK);
    assert_null(e.msg);
    /* without a message the status speaks */
    e.status = KV_ERR_NOMEM;
    assert_string_equal(kv_error_text(&e), "zu wenig Speicher");
    assert_int_equal(kv_first(KV_OK, KV_ERR_DATA), KV_ERR_DATA);
    assert_int_equal(kv_first(KV_ERR_BUSY, KV_ERR_DATA), KV_ERR_BUSY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_codes_are_the_contracts),
        cmocka_unit_test(test_worker_exit_codes_map_back),
        cmocka_unit_test(test_first_failure_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
