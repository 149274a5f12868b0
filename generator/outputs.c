/* outputs.c - the table of outputs. */
#include "outputs.h"

#include "sbuf.h"

#include <string.h>

/* pattern: the name, with %d for the year or %s for the key */
static const struct {
    const char *dir, *pattern;
    output_owner owner;
} table[OUT_COUNT] = {
    [OUT_VALIDATION] = {"", "validation.csv", OUTPUT_EVERY_RUN},
    [OUT_VALUES] = {"", "kennzahlwerte.csv", OUTPUT_EVERY_RUN},
    [OUT_RINGS] = {"", "ringwerte.csv", OUTPUT_EVERY_RUN},
    [OUT_CHANGES] = {"", "aenderungen.csv", OUTPUT_EVERY_RUN},
    [OUT_STATE] = {"", ".kvreport-state.gz", OUTPUT_EVERY_RUN},
    [OUT_REPORT] = {"", "monitoring-%d.pdf", OUTPUT_REPORT_RUN},
    [OUT_CHART] = {"charts", "%s.svg", OUTPUT_REPORT_RUN},
    [OUT_RING_FILE] = {"ringe", "%s", OUTPUT_REPORT_RUN},
    [OUT_WORKBOOK] = {"annex", "%s.xlsx", OUTPUT_PARTICIPANT},
    [OUT_MAIL] = {"mail", "%s.eml", OUTPUT_PARTICIPANT},
    [OUT_MANIFEST] = {"mail", "manifest.csv", OUTPUT_ANNEX_RUN},
    [OUT_PARTICIPANT_REPORT] = {"berichte", "%s.pdf", OUTPUT_PARTICIPANT},
};

const char *outputs_dir(output_id id)
{
    return table[id].dir;
}

output_owner outputs_owner(output_id id)
{
    return table[id].owner;
}

/* The pattern with its one placeholder filled in. */
static void fill(sbuf *b, output_id id, const char *key, int year)
{
    const char *p = table[id].pattern, *hole = strchr(p, '%');
    if (!hole) {
        sbuf_adds(b, p);
        return;
    }
    sbuf_add(b, p, (size_t)(hole - p));
    if (hole[1] == 'd')
        sbuf_addf(b, "%d", year);
    else
        sbuf_adds(b, key ? key : "");
    sbuf_adds(b, hole + 2);
}

char *outputs_name(output_id id, const char *key, int year)
{
    sbuf b;
    sbuf_init(&b);
    fill(&b, id, key, year);
    return sbuf_take(&b);
}

char *outputs_path(output_id id, const char *key, int year)
{
    sbuf b;
    sbuf_init(&b);
    if (*table[id].dir) {
        sbuf_adds(&b, table[id].dir);
        sbuf_addc(&b, '/');
    }
    fill(&b, id, key, year);
    return sbuf_take(&b);
}

/* Does name match pattern, its placeholder standing for a non-empty run of
 * characters (digits only for %d)? The run goes to key when it fits. */
static int matches(const char *pattern, const char *name, char key[static 33], int *key_fits)
{
    const char *hole = strchr(pattern, '%');
    if (!hole)
        return strcmp(pattern, name) == 0;
    size_t pre = (size_t)(hole - pattern), post = strlen(hole + 2), n = strlen(name);
    if (n <= pre + post || strncmp(name, pattern, pre) != 0 ||
        strcmp(name + n - post, hole + 2) != 0)
        return 0;
    size_t len = n - pre - post;
    if (hole[1] == 'd' && strspn(name + pre, "0123456789") < len)
        return 0;
    *key_fits = len <= 32;
    if (*key_fits) {
        memcpy(key, name + pre, len);
        key[len] = '\0';
    }
    return 1;
}

output_id outputs_of(const char *rel, char id[static 33])
{
    const char *slash = strchr(rel, '/'), *base = slash ? slash + 1 : rel;
    size_t dirlen = slash ? (size_t)(slash - rel) : 0;
    if (strchr(base, '/'))
        return OUT_NONE; /* nothing of ours lies deeper */
    for (int i = 0; i < OUT_COUNT; i++) {
        char key[33];
        int fits = 1;
        if (strlen(table[i].dir) != dirlen || strncmp(rel, table[i].dir, dirlen) != 0 ||
            !matches(table[i].pattern, base, key, &fits))
            continue;
        if (table[i].owner == OUTPUT_PARTICIPANT) {
            if (!fits)
                continue; /* no participant has such an id */
            memcpy(id, key, sizeof key);
        }
        return (output_id)i;
    }
    return OUT_NONE;
}
