import type { AdapterCore } from "../../contract/core.js";
import type { Report } from "./types.js";

// Targets name a platform and account as `platform@account:chat` (docs/delivery.md): neither
// may hold `:`, `@`, `/` or spaces.
const PLATFORM_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const ACCOUNT_NAME = /^[^\s:@/]+$/;
const SCOPES = new Set(["account", "route", "chat"]);

/** Platform and account usable in targets; an absolute http(s) base URL. */
export function checkIdentity(adapter: AdapterCore, report: Report): void {
  if (!PLATFORM_NAME.test(adapter.platform)) {
    report(`platform "${adapter.platform}" is not lower case letters, digits, - or _`);
  }
  if (!ACCOUNT_NAME.test(adapter.account)) {
    report(`account "${adapter.account}" is empty or holds a space, ":", "@" or "/"`);
  }
  let url: URL | undefined;
  try {
    url = new URL(adapter.baseUrl);
  } catch {
    report(`baseUrl "${adapter.baseUrl}" is not an absolute URL`);
  }
  if (url && url.protocol !== "https:" && url.protocol !== "http:") {
    report(`baseUrl "${adapter.baseUrl}" is not http(s)`);
  }
}

/** Every limit a window the limiter can keep, with the source of its numbers. */
export function checkLimits(adapter: AdapterCore, report: Report): void {
  adapter.limits.forEach((rule, index) => {
    const at = `limits[${index}]`;
    if (!SCOPES.has(rule.scope))
      report(`${at}.scope "${String(rule.scope)}" is not account, route or chat`);
    if (rule.scope === "route" && !rule.route) report(`${at} has scope "route" and no route`);
    if (!Number.isInteger(rule.max) || rule.max < 1)
      report(`${at}.max ${rule.max} is not a positive integer`);
    if (!Number.isFinite(rule.perMs) || rule.perMs <= 0)
      report(`${at}.perMs ${rule.perMs} is not a positive window`);
    if (typeof rule.source !== "string" || rule.source.trim() === "") {
      report(`${at}.source is empty: name where the numbers come from (the platform's page)`);
    }
  });
}

/** Secrets listed, so that the core can redact what `authHeaders()` sends. */
export function checkSecrets(adapter: AdapterCore, report: Report): void {
  adapter.secrets.forEach((secret, index) => {
    if (typeof secret !== "string" || secret === "") report(`secrets[${index}] is empty`);
  });
  for (const [name, value] of Object.entries(adapter.authHeaders())) {
    if (
      value !== "" &&
      !adapter.secrets.some((secret) => secret !== "" && value.includes(secret))
    ) {
      report(`authHeaders() sends "${name}" holding no value of secrets: it would not be redacted`);
    }
  }
}
