/* pdfmeta.h - part of the PDF module, included only by pdftag.c: the
 * document-level entries that make a libharu document a PDF/UA-1 and
 * PDF/A-2a file, written with libharu's exported object layer
 * (hpdf_objects.h): the catalog's /MarkInfo, /Lang and
 * /ViewerPreferences and the version (1.7); the XMP /Metadata stream
 * (Dublin Core, XMP basic and PDF properties mirroring the Info
 * dictionary, the PDF/UA and PDF/A identification); the sRGB
 * /OutputIntents with its ICC profile. pdftag calls them from
 * tags_finish, before it adds the StructTreeRoot (libharu's last object).
 *
 * Each returns HPDF_OK or the first libharu status that failed
 * (HPDF_FAILD_TO_ALLOC_MEM: out of memory); after a failure the catalog
 * may hold some of the entries, and the document must not be saved. */
#ifndef KV_PDFMETA_H
#define KV_PDFMETA_H

#include "pdftag.h"

#include <hpdf.h>
#include <stddef.h>

/* /MarkInfo << /Marked true >>, /Lang (de-DE), /ViewerPreferences
 * << /DisplayDocTitle true >>, and PDF 1.7. */
HPDF_STATUS meta_catalog(HPDF_Doc doc);

/* The XMP packet of m as the catalog's uncompressed /Metadata stream; the
 * Info dictionary's producer (libharu's name when none is set, which is
 * then set too: both must agree). */
HPDF_STATUS meta_xmp(HPDF_Doc doc, const tags_meta *m);

/* The output intent GTS_PDFA1 with an RGB ICC profile: icc is the
 * profile deflated (zlib format, icc_len bytes), written as it is with
 * /Filter /FlateDecode. */
HPDF_STATUS meta_output_intent(HPDF_Doc doc, const unsigned char *icc, size_t icc_len);

#endif
