/* export.h - the machine-readable outputs: kennzahlwerte.csv, ringwerte.csv. */
#ifndef KV_EXPORT_H
#define KV_EXPORT_H

#include "kz.h"

#include <stdio.h>

/* Writes every key figure for every participant and every year up to
 * max_year: city;code;year;value;flag;change;gesamtwert;mittelwert;median;
 * minimum;maximum;anzahl, numbers exact with decimal comma. 0 or -1 on a
 * stream error. */
int export_kennzahlwerte(const kz_result *r, int max_year, FILE *fp);

/* Writes the aggregates of every comparison ring (ring order of the
 * dataset), key figure and year up to max_year: ring;code;year;gesamtwert;
 * mittelwert;median;minimum;maximum;anzahl, the ring name quoted as CSV
 * needs it, aggregates empty when anzahl is 0. Only the header when the
 * dataset has no rings (the caller then writes no file). 0 or -1 on a
 * stream error. */
int export_ringwerte(const kz_result *r, int max_year, FILE *fp);

#endif
