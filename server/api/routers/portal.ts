import { createTRPCRouter } from "../trpc";

// Portal (distributor) procedures: sign-in by phone code and the portal home.
export const portalRouter = createTRPCRouter({});
