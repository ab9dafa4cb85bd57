// The dependency rule of docs/ARCHITECTURE.md, checked on every import.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./helpers/server.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every module a file imports: relative paths resolved against the repository, packages by name. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
  found.push(...[...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
  return found.map((spec) => (spec.startsWith(".") ? relative(root, resolve(dirname(file), spec)) : spec));
}

const RULES: { layer: string; forbidden: RegExp[] }[] = [
  // The domain knows nothing of HTTP, federation, views or the entry point.
  {
    layer: "src/domain",
    forbidden: [/^hono/, /^@hono\//, /^@fedify\//, /^nodemailer/, /^federation\//, /^src\/http\//, /^src\/mail\//, /^web\//, /^src\/main\.ts$/, /^src\/cli\//],
  },
  // Mail is an edge like HTTP: it sends through the domain's port, in the catalogues' words.
  {
    layer: "src/mail",
    forbidden: [/^hono/, /^@hono\//, /^@fedify\//, /^federation\//, /^src\/http\//, /^web\/(?!i18n\/)/, /^src\/main\.ts$/, /^src\/cli\//],
  },
  // Caches of whole answers: given their routes by federation and HTTP, they know neither.
  { layer: "src/cache", forbidden: [/^hono/, /^@hono\//, /^@fedify\//, /^federation\//, /^src\/http\//, /^src\/domain\//, /^src\/db\//, /^web\//] },
  { layer: "src/db", forbidden: [/^hono/, /^@fedify\//, /^federation\//, /^src\/http\//, /^src\/domain\//, /^web\//] },
  // Federation and HTTP are siblings: they meet only in src/main.ts.
  { layer: "federation", forbidden: [/^hono/, /^@hono\//, /^src\/http\//, /^web\//, /^src\/main\.ts$/, /^src\/cli\//] },
  { layer: "src/http", forbidden: [/^@fedify\//, /^federation\//, /^src\/mail\//, /^src\/main\.ts$/, /^src\/cli\//] },
  // Views render what they are given; they never reach for the database.
  { layer: "web", forbidden: [/^kysely/, /^better-sqlite3/, /^pg$/, /^src\/db\/(?!schema)/, /^federation\//, /^src\/http\//] },
];

describe("the dependency rule", () => {
  for (const { layer, forbidden } of RULES) {
    it(`${layer} imports nothing it must not`, () => {
      const files = sources(join(root, layer));
      expect(files.length).toBeGreaterThan(0);
      const violations = files.flatMap((file) =>
        imports(file)
          .filter((spec) => forbidden.some((rule) => rule.test(spec)))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it("recognises a violation (the check itself works)", () => {
    const fake = join(root, "src", "domain", "ids.ts");
    expect(imports(fake)).toContain("uuid");
    expect(RULES[0]!.forbidden.some((rule) => rule.test("federation/mod.ts"))).toBe(true);
  });
});
