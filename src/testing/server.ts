import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import type { Simulator } from "./simulator.js";
import type { SimPlatform } from "./types.js";

/** Options of {@link startSimulatorServer}. */
export interface SimulatorServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
}

/** A running simulator server. */
export interface SimulatorServer {
  /** Base URL per platform: `http://127.0.0.1:PORT/telegram` etc. */
  readonly urls: Readonly<Record<SimPlatform, string>>;
  /** The server's origin, `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The port listened on. */
  readonly port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const PLATFORMS: readonly SimPlatform[] = [
  "telegram",
  "line",
  "mastodon",
  "x",
  "facebook",
  "linkedin",
  "wechat",
  "youtube",
  "weibo",
];

/**
 * Serves `sim` over real HTTP (node:http): the first path segment names the platform
 * (`/telegram/bot<token>/sendMessage`, `/line/v2/bot/message/push`, `/mastodon/api/v1/statuses`).
 * A "reset" fault destroys the socket; a "timeout" fault holds the request until the client goes away.
 */
export async function startSimulatorServer(
  sim: Simulator,
  options: SimulatorServerOptions = {},
): Promise<SimulatorServer> {
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    serve(sim, req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "simulator failure" }));
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const urls = Object.fromEntries(PLATFORMS.map((p) => [p, `${origin}/${p}`])) as Record<
    SimPlatform,
    string
  >;
  return {
    urls,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function serve(sim: Simulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator.invalid");
  const platform = url.pathname.split("/")[1] as SimPlatform;
  if (!PLATFORMS.includes(platform)) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: `unknown platform; use /${PLATFORMS.join(", /")}` }));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const aborter = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborter.abort();
  });
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
  const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal: aborter.signal,
  });
  const response = await sim.handle(request, platform, { basePath: `/${platform}` });
  if (response.type === "error") {
    req.socket.destroy();
    return;
  }
  if (res.destroyed) return;
  const outHeaders: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  res.writeHead(response.status, outHeaders);
  if (response.body) {
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
  } else {
    res.end();
  }
}
