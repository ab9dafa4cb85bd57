// The map's script and stylesheet (issue 16), served by the instance: Leaflet and
// Leaflet.markercluster as their packages ship them for browsers, and our own script
// (web/map-script.ts), each kind joined into one file at an address that changes with
// its content, so that browsers keep it for a year. Read from node_modules on the
// first page with a map (not at start: idle memory), once
// (docs/decisions/0022-map-with-leaflet-served-by-the-instance.md).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { MAP_SCRIPT, MAP_STYLES } from "../../web/map-script.ts";

export interface MapAssets {
  scriptPath: string;
  stylePath: string;
  script: string;
  style: string;
}

let loaded: MapAssets | undefined;

const read = (require: NodeJS.Require, name: string) => readFileSync(require.resolve(name), "utf8");
const fingerprint = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

export function mapAssets(): MapAssets {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const script = [read(require, "leaflet/dist/leaflet.js"), read(require, "leaflet.markercluster/dist/leaflet.markercluster.js"), MAP_SCRIPT].join("\n;\n");
  const style = [
    read(require, "leaflet/dist/leaflet.css"),
    read(require, "leaflet.markercluster/dist/MarkerCluster.css"),
    read(require, "leaflet.markercluster/dist/MarkerCluster.Default.css"),
    MAP_STYLES,
  ].join("\n");
  loaded = { script, style, scriptPath: `/assets/map-${fingerprint(script)}.js`, stylePath: `/assets/map-${fingerprint(style)}.css` };
  return loaded;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

/** The answer for an asset path of the map, or null when the path is not one of them. */
export function mapAsset(path: string): Response | null {
  if (!/^\/assets\/map-[0-9a-f]{12}\.(js|css)$/.test(path)) return null;
  const assets = mapAssets();
  if (path === assets.scriptPath) return new Response(assets.script, { headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": IMMUTABLE } });
  if (path === assets.stylePath) return new Response(assets.style, { headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": IMMUTABLE } });
  return null;
}
