/* addr.h - the one e-mail address rule of kvreport: which addresses from
 * cities.csv and from the layout's [mail] section can go into a mail
 * header. The reader warns with it, the mail writer selects with it, so
 * an address is never dropped without a warning naming it.
 *
 * A usable address is a plain ASCII addr-spec local@domain: at most 254
 * bytes, a local part of 1 to 64 bytes, a domain with a dot that neither
 * starts nor ends with one, and none of space, control characters, non-
 * ASCII bytes (the drafts are 7-bit mail without SMTPUTF8) or the
 * specials <>()[]\,;:" anywhere. */
#ifndef KV_ADDR_H
#define KV_ADDR_H

#include <stddef.h>

/* NULL when s[0..n) is a usable address, else a short German reason
 * ("enthält Umlaute oder andere Nicht-ASCII-Zeichen", ...). */
const char *addr_problem(const char *s, size_t n);

/* 1 when the NUL-terminated s is a usable address. */
int addr_ok(const char *s);

/* Iterates over a comma-separated list: sets *item and *len to the next
 * entry with surrounding blanks removed and returns 1, or returns 0 at
 * the end. *pos starts at the list and is advanced; empty entries (",,")
 * are skipped. This function can't fail. */
int addr_list_next(const char **pos, const char **item, size_t *len);

/* A mailbox as the layout gives it, "Display Name <local@domain>" or a bare
 * address, split into malloc'ed parts (*name may be ""). NULL on success;
 * else a German reason and nothing allocated. Out of memory is reported as
 * "zu wenig Speicher". */
const char *addr_parse_mailbox(const char *spec, char **name, char **addr);

#endif
