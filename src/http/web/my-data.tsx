// /me/data: what the instance holds about the signed-in account (page and JSON
// file), and /me/delete: the account's erasure, password asked again.
import { Hono } from "hono";
import { AccountErasedPage, MyDataPage } from "../../../web/pages/my-data.tsx";
import { eraseAccount } from "../../domain/privacy/erase.ts";
import { exportFileName, exportPersonalData } from "../../domain/privacy/export.ts";
import { endSession } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { fieldError, formBody, frame, signedInOrLogin } from "./frame.ts";

export const myDataPages = new Hono<AppEnv>()
  .get("/me/data", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const data = (await exportPersonalData(c.var.deps.db.kysely, account.id))!;
    c.header("Cache-Control", "no-store");
    return c.html(<MyDataPage {...await frame(c)} data={data} />);
  })
  .get("/me/data.json", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const data = await exportPersonalData(c.var.deps.db.kysely, account.id);
    return c.json(data, 200, { "Content-Disposition": `attachment; filename="${exportFileName(account.username)}"`, "Cache-Control": "no-store" });
  })
  .post("/me/delete", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const form = await formBody(c);
    const { db, events } = c.var.deps;
    try {
      await eraseAccount(db.kysely, events, account.id, { by: "self", password: form.password ?? "" });
    } catch (error) {
      const f = await frame(c);
      const data = (await exportPersonalData(db.kysely, account.id))!;
      return c.html(<MyDataPage {...f} data={data} errors={fieldError(error, f.t, "password")} />, 422);
    }
    await endSession(c);
    const f = await frame(c);
    return c.html(<AccountErasedPage {...f} signedIn={undefined} />);
  });
