// The map of the needs listed on a page (issue 16): a supplement to the list, which stays
// the one to read (screen readers, no JavaScript, tiles that fail). The points are the
// needs' public, rounded places, given by the handler (src/http/web/needs-map.ts).
import type { Translate } from "../i18n/index.ts";

export interface MapPoint {
  id: string;
  title: string;
  /** The public point, rounded to about a kilometre. */
  lat: number;
  lon: number;
  place: string;
}

export interface MapView {
  points: MapPoint[];
  /** The tile URL template and its attribution, as configured (MAP_TILES_URL). */
  tiles: string;
  attribution: string;
  scriptPath: string;
  stylePath: string;
}

export function NeedsMap({ t, map }: { t: Translate; map?: MapView }) {
  if (!map || map.points.length === 0) return null;
  return (
    <div class="map-section">
      <h2 id="map-heading">{t("map.title")}</h2>
      <p id="map-note" class="hint" role="status">
        {t("map.noScript")}
      </p>
      <link rel="stylesheet" href={map.stylePath} />
      <section
        id="needs-map"
        class="needs-map"
        hidden
        aria-label={t("map.label")}
        aria-describedby="map-note"
        data-points={JSON.stringify(map.points)}
        data-tiles={map.tiles}
        data-attribution={map.attribution}
        data-note={t("map.note")}
        data-tiles-failed={t("map.tilesFailed")}
        data-zoom-in={t("map.zoomIn")}
        data-zoom-out={t("map.zoomOut")}
        data-close={t("map.close")}
      />
      <script src={map.scriptPath} defer />
    </div>
  );
}
