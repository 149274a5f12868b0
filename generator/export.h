/* export.h - the machine-readable outputs: kennzahlwerte.csv. */
#ifndef KV_EXPORT_H
#define KV_EXPORT_H

#include "kz.h"

#include <stdio.h>

/* Writes every key figure for every participant and every year up to
 * max_year: city;code;year;value;flag;change;gesamtwert;mittelwert;median;
 * minimum;maximum;anzahl, numbers exact with decimal comma. 0 or -1 on a
 * stream error. */
int export_kennzahlwerte(const kz_result *r, int max_year, FILE *fp);

#endif
