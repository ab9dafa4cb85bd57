// The pages where coordinators choose pictures (issue 16): a need's image, an
// organisation's logo and image. Each posts multipart/form-data to itself; a refusal
// (not a picture, too large, no description) comes back on the page, next to its field.
import type { Context } from "hono";
import { Hono } from "hono";
import { PictureFormPage } from "../../../web/pages/picture-form.tsx";
import type { Account } from "../../domain/accounts/users.ts";
import { canCoordinate, needForCoordinator } from "../../domain/needs/service.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import { fileAddress, type Picture, type PictureRole } from "../../domain/pictures/model.ts";
import { setNeedImage, setOrganizationPicture, type Upload } from "../../domain/pictures/pictures.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { pictureDeps, readUpload } from "../uploads.ts";
import { fieldError, frame, signedInOrLogin } from "./frame.ts";

interface Target {
  heading: string;
  action: string;
  back: { href: string; label: string };
  current: Picture | null;
  save(upload: Upload | null): Promise<unknown>;
}

async function needTarget(c: Context<AppEnv>, account: Account): Promise<Target> {
  const { t } = await frame(c);
  const need = await needForCoordinator(c.var.deps.db.kysely, account, c.req.param("id") ?? "");
  return {
    heading: t("picture.needTitle", { title: need.title }),
    action: `/coordinate/needs/${need.id}/image`,
    back: { href: `/coordinate/needs/${need.id}`, label: t("picture.backToNeed") },
    current: need.image ?? null,
    save: (upload) => setNeedImage(pictureDeps(c), account, need.id, upload),
  };
}

async function organizationTarget(c: Context<AppEnv>, account: Account): Promise<Target> {
  const { t } = await frame(c);
  const db = c.var.deps.db.kysely;
  const org = await findOrganization(db, c.req.param("handle") ?? "");
  if (!org || !(await canCoordinate(db, account, org.id))) throw new HttpProblem(404, "no such organisation among yours");
  const role: PictureRole = c.req.param("role") === "logo" ? "logo" : "image";
  return {
    heading: t(role === "logo" ? "picture.logoTitle" : "picture.orgImageTitle", { name: org.name }),
    action: `/coordinate/organizations/${org.handle}/${role}`,
    back: { href: `/coordinate/organizations/${org.handle}/profile`, label: t("picture.backToProfile") },
    current: role === "logo" ? org.logo : org.image,
    save: (upload) => setOrganizationPicture(pictureDeps(c), account, org.handle, role, upload),
  };
}

function pictureRoutes(path: string, target: (c: Context<AppEnv>, account: Account) => Promise<Target>) {
  return new Hono<AppEnv>()
    .get(path, async (c) => {
      const { account, redirect } = signedInOrLogin(c);
      if (!account) return redirect;
      const found = await target(c, account);
      // Not `done=`: the frame would say "saved" a second time in its own words.
      const saved = c.req.query("picture");
      return c.html(page(c, found, await frame(c), { saved: saved === "saved" || saved === "removed" ? saved : undefined }));
    })
    .post(path, async (c) => {
      const { account, redirect } = signedInOrLogin(c);
      if (!account) return redirect;
      const found = await target(c, account);
      const { upload, fields } = await readUpload(c);
      const remove = fields.remove === "1";
      try {
        await found.save(remove ? null : upload);
      } catch (error) {
        const f = await frame(c);
        return c.html(page(c, found, f, { alt: upload.alt, errors: fieldError(error, f.t, "image") }), 422);
      }
      return c.redirect(`${found.action}?picture=${remove ? "removed" : "saved"}`, 303);
    });
}

function page(
  c: Context<AppEnv>,
  found: Target,
  f: Awaited<ReturnType<typeof frame>>,
  extra: { saved?: "saved" | "removed"; alt?: string; errors?: Record<string, string> },
) {
  return (
    <PictureFormPage
      {...f}
      heading={found.heading}
      action={found.action}
      back={found.back}
      current={found.current}
      currentSrc={found.current ? fileAddress(found.current.key) : undefined}
      maxMegabytes={Math.floor(c.var.deps.config.maxUploadBytes / 1048576)}
      {...extra}
    />
  );
}

export const picturePages = new Hono<AppEnv>()
  .route("/", pictureRoutes("/coordinate/needs/:id/image", needTarget))
  .route("/", pictureRoutes("/coordinate/organizations/:handle/:role{logo|image}", organizationTarget));
