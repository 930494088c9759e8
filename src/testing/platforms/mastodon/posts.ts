import { fieldsOf, json, type PlatformRequest } from "../context.js";
import { grownCount } from "../engagement.js";
import type { MastodonStatusRecord } from "./records.js";
import { statusHtml } from "./text.js";

/** Operations of one status this file answers. */
export type MastodonPostOperation = "getStatus" | "updateStatus" | "deleteStatus";

/** What the posts part needs from the Mastodon simulator. */
export interface MastodonPostsHost {
  /** The statuses created. */
  readonly statuses: readonly MastodonStatusRecord[];
  /** The account id of a token (the author of the statuses it created). */
  accountId(token: string): string;
}

/** Fields `PUT /api/v1/statuses/:id` takes (https://docs.joinmastodon.org/methods/statuses/#edit). */
const EDITABLE = new Set([
  "status",
  "spoiler_text",
  "sensitive",
  "language",
  "media_ids",
  "media_attributes",
  "poll",
  "quote_approval_policy",
]);

const STATUS_PATH = /^\/api\/v1\/statuses\/([^/]+)$/;

/**
 * Reading, editing and deleting statuses on the simulated Mastodon: counts that grow with the
 * status's age (seeded, from the simulator's clock), edits of the account's own statuses, and
 * deletes. A status that is gone, or not the token's account's, answers 404 `Record not found`
 * for edits and deletes, as Mastodon's controllers find statuses among the account's own.
 */
export class MastodonPosts {
  /** Ids deleted, in order. */
  readonly deleted: string[] = [];
  /** Edits made: status id and the new text. */
  readonly edits: Array<{ id: string; text: string; time: number }> = [];

  /** Serves the statuses of `host`. */
  constructor(private readonly host: MastodonPostsHost) {}

  /** Which operation a request is, if it is one of these. */
  operationOf(method: string, path: string): MastodonPostOperation | undefined {
    if (!STATUS_PATH.test(path)) return undefined;
    if (method === "GET") return "getStatus";
    if (method === "PUT") return "updateStatus";
    if (method === "DELETE") return "deleteStatus";
    return undefined;
  }

  /** The counts a status has at `now`, as `GET /api/v1/statuses/:id` reports them. */
  counts(id: string, now: number): Record<string, number> {
    const record = this.#find(id);
    const created = record?.time ?? now;
    return {
      replies_count: grownCount(id, "replies", created, now),
      reblogs_count: grownCount(id, "shares", created, now),
      favourites_count: grownCount(id, "likes", created, now),
      quotes_count: grownCount(id, "quotes", created, now),
    };
  }

  /** Answers one of {@link MastodonPostOperation}. */
  handle(operation: MastodonPostOperation, request: PlatformRequest, token: string): Response {
    const id = decodeURIComponent(STATUS_PATH.exec(request.path.replace(/\/+$/, ""))?.[1] ?? "");
    const record = this.#find(id);
    if (!record) return json(404, { error: "Record not found" });
    const entity = () => ({ ...record.entity, ...this.counts(id, request.now) });
    if (operation === "getStatus") return json(200, entity());
    const account = fieldsOf(record.entity.account);
    if (account.id !== this.host.accountId(token)) return json(404, { error: "Record not found" });
    if (operation === "deleteStatus") {
      this.deleted.push(id);
      // the deleted Status comes back with its source `text`, for "delete and redraft"
      return json(200, { ...entity(), text: record.text });
    }
    return this.#update(record, request, entity);
  }

  #update(
    record: MastodonStatusRecord,
    request: PlatformRequest,
    entity: () => Record<string, unknown>,
  ): Response {
    if (request.body.encoding !== "json")
      return json(422, { error: "Validation failed: JSON body expected" });
    const body = fieldsOf(request.body.value);
    const unknown = Object.keys(body).filter((k) => !EDITABLE.has(k));
    request.record.schemaErrors = unknown.map(
      (k) => `${k}: not a field of PUT /api/v1/statuses/:id`,
    );
    if (unknown.length > 0)
      return json(422, { error: `Validation failed: ${request.record.schemaErrors.join(", ")}` });
    const text = typeof body.status === "string" ? body.status : "";
    if (text.trim() === "" && body.media_ids === undefined) {
      return json(422, { error: "Validation failed: Text can't be blank" });
    }
    record.text = text;
    record.entity = {
      ...record.entity,
      content: statusHtml(text),
      edited_at: new Date(request.now).toISOString(),
      ...(typeof body.spoiler_text === "string" && { spoiler_text: body.spoiler_text }),
    };
    this.edits.push({ id: record.id, text, time: request.now });
    return json(200, entity());
  }

  #find(id: string): MastodonStatusRecord | undefined {
    if (this.deleted.includes(id)) return undefined;
    return this.host.statuses.find((s) => s.id === id);
  }

  /** Forgets deletes and edits. */
  reset(): void {
    this.deleted.length = 0;
    this.edits.length = 0;
  }
}
