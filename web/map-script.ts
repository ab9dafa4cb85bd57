// The map's own script (issue 16), served after Leaflet and Leaflet.markercluster in one
// file (src/http/map-assets.ts): it draws the points the page put in the map's
// `data-points` (the public, rounded places of the needs listed, nothing else), grouped
// when dense, each opening a link to its need. Without it the map stays hidden and the
// list below says the same; when tiles fail, the note says so and the list stays.
// Plain ES5 in a string: it runs in browsers as written, served from this site only
// (the pages' CSP allows no inline script).
export const MAP_SCRIPT = `
(function () {
  "use strict";
  var el = document.getElementById("needs-map");
  if (!el || !window.L) return;
  var note = document.getElementById("map-note");
  var points;
  try { points = JSON.parse(el.getAttribute("data-points") || "[]"); } catch (e) { return; }
  if (!points.length) return;
  el.hidden = false;
  var map = L.map(el, { keyboard: true, scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: el.getAttribute("data-zoom-in"), zoomOutTitle: el.getAttribute("data-zoom-out") }).addTo(map);
  map.attributionControl.setPrefix("");
  var tiles = L.tileLayer(el.getAttribute("data-tiles"), { maxZoom: 18, attribution: el.getAttribute("data-attribution") });
  var failed = false;
  tiles.on("tileerror", function () {
    if (failed) return;
    failed = true;
    if (note) note.textContent = el.getAttribute("data-tiles-failed");
  });
  tiles.addTo(map);
  if (note) note.textContent = el.getAttribute("data-note");
  var group = L.markerClusterGroup({
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      return L.divIcon({ html: "<div><span>" + n + "</span></div>", className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
    }
  });
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lon], {
      title: p.title,
      keyboard: true,
      icon: L.divIcon({ className: "map-pin", html: "", iconSize: [18, 18] })
    });
    var link = document.createElement("a");
    link.href = "/needs/" + encodeURIComponent(p.id);
    link.textContent = p.title;
    var popup = document.createElement("p");
    popup.appendChild(link);
    if (p.place) { popup.appendChild(document.createElement("br")); popup.appendChild(document.createTextNode(p.place)); }
    marker.bindPopup(popup);
    group.addLayer(marker);
    bounds.push([p.lat, p.lon]);
  });
  map.addLayer(group);
  // Leaflet names its popups' close button in English.
  map.on("popupopen", function (e) {
    var close = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", el.getAttribute("data-close")); close.setAttribute("title", el.getAttribute("data-close")); }
  });
  if (bounds.length === 1) map.setView(bounds[0], 13);
  else map.fitBounds(bounds, { padding: [40, 40], maxZoom: 14 });
})();
`;

/** The map's own rules, after Leaflet's: its size, the pins, the note. */
export const MAP_STYLES = `
.needs-map{height:18rem;margin:1rem 0;border:1px solid #767676}
.needs-map:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.map-pin{background:#0b4f9c;border:3px solid #fff;border-radius:50%;box-shadow:0 0 0 1px #0b4f9c}
.leaflet-container a.leaflet-popup-close-button{color:#333}
.leaflet-control-attribution a{color:#0b4f9c}
@media(min-width:48rem){.needs-map{height:26rem}}
`;
