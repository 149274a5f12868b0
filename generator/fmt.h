/* fmt.h - number and date formatting for outputs. No locale is ever set:
 * German conventions are produced here, explicitly. */
#ifndef KV_FMT_H
#define KV_FMT_H

#include <stddef.h>
#include <time.h>

/* Shortest text that reads back as exactly v (at most 17 significant
 * digits), in positional notation without exponent, using dec as the
 * decimal separator. "-0" is written as "0". Needs a buffer of
 * FMT_EXACT_SIZE bytes. */
#define FMT_EXACT_SIZE 400
void fmt_exact(double v, char dec, char *buf, size_t size);

/* German display form: thousands '.', decimal ',', fixed decimals,
 * minus as U+2212 when typographic, else '-'. */
void fmt_de(double v, int decimals, int typographic, char *buf, size_t size);
/* 1 when fmt_de shows v at decimals as zero ("0,0" for 0.04 and -0.04):
 * such a change is printed "±0,0", not "+0,0" or "−0,0". */
int fmt_de_zero(double v, int decimals);

/* Dates of t in local time, or in UTC when utc is set (reproducible
 * runs): "22. November 2026", and "22.11.2026, 23:40 Uhr" (the "Stand"
 * of a draft, of a run; DIN 5008's form in running text). */
void fmt_date_de(time_t t, int utc, char *buf, size_t size);
void fmt_datetime_de(time_t t, int utc, char *buf, size_t size);

#endif
