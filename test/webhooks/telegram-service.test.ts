// Telegram service messages (https://core.telegram.org/bots/api#message: members joining or
// leaving, a pin, a payment...) are `telegram.message` platform events only: a bot that answers
// every normalized `message` must not answer "Ada joined the group". Shapes follow the Bot API's
// Message, User, SuccessfulPayment and WebAppData objects; `satisfies` checks them against the
// types generated from the spec.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TelegramUpdate } from "../../src/adapters/telegram/index.js";
import { TELEGRAM_SERVICE_FIELDS } from "../../src/adapters/telegram/service-messages.js";
import type { NormalizedEvent, PlatformEvent } from "../../src/index.js";
import { T0 } from "./fixtures.js";
import { signed, webhookHerald } from "./helpers.js";

const seconds = T0 / 1000;
const ada = { id: 4242, is_bot: false, first_name: "Ada", username: "ada" };
const group = { id: -1001234567890, type: "supergroup" as const, title: "Shop chat" };
const privateChat = { id: 4242, type: "private" as const, first_name: "Ada" };
const base = { message_id: 90, date: seconds, chat: group, from: ada };

const services = {
  // https://core.telegram.org/bots/api#message: new_chat_members (Array of User)
  joined: { update_id: 800001, message: { ...base, new_chat_members: [ada] } },
  // left_chat_member (User)
  left: { update_id: 800002, message: { ...base, left_chat_member: ada } },
  // pinned_message (MaybeInaccessibleMessage)
  pinned: {
    update_id: 800003,
    message: {
      ...base,
      pinned_message: { message_id: 12, date: seconds - 60, chat: group, text: "Rules: be kind" },
    },
  },
  // successful_payment (https://core.telegram.org/bots/api#successfulpayment)
  paid: {
    update_id: 800004,
    message: {
      ...base,
      chat: privateChat,
      successful_payment: {
        currency: "EUR",
        total_amount: 1999,
        invoice_payload: "order-77",
        telegram_payment_charge_id: "tg-charge-1",
        provider_payment_charge_id: "provider-charge-1",
      },
    },
  },
  // forum_topic_created (https://core.telegram.org/bots/api#forumtopiccreated)
  topic: {
    update_id: 800005,
    message: { ...base, forum_topic_created: { name: "Orders", icon_color: 7322096 } },
  },
} satisfies Record<string, TelegramUpdate>;

async function deliver(update: TelegramUpdate) {
  const herald = webhookHerald();
  const normalized: NormalizedEvent[] = [];
  const platform: PlatformEvent[] = [];
  for (const name of ["message", "comment", "postback"] as const) {
    herald.webhooks.on(name, (e) => void normalized.push(e));
  }
  herald.webhooks.on("telegram.message", (e) => void platform.push(e as PlatformEvent));
  const response = await herald.webhooks.handle(signed("telegram", JSON.stringify(update)));
  expect(response.status).toBe(200);
  return { normalized, platform };
}

describe("Telegram service messages", () => {
  it.each(Object.entries(services))(
    "%s: telegram.message only, no normalized message",
    async (_, update) => {
      const { normalized, platform } = await deliver(update);
      expect(platform).toMatchObject([{ name: "telegram.message", payload: update.message }]);
      expect(normalized).toEqual([]);
    },
  );

  it("a message someone wrote with the same fields otherwise is still a message", async () => {
    const update = { update_id: 800010, message: { ...base, text: "hello" } };
    const { normalized } = await deliver(update);
    expect(normalized).toMatchObject([{ type: "message", text: "hello", messageId: "90" }]);
  });

  it("web_app_data (data a Web App sent from a keyboard button) is a postback", async () => {
    // https://core.telegram.org/bots/api#webappdata: data and button_text
    const update = {
      update_id: 800011,
      message: {
        ...base,
        chat: privateChat,
        web_app_data: { data: '{"size":"M"}', button_text: "Choose a size" },
      },
    } satisfies TelegramUpdate;
    const { normalized } = await deliver(update);
    expect(normalized).toMatchObject([
      {
        type: "postback",
        data: '{"size":"M"}',
        chatId: "4242",
        messageId: "90",
        replyTo: { platform: "telegram", chat: "4242" },
      },
    ]);
  });

  it("the list holds every Message field the spec calls a service message", () => {
    // read from the types generated from the Bot API spec (scripts/extract-specs.ts)
    const types = readFileSync(
      new URL("../../src/generated/telegram/update-types.ts", import.meta.url),
      "utf8",
    );
    const message = types.slice(types.indexOf("export interface TelegramMessage {"));
    const body = message.slice(0, message.indexOf("\n}"));
    const documented = [...body.matchAll(/Service message[^\n]*\*\/\n {2}(\w+)\?:/g)].map(
      (m) => m[1],
    );
    expect(documented.length).toBeGreaterThan(30);
    for (const field of documented) expect(TELEGRAM_SERVICE_FIELDS).toContain(field);
    // and nothing a person writes (text, media, a poll, an invoice) is in it
    for (const content of ["text", "photo", "caption", "poll", "invoice", "sticker", "giveaway"]) {
      expect(TELEGRAM_SERVICE_FIELDS).not.toContain(content);
    }
  });
});
