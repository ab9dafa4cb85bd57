// What is kept of a received sheet's address: the link its page shows here.
import { Article } from "@fedify/vocab";
import { describe, expect, it } from "vitest";
import { pageUrl } from "../federation/inbox/practices.ts";

describe("a received sheet's page address", () => {
  const id = new URL("https://town.example/practices/1");
  it("is kept when it is an http(s) page on the sheet's own origin", () => {
    expect(pageUrl(new Article({ id, url: new URL("https://town.example/p/1") }), id)).toBe("https://town.example/p/1");
  });
  it("is the sheet's id when it is a javascript: link, or on another origin, or missing", () => {
    expect(pageUrl(new Article({ id, url: new URL("javascript:alert(document.cookie)") }), id)).toBe(id.href);
    expect(pageUrl(new Article({ id, url: new URL("https://phishing.example/p/1") }), id)).toBe(id.href);
    expect(pageUrl(new Article({ id }), id)).toBe(id.href);
  });
});
