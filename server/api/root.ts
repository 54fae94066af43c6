import { createCallerFactory, createTRPCRouter } from "./trpc";
import { meRouter } from "./routers/me";
import { portalRouter } from "./routers/portal";

export const appRouter = createTRPCRouter({
  me: meRouter,
  portal: portalRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
