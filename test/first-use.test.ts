// What the server loads on first use rather than at start, to keep an idle instance small
// (bench/README.md, "Idle memory: what loads on first use"): the Argon2 addon with the first
// password, markdown-it and sanitize-html with the first text. The gazetteer has its own
// test (test/places.test.ts); what the bundle leaves out of its start, test/build.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { argon2Loaded } from "../src/domain/accounts/passwords.ts";
import { authenticate, createUser } from "../src/domain/accounts/users.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { markdownLoaded } from "../src/domain/text/markdown.ts";
import type { Instance } from "../src/main.ts";
import { testInstance } from "./helpers/app.ts";
import { needInput } from "./helpers/needs.ts";

describe("an instance", () => {
  let app: Instance;
  beforeAll(async () => {
    app = await testInstance();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("starts and serves its pages without the Argon2 addon or the Markdown libraries", async () => {
    for (const path of ["/", "/search", "/login", "/nodeinfo/2.1"]) {
      expect([path, (await app.http.request(`http://town.test${path}`)).status]).toEqual([path, 200]);
    }
    expect(argon2Loaded()).toBe(false);
    expect(markdownLoaded()).toBe(false);
  });

  it("loads them with the first password and the first text, which they then serve", async () => {
    const user = await createUser(app.db.kysely, { username: "coord", email: "coord@town.test", password: "a long enough password" });
    expect(argon2Loaded()).toBe(true);
    expect((await authenticate(app.db.kysely, "coord", "a long enough password"))?.id).toBe(user.id);
    expect(await authenticate(app.db.kysely, "coord", "another long password")).toBeUndefined();

    await createOrganization(app.db.kysely, { handle: "asso", name: "Asso", coordinatorId: user.id });
    expect(markdownLoaded()).toBe(false);
    const need = await createNeed(app.db.kysely, app.contextData.events, user, needInput({ title: "Courses", description: "**Mardi** <script>x</script>" }));
    expect(markdownLoaded()).toBe(true);
    expect(need.descriptionHtml.trim()).toBe("<p><strong>Mardi</strong> &lt;script&gt;x&lt;/script&gt;</p>");
  });
});
