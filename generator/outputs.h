/* outputs.h - the one table of what a run writes under OUT/YEAR: the name
 * of every output, the folder it lives in, and whose it is. Every writer,
 * the mail manifest and the generation's scope (which old files a run may
 * replace or remove, gen.h) take their names from here, so an output is
 * added in one place. */
#ifndef KV_OUTPUTS_H
#define KV_OUTPUTS_H

#include <stddef.h>

typedef enum {
    OUT_NONE = -1,          /* not an output of kvreport */
    OUT_VALIDATION,         /* validation.csv */
    OUT_VALUES,             /* kennzahlwerte.csv */
    OUT_RINGS,              /* ringwerte.csv */
    OUT_CHANGES,            /* aenderungen.csv */
    OUT_STATE,              /* .kvreport-state.gz, what the next run compares with */
    OUT_REPORT,             /* monitoring-YEAR.pdf */
    OUT_CHART,              /* charts/NAME.svg */
    OUT_RING_FILE,          /* ringe/FILE: ring reports and their index */
    OUT_WORKBOOK,           /* annex/ID.xlsx */
    OUT_MAIL,               /* mail/ID.eml */
    OUT_MANIFEST,           /* mail/manifest.csv */
    OUT_PARTICIPANT_REPORT, /* berichte/ID.pdf */
    OUT_COUNT
} output_id;

/* Who writes an output, and so whose it is to replace or remove. */
typedef enum {
    OUTPUT_EVERY_RUN,  /* the tables every run writes */
    OUTPUT_REPORT_RUN, /* a run that writes the report */
    OUTPUT_ANNEX_RUN,  /* a run that writes workbooks */
    OUTPUT_PARTICIPANT /* the run that writes that participant's workbook */
} output_owner;

/* The folder of an output inside OUT/YEAR ("" for OUT/YEAR itself). */
const char *outputs_dir(output_id id);

output_owner outputs_owner(output_id id);

/* The path of an output relative to OUT/YEAR, malloc'ed: key is the
 * participant's id (OUT_WORKBOOK, OUT_MAIL, OUT_PARTICIPANT_REPORT), the
 * chart or ring file name (OUT_CHART, OUT_RING_FILE), unused otherwise;
 * year names the report. NULL when out of memory. */
char *outputs_path(output_id id, const char *key, int year);

/* The file name alone (outputs_path without the folder), malloc'ed. */
char *outputs_name(output_id id, const char *key, int year);

/* Which output rel (a path relative to OUT/YEAR) is, or OUT_NONE; for a
 * participant's file its id goes to id (at most 32 characters). */
output_id outputs_of(const char *rel, char id[static 33]);

#endif
