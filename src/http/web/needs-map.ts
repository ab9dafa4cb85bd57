// What the map of a page of needs shows (issue 16): for each need listed (so only what the
// viewer may see: the list came through searchNeeds and `visibleTo`), its public point as
// toPublishedNeed rounds it, never the exact one; needs without a place on the spot have
// none. The tiles' URL and attribution come from the configuration (MAP_TILES_URL).
import type { Context } from "hono";
import type { MapPoint, MapView } from "../../../web/components/needs-map.tsx";
import type { PublishedNeed } from "../../domain/needs/model.ts";
import type { AppEnv } from "../env.ts";
import { mapAssets } from "../map-assets.ts";
import { PAGE_POLICY } from "../security-headers.ts";

/** The points of the needs given, from their published view only. */
export function mapPoints(needs: readonly PublishedNeed[]): MapPoint[] {
  return needs
    .filter((n) => n.place.mode !== "remote" && n.place.latitude !== null && n.place.longitude !== null)
    .map((n) => ({ id: n.id, title: n.title, lat: n.place.latitude!, lon: n.place.longitude!, place: n.place.label }));
}

export function mapView(c: Context<AppEnv>, needs: readonly PublishedNeed[]): MapView | undefined {
  const points = mapPoints(needs);
  if (points.length === 0) return undefined;
  const { url, attribution } = c.var.deps.config.mapTiles;
  const { scriptPath, stylePath } = mapAssets();
  return { points, tiles: url, attribution: attributionHtml(attribution), scriptPath, stylePath };
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The attribution as the HTML Leaflet writes in its control: the configured text escaped
 * (it is never markup), OpenStreetMap's linked to its copyright page as its licence asks.
 */
export function attributionHtml(text: string): string {
  const safe = escapeHtml(text);
  return /openstreetmap/i.test(text) ? `<a href="https://www.openstreetmap.org/copyright">${safe}</a>` : safe;
}

/** A page's policy (PAGE_POLICY or one made from it) that also lets the map's tiles in. */
export function withMapTiles(c: Context<AppEnv>, policy: string = PAGE_POLICY): string {
  return policy.replace("img-src 'self' data:", `img-src 'self' data: ${c.var.deps.config.mapTiles.origin}`);
}
