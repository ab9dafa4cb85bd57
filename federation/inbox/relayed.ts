// What comes through others: an Announce of a need by a federation of towns
// or a relay we follow, and reports (Flag) about what we host.
import type { InboxContext } from "@fedify/fedify";
import { type Announce, type Flag, Note } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { recordReceivedReport } from "../../src/domain/moderation/moderation.ts";
import type { ContextData } from "../context.ts";
import { localNeedId } from "./answers.ts";
import { fetchNoteFromOrigin } from "./origin.ts";
import { onFollowedPost } from "./remote-needs.ts";

const log = getLogger(["entraide", "federation", "inbox", "relayed"]);

export async function onAnnounce(ctx: InboxContext<ContextData>, announce: Announce): Promise<void> {
  if (!announce.actorId || !announce.objectId) return;
  // A relay or an aggregator does not bring back what moderators keep out.
  if (!(await welcome(ctx, announce.objectId))) {
    log.info("Announce {id} of {object}, from a server we do not take: ignored", {
      id: announce.id?.href,
      object: announce.objectId.href,
    });
    return;
  }
  if (localNeedId(ctx, announce.objectId) || announce.objectId.origin === ctx.canonicalOrigin) {
    log.debug("Announce {id} of something of ours: nothing to store", { id: announce.id?.href });
    return;
  }
  // What a relay or an aggregator announces is by definition someone else's: whatever copy it
  // embeds, the object is read from its own origin (onFollowedPost checks its author's origin).
  const object =
    announce.objectId.origin === announce.actorId.origin
      ? await announce.getObject(ctx).catch((error) => {
          log.info("Announce {id}: its object could not be fetched: {error}", { id: announce.id?.href, error });
          return null;
        })
      : await fetchNoteFromOrigin(ctx, announce.objectId);
  if (!(object instanceof Note)) {
    log.debug("Announce {id} of a {type}: ignored", { id: announce.id?.href, type: object?.constructor.name ?? "nothing" });
    return;
  }
  if (!(await onFollowedPost(ctx, announce, object, announce.actorId.href))) {
    log.debug("Announce {id} from {actor}, whom nobody here follows: ignored", {
      id: announce.id?.href,
      actor: announce.actorId.href,
    });
  }
}

async function welcome(ctx: InboxContext<ContextData>, uri: URL): Promise<boolean> {
  const verdict = await ctx.data.policy.verdict(uri.host, uri.href);
  return verdict === "allow" || verdict === "silence";
}

/** A report about one of our accounts or posts (Mastodon sends them from its instance actor). */
export async function onFlag(ctx: InboxContext<ContextData>, flag: Flag): Promise<void> {
  if (!flag.id || !flag.actorId) return;
  // Our actors and needs (Fedify's routes), and our offers (served outside them).
  const ours = flag.objectIds.filter(
    (uri) => uri.origin === ctx.canonicalOrigin && (ctx.parseUri(uri) || /^\/offers\/[^/]+$/.test(uri.pathname)),
  );
  if (ours.length === 0) {
    log.debug("Flag {id} reports nothing of ours", { id: flag.id.href });
    return;
  }
  const { id, created } = await recordReceivedReport(ctx.data.db, ctx.data.events, {
    flagUri: flag.id.href,
    reporterUri: flag.actorId.href,
    targets: ours.map((u) => u.href),
    comment: flag.content?.toString() ?? "",
  });
  log.info("{how} report {id} from {actor} about {targets}", {
    how: created ? "New" : "Already known",
    id,
    actor: flag.actorId.href,
    targets: ours.map((u) => u.href),
  });
}
