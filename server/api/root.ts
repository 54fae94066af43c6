import { createCallerFactory, createTRPCRouter } from "./trpc";
import { apiKeysRouter } from "./routers/api-keys";
import { authRouter } from "./routers/auth";
import { meRouter } from "./routers/me";
import { portalRouter } from "./routers/portal";
import { settingsRouter } from "./routers/settings";
import { staffRouter } from "./routers/staff";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  me: meRouter,
  settings: settingsRouter,
  staff: staffRouter,
  apiKeys: apiKeysRouter,
  portal: portalRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
