CREATE TYPE "public"."import_issue_severity" AS ENUM('error', 'warning', 'note');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('orders', 'refunds');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"header_signature" text NOT NULL,
	"headers" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "order_import_files" (
	"tenant_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "order_import_files_pkey" PRIMARY KEY("tenant_id","import_id")
);
--> statement-breakpoint
CREATE TABLE "order_import_issues" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"field" text NOT NULL,
	"key" text NOT NULL,
	"params" jsonb NOT NULL,
	"severity" "import_issue_severity" NOT NULL,
	"message" text NOT NULL,
	"raw" jsonb NOT NULL,
	CONSTRAINT "order_import_issues_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "order_imports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"format" text,
	"encoding" text,
	"layout" text NOT NULL,
	"channel" text NOT NULL,
	"kind" "import_kind" NOT NULL,
	"mapping_id" uuid,
	"mapping" jsonb,
	"status" "import_status" DEFAULT 'queued' NOT NULL,
	"chunk_size" integer NOT NULL,
	"chunks_done" integer DEFAULT 0 NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"lease_until" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_imports_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_import_files" ADD CONSTRAINT "order_import_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_import_files" ADD CONSTRAINT "order_import_files_import_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."order_imports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_import_issues" ADD CONSTRAINT "order_import_issues_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_import_issues" ADD CONSTRAINT "order_import_issues_import_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."order_imports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_imports" ADD CONSTRAINT "order_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_imports" ADD CONSTRAINT "order_imports_mapping_fk" FOREIGN KEY ("tenant_id","mapping_id") REFERENCES "public"."import_mappings"("tenant_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_name_key" ON "import_mappings" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "import_mappings_signature_idx" ON "import_mappings" USING btree ("tenant_id","header_signature");--> statement-breakpoint
CREATE INDEX "order_import_issues_import_idx" ON "order_import_issues" USING btree ("tenant_id","import_id","row");--> statement-breakpoint
CREATE INDEX "order_imports_created_idx" ON "order_imports" USING btree ("tenant_id","created_at");