/* Unit tests for the e-mail address rule and the layout's mailboxes. */
#include "testutil.h"

#include "addr.h"

static void test_address_rule(void **state)
{
    (void)state;
    static const char *const good[] = {"a@b.example", "vorname.nachname+tag@sozial.stadt.example",
                                       "x_y-z@a-b.example"};
    static const char *const bad[] = {"",
                                      "kaputt",
                                      "jürgen@bremen.example",
                                      "a b@c.example",
                                      "a@b@c.example",
                                      "@b.example",
                                      "a@localhost",
                                      "a@.example",
                                      "a@b.example.",
                                      "a\r\nBcc:x@y.example",
                                      "<a@b.example>",
                                      "a;b@c.example"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(addr_ok(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(addr_ok(bad[i]));
    assert_non_null(strstr(addr_problem("jürgen@b.example", 17), "Nicht-ASCII"));
    char local[80], longer[300];
    memset(local, 'a', 65);
    strcpy(local + 65, "@b.example");
    assert_false(addr_ok(local)); /* local part over 64 */
    memset(longer, 'a', 60);
    longer[60] = '@';
    memset(longer + 61, 'b', 200);
    strcpy(longer + 261, ".example");
    assert_false(addr_ok(longer)); /* over 254 */
}

static void test_list_iteration(void **state)
{
    (void)state;
    const char *pos = " a@b.example,, \tc@d.example , ,kaputt", *a;
    size_t n;
    const char *want[] = {"a@b.example", "c@d.example", "kaputt"};
    for (size_t i = 0; i < 3; i++) {
        assert_true(addr_list_next(&pos, &a, &n));
        assert_int_equal(n, strlen(want[i]));
        assert_memory_equal(a, want[i], n);
    }
    assert_false(addr_list_next(&pos, &a, &n));
    assert_false(addr_list_next(&pos, &a, &n));
}

static void test_mailbox(void **state)
{
    (void)state;
    char *name, *addr;
    assert_null(addr_parse_mailbox("  Geschäftsstelle „KV“  < kv@x.example > ", &name, &addr));
    assert_string_equal(name, "Geschäftsstelle „KV“");
    assert_string_equal(addr, "kv@x.example");
    free(name);
    free(addr);
    assert_null(addr_parse_mailbox("kv@x.example", &name, &addr));
    assert_string_equal(name, "");
    assert_string_equal(addr, "kv@x.example");
    free(name);
    free(addr);
    static const char *const bad[] = {"Evil <a@b.example> @evil.example\rBcc:root",
                                      "Stelle <kv@x.example",
                                      "Stelle\r\nBcc: y@z.example <kv@x.example>",
                                      "Stelle <jürgen@x.example>",
                                      "Stelle",
                                      ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_non_null(addr_parse_mailbox(bad[i], &name, &addr));
        assert_null(name);
        assert_null(addr);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_rule),
        cmocka_unit_test(test_list_iteration),
        cmocka_unit_test(test_mailbox),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
