// The DSFR stylesheet is cut to the parts the SPA uses (src/styles/dsfr.css). This checks that
// every DSFR class named by the SPA, or by the react-dsfr components it imports, is styled by
// those parts: a new component used without its stylesheet fails here, not in a pupil's phone.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const dsfr = path.join(root, "node_modules/@codegouvfr/react-dsfr");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Classes named in the SPA's code and in the react-dsfr modules it imports (followed through
 *  their own relative imports). */
function usedClasses(): Set<string> {
  const used = new Set<string>();
  const seen = new Set<string>();
  const scanModule = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bfr-[a-z0-9_-]+/g)) used.add(m[0]);
    for (const m of text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      scanModule(target.endsWith(".js") ? target : `${target}.js`);
      scanModule(path.join(target, "index.js"));
    }
  };
  for (const file of files(path.join(root, "src")).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts") && !f.includes(".test."))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bfr-[a-z0-9_-]+/g)) used.add(m[0]);
    for (const m of text.matchAll(/"@codegouvfr\/react-dsfr\/([A-Za-z/]+)"/g)) {
      scanModule(path.join(dsfr, `${m[1]}.js`));
      scanModule(path.join(dsfr, m[1], "index.js"));
    }
  }
  return used;
}

/** Classes the kept stylesheet defines, and those of the whole design system. */
function definedClasses(css: string): Set<string> {
  return new Set([...css.matchAll(/\.(fr-[a-zA-Z0-9_-]+)/g)].map((m) => m[1]));
}

describe("the DSFR parts kept", () => {
  const imports = [...readFileSync(path.join(root, "src/styles/dsfr.css"), "utf8").matchAll(/@import "@codegouvfr\/react-dsfr\/([^"]+)"/g)].map((m) => m[1]);
  const kept = definedClasses(imports.map((i) => readFileSync(path.join(dsfr, i), "utf8")).join("\n"));
  const whole = definedClasses(
    readFileSync(path.join(dsfr, "dsfr/dsfr.min.css"), "utf8") + readFileSync(path.join(dsfr, "dsfr/utility/utility.min.css"), "utf8"),
  );

  it("exist in the design system", () => {
    expect(imports.filter((i) => !existsSync(path.join(dsfr, i)))).toEqual([]);
  });

  it("style every DSFR class the SPA and its react-dsfr components name", () => {
    // Icons are not listed here: react-dsfr's `update-icons` picks them from the code before each build.
    const missing = [...usedClasses()].filter((c) => !c.startsWith("fr-icon-") && whole.has(c) && !kept.has(c)).sort();
    expect(missing).toEqual([]);
  });
});
