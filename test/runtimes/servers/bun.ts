// Bun: `bun run bun.mjs`; Bun.serve on a free port, announced on stdout.
import { createApp } from "./app.js";

/** The part of Bun's API used here (https://bun.sh/docs/api/http). */
declare const Bun: {
  serve(options: { hostname: string; port: number; fetch(request: Request): Promise<Response> }): {
    port: number;
  };
};

const app = createApp();
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (request) => app.fetch(request),
});
console.log(`listening ${server.port}`);
