import { trpcHttpHandler } from "@/server/api/http-handler";
import { requestTrpcContext } from "@/server/api/request-context";
import { env } from "@/server/env";

const handler = trpcHttpHandler({
  createContext: (req, resHeaders) => requestTrpcContext(req.headers, resHeaders),
  appUrl: env.APP_URL,
});

export { handler as GET, handler as POST };
