/** A real HTTP receiver on 127.0.0.1 for webhook tests, answering as each test scripts it. */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}

/** What the receiver does with a request: answer with a status, or never answer ("hang"). */
export type Behaviour = number | "hang";

export interface Receiver {
  url: string;
  received: Received[];
  /** Behaviours for the next requests, in turn; 200 once they run out. */
  script: Behaviour[];
  /** Consulted first: a behaviour for this request, or undefined to use the script. */
  rule: ((r: Received) => Behaviour | undefined) | null;
  close(): Promise<void>;
}

export async function startReceiver(path = "/hooks"): Promise<Receiver> {
  const received: Received[] = [];
  const script: Behaviour[] = [];
  const hanging = new Set<() => void>();
  const receiver: Receiver = {
    url: "",
    received,
    script,
    rule: null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of hanging) end();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const r: Received = { headers: req.headers, body, json: JSON.parse(body) as Received["json"] };
      received.push(r);
      const b = receiver.rule?.(r) ?? script.shift() ?? 200;
      if (b === "hang") {
        const end = () => res.destroy();
        hanging.add(end);
        res.on("close", () => hanging.delete(end));
        return;
      }
      res.writeHead(b, { "content-type": "text/plain" }).end(b < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}
