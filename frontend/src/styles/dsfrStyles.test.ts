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

/** Classes named in the given SPA files and in the react-dsfr modules they import (followed
 *  through their own relative imports). */
function usedClasses(sources: string[]): Set<string> {
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
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bfr-[a-z0-9_-]+/g)) used.add(m[0]);
    for (const m of text.matchAll(/"@codegouvfr\/react-dsfr\/([A-Za-z/]+)"/g)) {
      scanModule(path.join(dsfr, `${m[1]}.js`));
      scanModule(path.join(dsfr, m[1], "index.js"));
    }
  }
  return used;
}

const spaFiles = () => files(path.join(root, "src")).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts") && !f.includes(".test."));

/** The SPA files of the first screen: what src/main.tsx imports statically, and so on (the
 *  screens loaded later are dynamic imports). */
function firstScreenFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?"(\.{1,2}\/[^"]+)"/gm)) {
      const target = path.resolve(path.dirname(file), m[1]);
      const found = [target, `${target}.ts`, `${target}.tsx`, path.join(target, "index.ts"), path.join(target, "index.tsx")].find(
        (f) => existsSync(f) && /\.tsx?$/.test(f),
      );
      if (found) visit(found);
    }
  };
  visit(path.join(root, "src/main.tsx"));
  return [...seen];
}

const importsOf = (file: string) =>
  [...readFileSync(path.join(root, "src/styles", file), "utf8").matchAll(/@import "@codegouvfr\/react-dsfr\/([^"]+)"/g)].map((m) => m[1]);

/** Classes the kept stylesheet defines, and those of the whole design system. */
function definedClasses(css: string): Set<string> {
  return new Set([...css.matchAll(/\.(fr-[a-zA-Z0-9_-]+)/g)].map((m) => m[1]));
}

describe("the DSFR parts kept", () => {
  const first = importsOf("dsfr.css");
  const imports = [...first, ...importsOf("dsfrMore.css")];
  const defined = (parts: string[]) => definedClasses(parts.map((i) => readFileSync(path.join(dsfr, i), "utf8")).join("\n"));
  const kept = defined(imports);
  const whole = definedClasses(
    readFileSync(path.join(dsfr, "dsfr/dsfr.min.css"), "utf8") + readFileSync(path.join(dsfr, "dsfr/utility/utility.min.css"), "utf8"),
  );

  it("exist in the design system", () => {
    expect(imports.filter((i) => !existsSync(path.join(dsfr, i)))).toEqual([]);
  });

  it("style every DSFR class the SPA and its react-dsfr components name", () => {
    // Icons are not listed here: react-dsfr's `update-icons` picks them from the code before each build.
    const missing = [...usedClasses(spaFiles())].filter((c) => !c.startsWith("fr-icon-") && whole.has(c) && !kept.has(c)).sort();
    expect(missing).toEqual([]);
  });

  it("style the first screen with the first stylesheet alone (the others come with later screens)", () => {
    const screen = firstScreenFiles();
    expect(screen.map((f) => path.relative(root, f))).toContain("src/layouts/Layout.tsx");
    const firstOnly = defined(first);
    // Named by react-dsfr modules of the first screen in parts it never shows there: the header's
    // display settings (disabled) and the file variant of Input.
    const notShown = new Set(["fr-radio-rich__img", "fr-upload-group"]);
    const missing = [...usedClasses(screen)].filter((c) => !c.startsWith("fr-icon-") && whole.has(c) && !firstOnly.has(c) && !notShown.has(c)).sort();
    expect(missing).toEqual([]);
  });

  it("are each loaded once", () => {
    expect(imports.length).toBe(new Set(imports).size);
  });
});
