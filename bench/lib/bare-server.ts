// The baseline server: Hono on @hono/node-server returning fixed bytes per path,
// nothing else. Run as its own process by processes.ts (ROUTES_FILE, PORT).
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

interface Route {
  status: number;
  type: string;
  body: string;
}

const routes: Record<string, Route> = process.env.ROUTES_FILE ? JSON.parse(readFileSync(process.env.ROUTES_FILE, "utf8")) : {};
const app = new Hono();
app.get("/healthz", (c) => c.text("ok"));
app.get("*", (c) => {
  const route = routes[c.req.path];
  if (!route) return c.text("not found", 404);
  return c.body(route.body, route.status as 200, { "Content-Type": route.type });
});
serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 0) });
process.on("SIGTERM", () => process.exit(0));
