// Pictures (issue 16, point 5), in-process: uploads through the API and the web form;
// JPEG and PNG accepted, resized, with a thumbnail, and stored without their EXIF (a
// phone's GPS position included); a text file named .png, an SVG, an oversized body
// and a missing description refused; the files served with immutable caching and
// nosniff; the need's Note carries an Image attachment Mastodon shows, the Group its
// icon and image; deleting the need removes its files; only coordinators may upload.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { SESSION_COOKIE } from "../src/http/auth.ts";
import { testInstance } from "./helpers/app.ts";
import { need as needInput } from "./helpers/receiver.ts";

const GPS_IFD_POINTER = [Buffer.from([0x25, 0x88]), Buffer.from([0x88, 0x25])];

/** A photo as a phone makes it: 2400 px wide, with its maker and a GPS position in EXIF. */
async function phoneJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1200, channels: 3, background: "#3a7a55" } })
    .withExif({
      IFD0: { Make: "PhoneMaker", Model: "Pocket 12" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "45/1 46/1 2/1", GPSLongitudeRef: "E", GPSLongitude: "4/1 49/1 3/1" },
    })
    .jpeg()
    .toBuffer();
}

describe("pictures", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let needId: string;
  const tokens: Record<string, string> = {};
  const session = { cookie: "", csrf: "" };

  const upload = (who: string, path: string, file: { bytes: Uint8Array; name: string; type: string } | null, alt?: string, method = "PUT") => {
    const form = new FormData();
    if (file) form.append("image", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    if (alt !== undefined) form.append("alt", alt);
    return app.http.request(`http://town.test/api/v1${path}`, { method, headers: { Authorization: `Bearer ${tokens[who]}` }, body: form });
  };
  const ap = async (path: string) =>
    (await app.http.request(`http://town.test${path}`, { headers: { Accept: "application/activity+json" } })).json();
  const filesDir = () => join(app.config.dataDir, "files");
  const storedFiles = () => (existsSync(filesDir()) ? readdirSync(filesDir(), { recursive: true }).filter((f) => String(f).includes(".")) : []);

  beforeAll(async () => {
    app = await testInstance({ MAX_UPLOAD_BYTES: String(2 * 1048576) });
    const db = app.db.kysely;
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    const claire = await createUser(db, { username: "claire", email: "claire@town.test", password: "a long password" });
    const bob = await createUser(db, { username: "bob", email: "bob@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: claire.id });
    await createOrganization(db, { handle: "autre", name: "Autre", coordinatorId: bob.id });
    tokens.claire = (await issueToken(db, keys, claire.id)).token;
    tokens.bob = (await issueToken(db, keys, bob.id)).token;
    const s = await createSession(db, claire.id);
    session.cookie = `${SESSION_COOKIE}=${s.secret}`;
    session.csrf = s.csrf;
    needId = (await createNeed(db, app.contextData.events, claire, { ...needInput, title: "Jardin partagé" })).id;
  });
  afterAll(async () => {
    await app.close();
  });

  it("takes a phone's JPEG, resizes it, makes a thumbnail and keeps none of its EXIF (GPS included)", async () => {
    const original = await phoneJpeg();
    const before = await sharp(original).metadata();
    // The attack: the photo says where it was taken.
    expect(GPS_IFD_POINTER.some((b) => before.exif?.includes(b))).toBe(true);

    const res = await upload("claire", `/missions/${needId}/image`, { bytes: original, name: "IMG_0001.jpg", type: "image/jpeg" }, "Des bénévoles plantent des tomates");
    expect(res.status).toBe(200);
    const picture = await res.json();
    expect(picture).toMatchObject({ media_type: "image/jpeg", width: 1600, height: 800, alt: "Des bénévoles plantent des tomates" });
    expect(picture.url).toMatch(/^http:\/\/town\.test\/files\/[0-9a-f]{32}\.jpg$/);
    expect(picture.thumbnail).toMatchObject({ width: 400, height: 200 });

    const served = await app.http.request(picture.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await served.arrayBuffer());
    const after = await sharp(bytes).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.width).toBe(1600);
    expect(after.exif).toBeUndefined();
    expect(bytes.includes("Exif")).toBe(false);
    expect(bytes.includes("PhoneMaker")).toBe(false);
    const thumb = await sharp(Buffer.from(await (await app.http.request(picture.thumbnail.url)).arrayBuffer())).metadata();
    expect(thumb.width).toBe(400);
    expect(thumb.exif).toBeUndefined();

    // In the API's need, and on its page.
    expect((await (await app.http.request(`http://town.test/api/v1/missions/${needId}`)).json()).image.url).toBe(picture.url);
    const html = await (await app.http.request(`http://town.test/needs/${needId}`, { headers: { Accept: "text/html" } })).text();
    expect(html).toContain(`src="${new URL(picture.url).pathname}"`);
    expect(html).toContain('alt="Des bénévoles plantent des tomates"');
  });

  it("federates the image as an attachment Mastodon shows: Image, mediaType, url, name (alt), width, height", async () => {
    const note = await ap(`/needs/${needId}`);
    const image = (note.attachment as { type: string }[]).find((a) => a.type === "Image") as Record<string, unknown>;
    expect(image).toMatchObject({ type: "Image", mediaType: "image/jpeg", name: "Des bénévoles plantent des tomates", width: 1600, height: 800 });
    expect(String(image.url)).toMatch(/^http:\/\/town\.test\/files\/[0-9a-f]{32}\.jpg$/);
    // The other attachments stay.
    expect(note.attachment.some((a: { type: string }) => a.type.endsWith("PropertyValue"))).toBe(true);
  });

  it("takes a PNG logo for the organisation and puts it in the Group's icon", async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const res = await upload("claire", "/organizations/asso/logo", { bytes: png, name: "logo.png", type: "image/png" }, "Logo : une main ouverte");
    expect(res.status).toBe(200);
    const logo = await res.json();
    expect(logo).toMatchObject({ media_type: "image/png", width: 300, height: 300 }); // never enlarged
    const banner = await sharp({ create: { width: 1800, height: 600, channels: 3, background: "#123456" } }).webp().toBuffer();
    const image = await (await upload("claire", "/organizations/asso/image", { bytes: banner, name: "b.webp", type: "image/webp" }, "Le local de l'association")).json();
    expect(image).toMatchObject({ media_type: "image/webp", width: 1600 });

    const group = await ap("/actors/asso");
    expect(group.icon).toMatchObject({ type: "Image", mediaType: "image/png", url: logo.url });
    expect(group.image).toMatchObject({ type: "Image", mediaType: "image/webp", url: image.url });
    const page = await (await app.http.request("http://town.test/@asso", { headers: { Accept: "text/html" } })).text();
    expect(page).toContain('alt="Logo : une main ouverte"');
    expect(page).toContain(`src="${new URL(image.url).pathname}"`);
  });

  it("refuses by content: a text file named .png, an SVG, a GIF", async () => {
    const cases = [
      { bytes: new TextEncoder().encode("hello, I am not a picture\n"), name: "photo.png", type: "image/png" },
      { bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), name: "x.png", type: "image/png" },
      { bytes: await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).gif().toBuffer(), name: "x.jpg", type: "image/jpeg" },
    ];
    const before = storedFiles().length;
    for (const file of cases) {
      const res = await upload("claire", `/missions/${needId}/image`, file, "Une description");
      expect(res.status, file.name).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await res.json()).code).toBe("image_type");
    }
    expect(storedFiles().length).toBe(before);
  });

  it("refuses a decompression bomb: a small PNG of more than 100 million pixels", async () => {
    const bomb = await sharp({ create: { width: 10100, height: 10000, channels: 3, background: "#fff" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.byteLength).toBeLessThan(2 * 1048576); // under the size limit: only the pixel count refuses it
    const res = await upload("claire", `/missions/${needId}/image`, { bytes: bomb, name: "bomb.png", type: "image/png" }, "Blanc");
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe("image_too_many_pixels");
  }, 30_000);

  it("refuses an upload without a description, and one over the size limit before reading it", async () => {
    const jpeg = await phoneJpeg();
    for (const alt of [undefined, "   "]) {
      const res = await upload("claire", `/missions/${needId}/image`, { bytes: jpeg, name: "a.jpg", type: "image/jpeg" }, alt);
      expect(res.status).toBe(422);
      expect((await res.json()).code).toBe("image_alt_required");
    }
    const big = new Uint8Array(3 * 1048576);
    const res = await upload("claire", `/missions/${needId}/image`, { bytes: big, name: "big.jpg", type: "image/jpeg" }, "Trop grande");
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    // A body that says nothing of its length is cut off as it streams in.
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent > 4 * 1048576) return controller.close();
        sent += 65536;
        controller.enqueue(new Uint8Array(65536));
      },
    });
    const streamed = await app.http.request(`http://town.test/api/v1/missions/${needId}/image`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${tokens.claire}`, "Content-Type": "multipart/form-data; boundary=x" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(4 * 1048576);
  });

  it("refuses a coordinator of another organisation", async () => {
    const jpeg = await phoneJpeg();
    const res = await upload("bob", `/missions/${needId}/image`, { bytes: jpeg, name: "a.jpg", type: "image/jpeg" }, "Piraté");
    expect(res.status).toBe(403);
    expect((await upload("bob", "/organizations/asso/logo", { bytes: jpeg, name: "a.jpg", type: "image/jpeg" }, "Piraté")).status).toBe(403);
    expect((await upload("bob", "/organizations/asso/logo", null, undefined, "DELETE")).status).toBe(403);
    expect((await ap("/actors/asso")).icon.name).toBe("Logo : une main ouverte");
  });

  it("uploads through the web form, and says on the page what is wrong", async () => {
    const post = (fields: Record<string, string | File>) => {
      const form = new FormData();
      form.append("_csrf", session.csrf);
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      return app.http.request(`http://town.test/coordinate/needs/${needId}/image`, {
        method: "POST",
        headers: { Accept: "text/html", "Accept-Language": "fr", Cookie: session.cookie },
        body: form,
      });
    };
    const formPage = await (
      await app.http.request(`http://town.test/coordinate/needs/${needId}/image`, { headers: { Accept: "text/html", Cookie: session.cookie } })
    ).text();
    expect(formPage).toContain('enctype="multipart/form-data"');
    expect(formPage).toMatch(/<textarea id="alt" name="alt"[^>]* required/);

    const text = await post({ image: new File(["not a picture"], "photo.png", { type: "image/png" }), alt: "Une photo" });
    expect(text.status).toBe(422);
    const html = await text.text();
    expect(html).toContain('id="image-error"');
    expect(html).toContain("n&#39;est pas une image JPEG, PNG ou WebP");
    expect(html).toContain("Une photo"); // the description typed stays

    const noAlt = await post({ image: new File([new Uint8Array(await phoneJpeg())], "a.jpg", { type: "image/jpeg" }), alt: "" });
    expect(noAlt.status).toBe(422);
    expect(await noAlt.text()).toContain('id="alt-error"');

    const saved = await post({ image: new File([new Uint8Array(await phoneJpeg())], "b.jpg", { type: "image/jpeg" }), alt: "Le jardin au printemps" });
    expect(saved.status).toBe(303);
    expect((await ap(`/needs/${needId}`)).attachment.find((a: { type: string }) => a.type === "Image").name).toBe("Le jardin au printemps");
  });

  it("removes the need's files when the need is deleted", async () => {
    const need = await (await app.http.request(`http://town.test/api/v1/missions/${needId}`)).json();
    const keys = [need.image.url, need.image.thumbnail.url].map((u: string) => u.split("/").pop()!);
    const here = () => storedFiles().map((f) => String(f).split("/").pop());
    expect(here()).toEqual(expect.arrayContaining(keys));
    const res = await app.http.request(`http://town.test/api/v1/missions/${needId}`, { method: "DELETE", headers: { Authorization: `Bearer ${tokens.claire}` } });
    expect(res.status).toBe(204);
    for (const key of keys) expect(here()).not.toContain(key);
    expect((await app.http.request(need.image.url)).status).toBe(404);
    // The organisation's own pictures stay.
    expect((await app.http.request((await ap("/actors/asso")).icon.url)).status).toBe(200);
  });
});
