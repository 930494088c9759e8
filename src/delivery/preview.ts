import type {
  DestinationKind,
  LengthReport,
  Operation,
  PlatformAdapter,
  RangedUpload,
  RequestBody,
} from "../adapters/contract.js";
import { type FacetName, facetsOf } from "../contract/facets.js";
import type { TemplateVariable } from "../targeting/template.js";
import type { Redactor } from "../transport/redact.js";
import type { TrackedLink } from "./links/tag.js";
import type { SendPlan } from "./plan.js";
import { displayRefs } from "./refs.js";

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
  /** The body: JSON as sent; form fields and raw uploads with their bytes summarized. */
  body?: unknown;
  /** Retry safety of the request. */
  idempotency: Operation["idempotency"];
  /** A request polled afterwards until the platform finishes. */
  poll?: PreviewRequest;
  /** For a ranged upload: the file sent in pieces of `chunkBytes` ({@link RangedUpload}). */
  upload?: { bytes: number; chunkBytes: number; contentType: string };
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
  /**
   * What the target's adapter can do beyond sending: the optional facets it has (`webhooks`,
   * `metrics`, `editing`, `auth`), in the order of `FACETS`.
   */
  facets: FacetName[];
  /** The requests; for a mass send, those of one batch with `{{recipient}}` standing for the ids. */
  requests: PreviewRequest[];
  /** Recipients per request for a mass send. */
  batchSize?: number;
  /** Lengths by the platform's rules. */
  lengths: LengthReport[];
  /** Warnings. */
  warnings: string[];
  /**
   * Targeting of the target's segment: `native` (the platform filters it: LINE narrowcast),
   * `emulated` (Herald filters the target's `recipients` by their attributes) or `none` (no
   * segment). A segment that is neither makes `preview` and `send` throw a `ValidationError`
   * naming the condition the platform cannot express.
   */
  targeting: "native" | "emulated" | "none";
  /** Why, when there is a segment (`LINE narrowcast filter.demographic`). */
  targetingReason?: string;
  /**
   * The message's personalization variables, for a `recipients` target. `requests` then show
   * each variable as a `{{name}}` placeholder and `lengths` are measured with them; every
   * recipient's text is measured again once filled.
   */
  personalization?: { variables: TemplateVariable[] };
  /**
   * Scheduling: `native` when the platform publishes at the time itself (the request goes now),
   * `herald` when Herald's scheduler sends it at the time, `none` when it is sent now.
   */
  scheduling: "native" | "herald" | "none";
  /** With link tracking: the links as the requests carry them, tagged (docs/links.md). */
  links?: TrackedLink[];
}

/** Said of a target whose links the client's shortener replaces when it is sent. */
const SHORTENED_WHEN_SENT =
  "links are shortened when sent (links.shorten): the requests show them tagged, lengths with the tagged links";

/** The result of `herald.preview`: no request sent. */
export interface Preview {
  /** One entry per target, in order. */
  targets: TargetPreview[];
}

function previewBody(body: RequestBody | undefined, redactor: Redactor): unknown {
  if (!body) return undefined;
  if ("json" in body) return redactor.data(body.json);
  if ("urlencoded" in body) return redactor.data(body.urlencoded);
  if ("bytes" in body) return { contentType: body.contentType, bytes: body.bytes.byteLength };
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
  op = displayRefs(op);
  // An absolute `url` is usually a step reference (an upload URL): shown as it is.
  const url =
    op.url !== undefined && !URL.canParse(op.url)
      ? undefined
      : new URL(op.url ?? adapter.baseUrl.replace(/\/$/, "") + op.path);
  for (const [k, v] of Object.entries(op.query ?? {})) url?.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  for (const name of Object.keys(adapter.authHeaders())) headers[name] = "[redacted]";
  for (const name of adapter.auth?.headerNames ?? []) headers[name] = "[redacted]";
  for (const [k, v] of Object.entries(op.headers ?? {})) headers[k] = redactor.text(v);
  if (op.idempotency === "key" && op.idempotencyHeader)
    headers[op.idempotencyHeader] = "<UUID derived per send>";
  const body = previewBody(op.body, redactor);
  return {
    step: op.step,
    route: op.route,
    method: op.method,
    url: redactor.text(url ? decodeURI(url.toString()) : (op.url ?? "")),
    headers,
    ...(body !== undefined ? { body } : {}),
    idempotency: op.idempotency,
    ...(op.poll ? { poll: previewRequest(adapter, op.poll.request, redactor) } : {}),
    ...(op.upload
      ? {
          upload: {
            bytes: op.upload.data.byteLength,
            chunkBytes: op.upload.chunkBytes,
            contentType: op.upload.contentType,
          },
        }
      : {}),
  };
}

/**
 * Builds the preview of a checked send plan; `shortened`: the client's shortener replaces the
 * tracked links when it is sent (a hook is not called by a preview).
 */
export function buildPreview(plan: SendPlan, redactor: Redactor, shortened = false): Preview {
  return {
    targets: plan.targets.map(({ target, rendering, scheduling, links, message }) => ({
      target: target.label,
      platform: target.adapter.platform,
      account: target.account,
      destination: target.kind,
      facets: facetsOf(target.adapter),
      requests: rendering.operations.map((op) => previewRequest(target.adapter, op, redactor)),
      ...(target.kind === "recipients"
        ? { batchSize: target.adapter.capabilities.recipientBatch ?? 1 }
        : {}),
      lengths: rendering.lengths ?? [],
      warnings: [
        ...(rendering.warnings ?? []),
        ...(shortened && links?.report.length && message?.links?.shorten !== false
          ? [SHORTENED_WHEN_SENT]
          : []),
      ],
      targeting: target.targeting.mode,
      ...(target.targeting.mode !== "none" && { targetingReason: target.targeting.reason }),
      ...(plan.templates !== undefined && {
        personalization: { variables: [...plan.templates.variables] },
      }),
      scheduling,
      ...(links && { links: links.report }),
    })),
  };
}
