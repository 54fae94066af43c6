import { serve } from "inngest/next";
import { appDb } from "@/server/db";
import { inngest } from "@/server/jobs/client";
import { createJobFunctions } from "@/server/jobs/functions";

export const { GET, POST, PUT } = serve({ client: inngest, functions: createJobFunctions(appDb) });
