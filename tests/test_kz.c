/* Unit tests for the key-figure engine, against hand-computed values. */
#include "testutil.h"

#include "export.h"
#include "kz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void compute(fixture *f, const char *cities, const char *kz, const char *base)
{
    tu_write(f->dir, "cities.csv", cities);
    tu_write(f->dir, "codes.csv",
             "code;label;unit\nN;Zähler;Personen\nD;Nenner;Personen\nM;Geld;EUR\n");
    tu_write(f->dir, "kennzahlen.csv", kz);
    tu_write(f->dir, "basedata.csv", base);
    ds_options opt = {.decimal = ','};
    kv_status st = dataset_load(f->dir, &opt, f->diag, &f->ds);
    if (st != KV_OK) {
        tu_dump(f->diag);
        fail_msg("dataset rejected");
    }
    f->r = kz_compute(f->ds, f->diag);
    assert_non_null(f->r);
}

static const kz_cell *cell(fixture *f, size_t k, const char *city, int year)
{
    return kz_get(f->r, k, (size_t)dataset_city_index(f->ds, city),
                  (size_t)dataset_year_index(f->ds, year));
}

static const kz_agg *agg(fixture *f, size_t k, int year)
{
    return kz_get_agg(f->r, k, (size_t)dataset_year_index(f->ds, year));
}

static void near(double got, double want)
{
    if (fabs(got - want) > 1e-12 * fmax(1, fabs(want)))
        fail_msg("got %.17g, want %.17g", got, want);
}

static const char *KZ_QUOTE = "code;area;title;numerator;denominator;factor;unit;decimals\n"
                              "Q;B;Quote;N;D;100;%;1\n";

/* A: 10/100 -> 10 %, B: 30/200 -> 15 %, C: 5/0 -> x (zero denominator).
 * 2024: A 12/100 -> 12 % (+20 %), B 30/200 with '|' -> 15 %, no change,
 * C numerator '.' -> missing with '.'. */
static const char *BASE1 = "city;year;code;value;flag\n"
                           "A;2023;N;10;\nA;2023;D;100;\nB;2023;N;30;\nB;2023;D;200;\n"
                           "C;2023;N;5;\nC;2023;D;0;\n"
                           "A;2024;N;12;\nA;2024;D;100;\nB;2024;N;30;|\nB;2024;D;200;\n"
                           "C;2024;N;;.\nC;2024;D;40;\n";
static const char *CITIES3 = "id;name\nA;a\nB;b\nC;c\n";

static void test_values_aggregates_and_change(void **state)
{
    fixture *f = *state;
    compute(f, CITIES3, KZ_QUOTE, BASE1);
    near(cell(f, 0, "A", 2023)->value, 10);
    near(cell(f, 0, "B", 2023)->value, 15);
    assert_false(cell(f, 0, "C", 2023)->has_value);
    assert_int_equal(cell(f, 0, "C", 2023)->flag, FLAG_X);
    assert_true(tu_has(f->diag, DIAG_WARNING, NULL, -1, "Nenner ist 0"));

    const kz_agg *a = agg(f, 0, 2023);
    assert_int_equal(a->n, 2);
    near(a->gesamt, 40.0 / 300.0 * 100); /* sum N / sum D * factor = 13,33 */
    near(a->mean, 12.5);
    near(a->median, 12.5);
    near(a->min, 10);
    near(a->max, 15);

    assert_true(cell(f, 0, "A", 2024)->has_change);
    near(cell(f, 0, "A", 2024)->change, 20);
    assert_int_equal(cell(f, 0, "B", 2024)->flag, FLAG_BREAK);
    assert_false(cell(f, 0, "B", 2024)->has_change); /* '|' suppresses it */
    assert_false(cell(f, 0, "A", 2023)->has_change); /* no previous year */
    assert_false(cell(f, 0, "C", 2024)->has_value);
    assert_int_equal(cell(f, 0, "C", 2024)->flag, FLAG_DOT);
    a = agg(f, 0, 2024);
    assert_int_equal(a->n, 2);
    near(a->gesamt, 42.0 / 300.0 * 100);
}

static void test_median_odd_and_single(void **state)
{
    fixture *f = *state;
    compute(f, CITIES3, KZ_QUOTE,
            "city;year;code;value\nA;2023;N;1\nA;2023;D;10\nB;2023;N;9\nB;2023;D;10\n"
            "C;2023;N;2\nC;2023;D;10\nA;2024;N;3\nA;2024;D;4\n");
    near(agg(f, 0, 2023)->median, 20); /* 10, 20, 90 */
    near(agg(f, 0, 2023)->mean, 40);
    const kz_agg *one = agg(f, 0, 2024);
    assert_int_equal(one->n, 1);
    near(one->median, 75);
    near(one->gesamt, 75);
}

static void test_missing_flag_strength(void **state)
{
    fixture *f = *state;
    /* K = (N + M) / D: inputs with several missing flags, x > / > . */
    compute(f, CITIES3,
            "code;area;title;numerator;denominator;factor;unit;decimals\nK;B;T;N + M;D;;EUR;0\n",
            "city;year;code;value;flag\n"
            "A;2023;N;;.\nA;2023;M;;/\nA;2023;D;1;\n"
            "B;2023;N;;x\nB;2023;M;;.\nB;2023;D;;/\n"
            "C;2023;N;;.\nC;2023;M;1;s\n"); /* C has no row for D at all: counts as '.' */
    assert_int_equal(cell(f, 0, "A", 2023)->flag, FLAG_SLASH);
    assert_int_equal(cell(f, 0, "B", 2023)->flag, FLAG_X);
    assert_int_equal(cell(f, 0, "C", 2023)->flag, FLAG_DOT);
    assert_int_equal(agg(f, 0, 2023)->n, 0);
    assert_false(agg(f, 0, 2023)->has_gesamt);
}

static void test_present_flag_strength(void **state)
{
    fixture *f = *state;
    compute(f, "id;name\nA;a\nB;b\nC;c\nE;e\nF;f\n",
            "code;area;title;numerator;denominator;factor;unit;decimals\nK;B;T;N + M;D;;EUR;0\n",
            "city;year;code;value;flag\n"
            "A;2023;N;1;p\nA;2023;M;1;s\nA;2023;D;1;r\n" /* s */
            "B;2023;N;1;r\nB;2023;M;1;p\nB;2023;D;1;|\n" /* p, and a break */
            "C;2023;N;1;|\nC;2023;M;1;r\nC;2023;D;1;\n"  /* r */
            "E;2023;N;1;|\nE;2023;M;;-\nE;2023;D;1;\n"   /* | ; '-' is zero */
            "F;2023;N;0;-\nF;2023;M;2;\nF;2023;D;4;\n"); /* final */
    assert_int_equal(cell(f, 0, "A", 2023)->flag, FLAG_S);
    assert_int_equal(cell(f, 0, "B", 2023)->flag, FLAG_P);
    assert_true(cell(f, 0, "B", 2023)->brk);
    assert_int_equal(cell(f, 0, "C", 2023)->flag, FLAG_R);
    assert_int_equal(cell(f, 0, "E", 2023)->flag, FLAG_BREAK);
    near(cell(f, 0, "E", 2023)->value, 1);
    assert_int_equal(cell(f, 0, "F", 2023)->flag, FLAG_FINAL);
    near(cell(f, 0, "F", 2023)->value, 0.5);
}

static void test_change_needs_consecutive_years_and_nonzero_base(void **state)
{
    fixture *f = *state;
    compute(f, "id;name\nA;a\nB;b\n",
            "code;area;title;numerator;denominator;factor;unit;decimals\nK;B;T;M;;;EUR;0\n",
            "city;year;code;value\nA;2020;M;10\nA;2022;M;20\nA;2023;M;25\n"
            "B;2020;M;0\nB;2021;M;5\n");
    assert_false(cell(f, 0, "A", 2022)->has_change); /* 2021 missing */
    assert_true(cell(f, 0, "A", 2023)->has_change);
    near(cell(f, 0, "A", 2023)->change, 25);
    assert_false(cell(f, 0, "B", 2021)->has_change); /* previous value 0 */
    /* no denominator: the Gesamtwert is the sum over n times factor 1 / n */
    near(agg(f, 0, 2020)->gesamt, 5);
}

/* SPEC.md: a change rate needs a positive previous value and a non-negative
 * current one; across a change of sign it is not meaningful. */
static void test_change_needs_positive_base_and_nonnegative_value(void **state)
{
    fixture *f = *state;
    compute(f, "id;name\nA;a\nB;b\n",
            "code;area;title;numerator;denominator;factor;unit;decimals\nK;B;T;M;;;EUR;0\n",
            "city;year;code;value\nA;2020;M;10\nA;2021;M;-5\nA;2022;M;5\nA;2023;M;0\n"
            "A;2024;M;5\nB;2020;M;-10\nB;2021;M;-20\n");
    assert_false(cell(f, 0, "A", 2021)->has_change); /* positive to negative */
    assert_false(cell(f, 0, "A", 2022)->has_change); /* from a negative base */
    assert_true(cell(f, 0, "A", 2023)->has_change);  /* to exactly zero */
    near(cell(f, 0, "A", 2023)->change, -100);
    assert_false(cell(f, 0, "A", 2024)->has_change); /* from zero */
    assert_false(cell(f, 0, "B", 2021)->has_change); /* negative throughout */
}

/* Rings in order of first appearance; B has none. Süd = A (10 %) and D
 * (20/100 -> 20 %); Nord = C alone, whose zero denominator leaves it
 * without a value. */
static const char *CITIES_RINGS = "id;name;group\nA;a;Süd\nB;b;\nC;c;\"Nord; \"\"x\"\"\"\n"
                                  "D;d;Süd\n";
static const char *BASE_RINGS = "city;year;code;value;flag\n"
                                "A;2023;N;10;\nA;2023;D;100;\nB;2023;N;30;\nB;2023;D;200;\n"
                                "C;2023;N;5;\nC;2023;D;0;\nD;2023;N;20;\nD;2023;D;100;\n";

static void test_ring_index_and_aggregates(void **state)
{
    fixture *f = *state;
    compute(f, CITIES_RINGS, KZ_QUOTE, BASE_RINGS);
    const dataset *ds = f->ds;
    assert_int_equal(ds->nrings, 2);
    assert_string_equal(ds->rings[0].name, "Süd");
    assert_string_equal(ds->rings[1].name, "Nord; \"x\"");
    assert_int_equal(ds->rings[0].nmembers, 2);
    assert_int_equal(ds->rings[0].members[0], 0);
    assert_int_equal(ds->rings[0].members[1], 3);
    assert_int_equal(ds->rings[1].nmembers, 1);
    assert_int_equal(ds->cities[1].ring, -1);
    assert_int_equal(ds->cities[2].ring, 1);
    assert_int_equal(ds->cities[3].ring, 0);

    const kz_agg *sued = kz_get_ring_agg(f->r, 0, 0, 0);
    assert_int_equal(sued->n, 2);
    assert_true(sued->has_gesamt);
    near(sued->gesamt, 30.0 / 200.0 * 100);
    near(sued->mean, 15);
    near(sued->median, 15);
    near(sued->min, 10);
    near(sued->max, 20);
    const kz_agg *nord = kz_get_ring_agg(f->r, 0, 1, 0);
    assert_int_equal(nord->n, 0);
    assert_false(nord->has_gesamt);
    /* the circle still counts B, which is in no ring */
    assert_int_equal(agg(f, 0, 2023)->n, 3);
}

static void test_ringwerte_csv(void **state)
{
    fixture *f = *state;
    compute(f, CITIES_RINGS, KZ_QUOTE, BASE_RINGS);
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    assert_non_null(fp);
    assert_int_equal(export_ringwerte(f->r, 2023, fp), 0);
    fclose(fp);
    assert_string_equal(text, "ring;code;year;gesamtwert;mittelwert;median;minimum;maximum;anzahl\n"
                              "Süd;Q;2023;15;15;15;10;20;2\n"
                              "\"Nord; \"\"x\"\"\";Q;2023;;;;;;0\n");
    free(text);
    /* a report year before every year: the header only */
    fp = open_memstream(&text, &len);
    assert_non_null(fp);
    assert_int_equal(export_ringwerte(f->r, 2022, fp), 0);
    fclose(fp);
    assert_string_equal(text,
                        "ring;code;year;gesamtwert;mittelwert;median;minimum;maximum;anzahl\n");
    free(text);
}

static void test_no_group_column_no_rings(void **state)
{
    fixture *f = *state;
    compute(f, CITIES3, KZ_QUOTE, BASE1);
    assert_int_equal(f->ds->nrings, 0);
    for (size_t c = 0; c < f->ds->ncities; c++)
        assert_int_equal(f->ds->cities[c].ring, -1);
}

static void test_division_by_zero_inside_a_formula(void **state)
{
    fixture *f = *state;
    compute(f, "id;name\nA;a\n",
            "code;area;title;numerator;denominator;factor;unit;decimals\nK;B;T;M / N;D;;EUR;0\n",
            "city;year;code;value\nA;2023;M;1\nA;2023;N;0\nA;2023;D;1\n");
    assert_false(cell(f, 0, "A", 2023)->has_value);
    assert_int_equal(cell(f, 0, "A", 2023)->flag, FLAG_X);
    assert_true(tu_has(f->diag, DIAG_WARNING, NULL, -1, "Division durch 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_values_aggregates_and_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_median_odd_and_single, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_flag_strength, setup, teardown),
        cmocka_unit_test_setup_teardown(test_present_flag_strength, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_needs_consecutive_years_and_nonzero_base, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_change_needs_positive_base_and_nonnegative_value,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_ring_index_and_aggregates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ringwerte_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_group_column_no_rings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_division_by_zero_inside_a_formula, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
