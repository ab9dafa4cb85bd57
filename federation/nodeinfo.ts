// NodeInfo 2.1: software "entraide", its version, usage and protocols.
import type { FederationBuilder } from "@fedify/fedify";
import { FEDERATED } from "../src/domain/access/policy.ts";
import { countActors } from "../src/domain/actors/actors.ts";
import { countUsers } from "../src/domain/accounts/users.ts";
import type { ContextData } from "./context.ts";

export const NODEINFO_PATH = "/nodeinfo/2.1";

export function registerNodeInfo(builder: FederationBuilder<ContextData>): void {
  builder.setNodeInfoDispatcher(NODEINFO_PATH, async (ctx) => {
    const [settings, users, organizations, posts] = await Promise.all([
      ctx.data.settings.get(),
      countUsers(ctx.data.db),
      countActors(ctx.data.db, "Group"),
      ctx.data.db
        .selectFrom("needs")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("published", "is not", null)
        .where("visibility", "in", FEDERATED)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      software: {
        name: "entraide",
        version: ctx.data.instance.version,
        homepage: new URL("/about", ctx.canonicalOrigin),
      },
      protocols: ["activitypub"],
      // Whether anyone may sign up (/signup, POST /api/v1/accounts): an administrator's choice.
      openRegistrations: settings.registrationsOpen,
      usage: {
        users: { total: users },
        localPosts: Number(posts.n),
        localComments: 0,
      },
      metadata: {
        nodeName: settings.name,
        nodeDescription: settings.description,
        organizations,
      },
    };
  });
}
