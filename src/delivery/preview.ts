import type {
  DestinationKind,
  LengthReport,
  Operation,
  PlatformAdapter,
  RequestBody,
} from "../adapters/contract.js";
import type { Redactor } from "../transport/redact.js";
import type { SendPlan } from "./plan.js";

/** One request as `preview` shows it: what would be sent, secrets redacted. */
export interface PreviewRequest {
  /** Step name. */
  step: string;
  /** Limiter route. */
  route: string;
  /** HTTP method. */
  method: string;
  /** Full URL (secrets in it redacted). */
  url: string;
  /** Headers; auth headers redacted, idempotency keys shown as generated per send. */
  headers: Record<string, string>;
  /** The body: JSON as sent; form fields with bytes summarized. */
  body?: unknown;
  /** Retry safety of the request. */
  idempotency: Operation["idempotency"];
  /** A request polled afterwards until the platform finishes. */
  poll?: PreviewRequest;
}

/** What `preview` says of one target. */
export interface TargetPreview {
  /** Target label. */
  target: string;
  /** Platform. */
  platform: string;
  /** Account. */
  account: string;
  /** Destination kind. */
  destination: DestinationKind;
  /** The requests; for a mass send, those of one batch with `{{recipient}}` standing for the ids. */
  requests: PreviewRequest[];
  /** Recipients per request for a mass send. */
  batchSize?: number;
  /** Lengths by the platform's rules. */
  lengths: LengthReport[];
  /** Warnings. */
  warnings: string[];
  /** Targeting: `native` for a segment the platform filters itself, else `none`. */
  targeting: "native" | "none";
  /**
   * Scheduling: `native` when the platform publishes at the time itself (the request goes now),
   * `herald` when Herald's scheduler sends it at the time, `none` when it is sent now.
   */
  scheduling: "native" | "herald" | "none";
}

/** The result of `herald.preview`: no request sent. */
export interface Preview {
  /** One entry per target, in order. */
  targets: TargetPreview[];
}

function previewBody(body: RequestBody | undefined, redactor: Redactor): unknown {
  if (!body) return undefined;
  if ("json" in body) return redactor.data(body.json);
  if ("urlencoded" in body) return redactor.data(body.urlencoded);
  return body.form.map((f) =>
    "value" in f
      ? { name: f.name, value: redactor.text(f.value) }
      : { name: f.name, filename: f.filename, mimeType: f.mimeType, bytes: f.data.byteLength },
  );
}

function previewRequest(
  adapter: PlatformAdapter,
  op: Omit<Operation, "poll"> & { poll?: Operation["poll"] },
  redactor: Redactor,
): PreviewRequest {
  const url = new URL(adapter.baseUrl.replace(/\/$/, "") + op.path);
  for (const [k, v] of Object.entries(op.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  for (const name of Object.keys(adapter.authHeaders())) headers[name] = "[redacted]";
  for (const [k, v] of Object.entries(op.headers ?? {})) headers[k] = redactor.text(v);
  if (op.idempotency === "key" && op.idempotencyHeader)
    headers[op.idempotencyHeader] = "<UUID derived per send>";
  const body = previewBody(op.body, redactor);
  return {
    step: op.step,
    route: op.route,
    method: op.method,
    url: redactor.text(decodeURI(url.toString())),
    headers,
    ...(body !== undefined ? { body } : {}),
    idempotency: op.idempotency,
    ...(op.poll ? { poll: previewRequest(adapter, op.poll.request, redactor) } : {}),
  };
}

/** Builds the preview of a checked send plan. */
export function buildPreview(plan: SendPlan, redactor: Redactor): Preview {
  return {
    targets: plan.targets.map(({ target, rendering, scheduling }) => ({
      target: target.label,
      platform: target.adapter.platform,
      account: target.adapter.account,
      destination: target.kind,
      requests: rendering.operations.map((op) => previewRequest(target.adapter, op, redactor)),
      ...(target.kind === "recipients"
        ? { batchSize: target.adapter.capabilities.recipientBatch ?? 1 }
        : {}),
      lengths: rendering.lengths ?? [],
      warnings: rendering.warnings ?? [],
      targeting: target.kind === "segment" ? "native" : "none",
      scheduling,
    })),
  };
}
