/**
 * Order file import as a service (console: Order Settlement → Import): upload → detect →
 * chunked run through the same order services as /api/v1, with progress, a per-row report,
 * saved column mappings and resume. The parsing itself is server/orders/import.
 */
export { startImport, MAX_IMPORT_BYTES, IMPORT_CHUNK_ROWS, type StartInput, type StartResult } from "./start";
export { runImport, isImportActive, IMPORT_LEASE_MS } from "./run";
export { resumeStaleImports } from "./sweep";
export { listImports, getImport, importDetail, issuesPage, issuesChunk, issuesFilterSchema, markResumable, type ImportSummary } from "./queries";
export { listMappings, saveMapping, deleteMapping, saveMappingSchema, columnMappingSchema } from "./mappings";
export { headerSignature, readHeaders } from "./detect";
