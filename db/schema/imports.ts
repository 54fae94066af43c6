/**
 * Order file import (console: Order Settlement → Import). One `order_imports` row per uploaded
 * file with its progress counts; the bytes wait in `order_import_files` until the import is done,
 * so an interrupted import resumes from its last finished chunk; `order_import_issues` is the
 * per-row report; `import_mappings` are a brand's saved column mappings for exports no built-in
 * layout recognises, found again by the file's header signature.
 */
import { customType, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { tenants } from "./platform";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const importStatus = pgEnum("import_status", ["queued", "running", "done", "failed"]);
export const importKind = pgEnum("import_kind", ["orders", "refunds"]);
export const importIssueSeverity = pgEnum("import_issue_severity", ["error", "warning", "note"]);

/** A brand's saved mapping (server/orders/import/mapping.ts ColumnMapping), kept as given. */
export type StoredMapping = Record<string, unknown>;

export const importMappings = pgTable(
  "import_mappings",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    name: text().notNull(),
    /** sha256 of the file's header row, normalised: a file with the same headers finds it. */
    headerSignature: text().notNull(),
    headers: jsonb().$type<string[]>().notNull(),
    mapping: jsonb().$type<StoredMapping>().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "import_mappings_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("import_mappings_name_key").on(t.tenantId, t.name),
    index("import_mappings_signature_idx").on(t.tenantId, t.headerSignature),
  ],
);

export const orderImports = pgTable(
  "order_imports",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    /** The staff user who uploaded it (users is a platform table: no tenant key to join on). */
    createdBy: uuid().notNull(),
    fileName: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    format: text(),
    encoding: text(),
    /** The recognised layout id, or "mapping". */
    layout: text().notNull(),
    channel: text().notNull(),
    kind: importKind().notNull(),
    mappingId: uuid(),
    /** The mapping as it was when the file was uploaded: a resumed import reads it the same way. */
    mapping: jsonb().$type<StoredMapping>(),
    status: importStatus().notNull().default("queued"),
    chunkSize: integer().notNull(),
    /** Chunks committed so far: a resumed import skips these. */
    chunksDone: integer().notNull().default(0),
    /** Data rows in the file when known up front (XLSX), else when finished. */
    totalRows: integer(),
    processedRows: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    unchanged: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    /** Why the import stopped (a database failure), in English; rows' errors are issues. */
    error: text(),
    /** A runner holds the import until then; after it the sweep may resume it. */
    leaseUntil: at(),
    startedAt: at(),
    finishedAt: at(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "order_imports_pkey", columns: [t.tenantId, t.id] }),
    index("order_imports_created_idx").on(t.tenantId, t.createdAt),
    tenantForeignKey("order_imports_mapping_fk", t, t.mappingId, importMappings).onDelete("set null"),
  ],
);

export const orderImportFiles = pgTable(
  "order_import_files",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    importId: uuid().notNull(),
    content: bytea().notNull(),
  },
  (t) => [
    primaryKey({ name: "order_import_files_pkey", columns: [t.tenantId, t.importId] }),
    tenantForeignKey("order_import_files_import_fk", t, t.importId, orderImports).onDelete("cascade"),
  ],
);

export const orderImportIssues = pgTable(
  "order_import_issues",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    importId: uuid().notNull(),
    /** 1-based file row (the header is its own row); 0 for the file as a whole. */
    row: integer().notNull(),
    field: text().notNull(),
    /** Stable key under imports.issue; the console renders it in the reader's language. */
    key: text().notNull(),
    params: jsonb().$type<Record<string, string>>().notNull(),
    severity: importIssueSeverity().notNull(),
    /** The message in English (the downloadable report and API users). */
    message: text().notNull(),
    /** What the row said, as far as the issue knows it (order number, SKU, the bad value). */
    raw: jsonb().$type<Record<string, string>>().notNull(),
  },
  (t) => [
    primaryKey({ name: "order_import_issues_pkey", columns: [t.tenantId, t.id] }),
    index("order_import_issues_import_idx").on(t.tenantId, t.importId, t.row),
    tenantForeignKey("order_import_issues_import_fk", t, t.importId, orderImports).onDelete("cascade"),
  ],
);
