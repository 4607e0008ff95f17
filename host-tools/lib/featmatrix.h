/** @file
 * The named VMX features across CPU models (vmxfeat.h), as one JSON document
 * the report (Markdown) and the site (HTML) both print: each model's newest
 * run with the caps suite is a column; only rows where models differ or a
 * value is unusual for the generation (genref.h) are listed.
 *
 *   { "columns": [ {"label", "slug", "reference"} ... ],
 *     "novmx": [ label ... ],           models without VMX: no column
 *     "rows": [ {"feature": "group: NAME", "values": [...], "unusual": [bool...]} ],
 *     "same": N, "unusual": N }
 */
#ifndef VMXB_HOST_FEATMATRIX_H
#define VMXB_HOST_FEATMATRIX_H

#include <jansson.h>

#include "lib/runset.h"

/** Build the matrix of @p rs (runs opened one pick at a time). NULL: no run has a vmx_caps record. */
json_t *featmatrix_build(const struct runset *rs);

#endif
