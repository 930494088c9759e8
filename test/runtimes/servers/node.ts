// Node: node:http on a free port, announced on stdout; deliveries go through the
// `herald/webhooks-node` handler, as a node:http, Express or Fastify app would route them.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "herald/webhooks-node";
import { createApp } from "./app.js";

const app = createApp();
const webhooks = toNodeHandler(app.herald.webhooks);
const server = createServer(async (req, res) => {
  const counts = app.countsAnswer(req.method ?? "GET", req.url ?? "/");
  if (!counts) return webhooks(req, res);
  res.setHeader("content-type", "application/json");
  res.end(await counts.text());
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
