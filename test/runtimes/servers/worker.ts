// workerd: a Cloudflare Worker module, served by `workerd serve config.capnp` without
// nodejs_compat. The herald is built at module scope, as users write it.
import { createApp } from "./app.js";

/** The part of the Workers runtime's ExecutionContext used here. */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

const app = createApp();

export default {
  fetch(request: Request, _env: unknown, ctx: ExecutionContext): Promise<Response> {
    return app.fetch(request, (promise) => ctx.waitUntil(promise));
  },
};
