// The dependency rule of docs/ARCHITECTURE.md, checked on every import: static,
// side-effect (`import "x"`), re-exports and dynamic `import()`, and, where a
// layer may see another only through its types, whether the import is type-only.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./helpers/server.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Import {
  spec: string;
  /** Erased by type stripping: `import type`, `export type`, every named binding `type`, or `import("x").T` in a type. */
  typeOnly: boolean;
}

/** Every import in a module's text, with its specifier as written. Comment lines are skipped. */
function parseImports(source: string): Import[] {
  const text = source
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join("\n");
  const found: Import[] = [];
  // import x from "…", import { a, type B } from "…", import type …, export … from "…"
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s+["']([^"']+)["']/gm)) {
    const clause = m[3]!.trim();
    const named = /^\{([^}]*)\}$/.exec(clause);
    const everyBindingTyped =
      named !== null && named[1]!.split(",").map((b) => b.trim()).filter(Boolean).every((b) => b.startsWith("type "));
    found.push({ spec: m[4]!, typeOnly: m[2] !== undefined || everyBindingTyped });
  }
  // import "…": run for its side effects, always at run time.
  for (const m of text.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) found.push({ spec: m[1]!, typeOnly: false });
  // import("…"): at run time, unless it names a type (`typeof import("x")`, `import("x").T`).
  for (const m of text.matchAll(/(typeof\s+)?\bimport\(\s*["']([^"']+)["']\s*\)(\.\s*(\w+))?/g)) {
    const member = m[4];
    found.push({ spec: m[2]!, typeOnly: m[1] !== undefined || (member !== undefined && !["then", "catch", "finally"].includes(member)) });
  }
  return found;
}

/** A file's imports: relative paths resolved against the repository, packages by name. */
function imports(file: string): Import[] {
  return parseImports(readFileSync(file, "utf8")).map(({ spec, typeOnly }) => ({
    spec: spec.startsWith(".") ? relative(root, resolve(dirname(file), spec)) : spec,
    typeOnly,
  }));
}

interface Rule {
  layer: string;
  /** Never imported, not even a type. */
  forbidden: RegExp[];
  /** Imported for their types only. */
  typesOnly?: RegExp[];
}

const RULES: Rule[] = [
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
  // File stores (issue 16): behind the domain's FileStore port, knowing only its types and key pattern.
  { layer: "src/storage", forbidden: [/^hono/, /^@hono\//, /^@fedify\//, /^federation\//, /^src\/http\//, /^src\/db\//, /^web\//, /^src\/main\.ts$/, /^src\/cli\//] },
  { layer: "src/db", forbidden: [/^hono/, /^@fedify\//, /^federation\//, /^src\/http\//, /^src\/domain\//, /^web\//] },
  // Federation and HTTP are siblings: they meet only in src/main.ts. Federation speaks to
  // Mastodon users in the catalogues' words, as mail does, and knows no other view.
  { layer: "federation", forbidden: [/^hono/, /^@hono\//, /^src\/http\//, /^web\/(?!i18n\/)/, /^src\/main\.ts$/, /^src\/cli\//] },
  { layer: "src/http", forbidden: [/^@fedify\//, /^federation\//, /^src\/mail\//, /^src\/main\.ts$/, /^src\/cli\//] },
  // Views render what they are given; they never reach for the database, and see the domain through its types.
  {
    layer: "web",
    forbidden: [/^kysely/, /^better-sqlite3/, /^pg$/, /^src\/db\/(?!schema)/, /^federation\//, /^src\/http\//, /^src\/mail\//, /^src\/main\.ts$/, /^src\/cli\//],
    typesOnly: [/^src\/domain\//, /^src\/db\/schema/],
  },
];

function violations(rule: Rule, file: string, found: Import[]): string[] {
  return found.flatMap(({ spec, typeOnly }) => {
    if (rule.forbidden.some((r) => r.test(spec))) return [`${relative(root, file)} imports ${spec}`];
    if (!typeOnly && rule.typesOnly?.some((r) => r.test(spec))) return [`${relative(root, file)} imports ${spec} at run time`];
    return [];
  });
}

describe("the dependency rule", () => {
  for (const rule of RULES) {
    it(`${rule.layer} imports nothing it must not`, () => {
      const files = sources(join(root, rule.layer));
      expect(files.length).toBeGreaterThan(0);
      expect(files.flatMap((file) => violations(rule, file, imports(file)))).toEqual([]);
    });
  }
});

describe("the check itself", () => {
  const rule = (layer: string) => RULES.find((r) => r.layer === layer)!;
  // A module as if it lived in the layer, its relative imports resolved from there.
  const check = (layer: string, source: string) => {
    const file = join(root, layer, "needs", "fake.ts");
    const found = parseImports(source).map(({ spec, typeOnly }) => ({
      spec: spec.startsWith(".") ? relative(root, resolve(dirname(file), spec)) : spec,
      typeOnly,
    }));
    return violations(rule(layer), file, found);
  };

  it("reads a real file's imports", () => {
    expect(imports(join(root, "src", "domain", "ids.ts")).map((i) => i.spec)).toContain("uuid");
  });

  it("catches every form of a forbidden import", () => {
    expect(check("src/domain", 'import { x } from "../../../federation/mod.ts";')).toHaveLength(1);
    expect(check("src/domain", 'import "../../../federation/mod.ts";')).toHaveLength(1);
    expect(check("src/domain", "import '@fedify/fedify';")).toHaveLength(1);
    expect(check("src/domain", 'const { x } = await import("../../../src/http/app.ts");')).toHaveLength(1);
    expect(check("src/domain", 'export { x } from "hono";')).toHaveLength(1);
    expect(check("src/domain", 'import {\n  a,\n  b,\n} from "../../../web/i18n/fr.ts";')).toHaveLength(1);
  });

  it("forbids the domain even the types of web/", () => {
    expect(check("src/domain", 'import type { Translate } from "../../../web/i18n/index.ts";')).toHaveLength(1);
    expect(check("src/domain", 'type T = import("../../../web/layout.tsx").PageProps;')).toHaveLength(1);
  });

  it("lets web/ import the domain's types, never its code", () => {
    expect(check("web", 'import type { Need } from "../../src/domain/needs/model.ts";')).toEqual([]);
    expect(check("web", 'import { type Need, type Place } from "../../src/domain/needs/model.ts";')).toEqual([]);
    expect(check("web", 'type E = import("../../src/domain/errors.ts").ErrorCode;')).toEqual([]);
    expect(check("web", 'import { REJECTION_REASONS } from "../../src/domain/needs/input.ts";')).toHaveLength(1);
    expect(check("web", 'import { type Need, toPublishedNeed } from "../../src/domain/needs/model.ts";')).toHaveLength(1);
    expect(check("web", 'import "../../src/domain/needs/model.ts";')).toHaveLength(1);
    expect(check("web", 'const m = await import("../../src/domain/needs/model.ts");')).toHaveLength(1);
    expect(check("web", 'import("../../src/domain/needs/model.ts").then((m) => m);')).toHaveLength(1);
    expect(check("web", 'export { toPublishedNeed } from "../../src/domain/needs/model.ts";')).toHaveLength(1);
  });

  it("lets federation/ and src/mail/ use the catalogues only, of all of web/", () => {
    expect(check("federation", 'import { translator } from "../../web/i18n/index.ts";')).toEqual([]);
    expect(check("federation", 'import { Layout } from "../../web/layout.tsx";')).toHaveLength(1);
    expect(check("src/mail", 'import { Layout } from "../../../web/layout.tsx";')).toHaveLength(1);
  });

  it("skips imports that are only mentioned in comments", () => {
    expect(check("src/domain", '// import "../../../federation/mod.ts";\n * import("hono")')).toEqual([]);
  });
});

describe("one module per table of remote content", () => {
  // Whose needs are kept and shown (a silenced server, a suspended one, a
  // followers-only need) is decided in one place: no other code names the table.
  it("leaves remote_needs to src/domain/remote-needs/ (and the schema and copy of src/db/)", () => {
    const files = ["src", "federation", "web"].flatMap((dir) => sources(join(root, dir)));
    const naming = files
      .map((file) => relative(root, file))
      .filter((file) => !file.startsWith("src/domain/remote-needs/") && !file.startsWith("src/db/"))
      .filter((file) => /["'`]remote_needs\b/.test(readFileSync(join(root, file), "utf8")));
    expect(naming).toEqual([]);
  });
});
