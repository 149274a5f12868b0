/* Unit tests for the table of outputs. */
#include "testutil.h"

#include "outputs.h"

static void test_paths(void **state)
{
    (void)state;
    struct {
        output_id id;
        const char *key;
        int year;
        const char *want;
    } cases[] = {
        {OUT_VALIDATION, NULL, 0, "validation.csv"},
        {OUT_STATE, NULL, 0, ".kvreport-state.gz"},
        {OUT_REPORT, NULL, 2024, "monitoring-2024.pdf"},
        {OUT_CHART, "07_HLU_DICHTE_balken", 0, "charts/07_HLU_DICHTE_balken.svg"},
        {OUT_WORKBOOK, "HB", 0, "annex/HB.xlsx"},
        {OUT_MAIL, "HB", 0, "mail/HB.eml"},
        {OUT_MANIFEST, NULL, 0, "mail/manifest.csv"},
        {OUT_PARTICIPANT_REPORT, "T0001", 0, "berichte/T0001.pdf"},
        {OUT_RING_FILE, "index.csv", 0, "ringe/index.csv"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *p = outputs_path(cases[i].id, cases[i].key, cases[i].year);
        assert_string_equal(p, cases[i].want);
        char id[33] = "";
        assert_int_equal(outputs_of(p, id), cases[i].id); /* and back */
        if (outputs_owner(cases[i].id) == OUTPUT_PARTICIPANT)
            assert_string_equal(id, cases[i].key);
        free(p);
    }
}

static void test_what_is_not_ours(void **state)
{
    (void)state;
    char id[33];
    const char *foreign[] = {"notiz.txt",        "annex/notiz.txt",     "annex/x/HB.xlsx",
                             "monitoring-.pdf",  "monitoring-20x4.pdf", "mail/.eml",
                             "charts/a.png",     ".generation",         "annex/.xlsx",
                             "berichte/HB.xlsx", "other/HB.xlsx"};
    for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++)
        if (outputs_of(foreign[i], id) != OUT_NONE)
            fail_msg("%s taken for an output", foreign[i]);
    /* an id longer than any participant's can be no participant's file */
    char longer[64];
    snprintf(longer, sizeof longer, "annex/%s.xlsx", "A123456789012345678901234567890123");
    assert_int_equal(outputs_of(longer, id), OUT_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_what_is_not_ours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
