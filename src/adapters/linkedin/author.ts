import { ValidationError } from "../../transport/errors.js";

/** A member or organization URN, the authors the Posts API takes. */
const AUTHOR_URN = /^urn:li:(?:person|organization):[A-Za-z0-9_-]+$/;
/** The short account names for them: `organization-123` (or `org-123`), `person-abc`. */
const SHORT = /^(organization|org|person)-([A-Za-z0-9_-]+)$/;

/** Whether `value` is a URN the Posts API takes as `author`. */
export function isAuthorUrn(value: string): boolean {
  return AUTHOR_URN.test(value);
}

/**
 * The author URN of an account: the configured `author` (a URN for the adapter's own account, or a
 * function of the account), else the account itself when it is a URN or a short name
 * (`organization-123` → `urn:li:organization:123`, `person-abc` → `urn:li:person:abc`).
 */
export function resolveAuthor(
  account: string,
  ownAccount: string,
  author: string | ((account: string) => string) | undefined,
): string {
  let urn: string | undefined;
  if (typeof author === "function") urn = author(account);
  else if (author !== undefined && account === ownAccount) urn = author;
  else if (isAuthorUrn(account)) urn = account;
  else {
    const short = SHORT.exec(account);
    if (short) urn = `urn:li:${short[1] === "person" ? "person" : "organization"}:${short[2]}`;
  }
  if (urn === undefined || !isAuthorUrn(urn)) {
    throw new ValidationError("to.account", `no LinkedIn author for account "${account}"`, {
      platform: "linkedin",
      hint: 'pass author to linkedin(), or name accounts "urn:li:organization:<id>" / "organization-<id>" / "person-<id>"',
    });
  }
  return urn;
}
