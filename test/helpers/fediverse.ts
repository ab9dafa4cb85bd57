// Fediverse accounts on a small Fedify server of their own, on a loopback port:
// they sign what they send (activities) and what they fetch (documents).
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { type Activity, Create, Delete, Endpoints, Person, Undo } from "@fedify/vocab";
import { serve } from "@hono/node-server";
import { freePort } from "./server.ts";

export async function fediverseAccounts(names: string[]) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) =>
      names.includes(identifier)
        ? new Person({
            id: ctx.getActorUri(identifier),
            preferredUsername: identifier,
            inbox: ctx.getInboxUri(identifier),
            endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
            publicKey: (await ctx.getActorKeyPairs(identifier))[0]?.cryptographicKey,
          })
        : null,
    )
    .setKeyPairsDispatcher(() => keys)
    // As Mastodon does, WebFinger also answers for the profile page's address (/@name).
    .mapAlias((_ctx, resource) => {
      const name = /^\/@([^/]+)$/.exec(resource.pathname)?.[1];
      return resource.origin === origin && name && names.includes(name) ? { identifier: name } : null;
    });
  /** What their inboxes received (verified by Fedify), as JSON-LD. */
  const received: { recipient: string | null; activity: Record<string, unknown> }[] = [];
  const record = async (ctx: { recipient: string | null }, activity: Activity) => {
    received.push({ recipient: ctx.recipient, activity: (await activity.toJsonLd({ format: "compact" })) as Record<string, unknown> });
  };
  federation.setInboxListeners("/users/{identifier}/inbox", "/inbox").on(Create, record).on(Delete, record).on(Undo, record);
  /** The bodies posted to their inboxes, as sent (before Fedify reads them). */
  const posted: string[] = [];
  const server = serve({
    fetch: async (request) => {
      if (request.method === "POST") posted.push(await request.clone().text());
      return federation.fetch(request, { contextData: undefined });
    },
    hostname: "127.0.0.1",
    port,
  });
  const context = () => federation.createContext(new URL(origin), undefined);
  let sent = 0;
  return {
    origin,
    received,
    posted,
    uri: (name: string) => `${origin}/users/${name}`,
    id: () => new URL(`${origin}/activities/${++sent}`),
    async send(name: string, to: string, activity: (actor: URL, recipient: URL) => Activity) {
      const ctx = context();
      const recipient = await ctx.lookupObject(to);
      if (!(recipient instanceof Object) || !recipient.id) throw new Error(`cannot find ${to}`);
      await ctx.sendActivity({ identifier: name }, recipient as Person, activity(ctx.getActorUri(name), recipient.id));
    },
    /** A GET signed by `name` (or not signed, without one): whether a document came back. */
    async fetches(url: string, name?: string): Promise<boolean> {
      const loader = name ? await context().getDocumentLoader({ identifier: name }) : context().documentLoader;
      return loader(url).then(
        () => true,
        () => false,
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
