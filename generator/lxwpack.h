/* lxwpack.h - how libxlsxwriter 1.1.4 packs a workbook, tuned from outside.
 *
 * workbook_close writes every part of a workbook (some 75 for an annex:
 * sheets, 48 charts, drawings, styles) to a temporary file, reads it back
 * and deflates it into the zip at zlib's default level. 1.1.4 lets
 * neither be configured. kvreport defines two functions the library calls
 * through the dynamic linker, which binds them to the executable's
 * definitions first:
 * - lxw_tmpfile (xlsxwriter/utility.h): a growable buffer in memory
 *   behind a stdio stream (fopencookie) instead of a file: no create,
 *   unlink, write and read system calls per part;
 * - zipOpenNewFileInZip4_64 (minizip/zip.h): the part (complete in
 *   memory by then) is deflated here by libdeflate at level 1 instead of
 *   zlib's level 6 and handed to minizip's own as a raw entry; zipWriteInFileInZip then drops
 *   the library's copy and zipCloseFileInZip closes the entry with the
 *   part's size and CRC. A part equal to the last one of its name (theme,
 *   styles, content types, drawings, ...) reuses its deflated bytes.
 * Together about a quarter of a workbook's CPU time, for files about 10 %
 * larger. Since the parts pass through here, three corrections are made
 * as they are read into the zip: charts get dispBlanksAs="gap" (1.1.4
 * writes nothing for gaps, and the schema's default is "zero") and the
 * language de-DE instead of en-US; docProps/app.xml names kvreport, not
 * "Microsoft Excel", as the application. A libxlsxwriter that called other functions would bypass
 * them and simply keep its own behaviour. */
#ifndef KV_LXWPACK_H
#define KV_LXWPACK_H

#include <stddef.h>

/* Set when a part could not be held in memory since the last call; the
 * library does not check its writes, so the workbook must then be
 * dropped. Clears the flag. */
int lxwpack_failed(void);

/* How many parts so far were packed from the deflated bytes of an equal
 * part of an earlier workbook (for tests and measurements). */
size_t lxwpack_reused(void);

#endif
