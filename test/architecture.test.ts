import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

// The house rules of issue #17, checked on the tree itself so that a new import that breaks
// them fails CI. A pure read of the files: it runs in the unit project.

const root = resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

const specifiers = (file: string): string[] =>
  [
    ...readFileSync(join(root, file), "utf8").matchAll(
      /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g,
    ),
  ].map((m) => (m[1] ?? m[2])!);

const workspaceDirs = (top: "packages" | "services") =>
  readdirSync(join(root, top)).filter((d) => statSync(join(root, top, d)).isDirectory());

const packageName = (dir: string): string =>
  (JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { name: string }).name;

const services = new Map(workspaceDirs("services").map((d) => [packageName(`services/${d}`), `services/${d}`]));

/** Which service a specifier reaches, by package name or by a relative path into services/. */
function serviceReached(file: string, specifier: string): string | undefined {
  const bare = [...services.keys()].find((name) => specifier === name || specifier.startsWith(`${name}/`));
  if (bare) return services.get(bare);
  if (!specifier.startsWith(".")) return undefined;
  const target = relative(root, resolve(root, dirname(file), specifier)).split(sep);
  return target[0] === "services" ? `services/${target[1]}` : undefined;
}

// Where an in-process stack is assembled from the services (`hr-radar up`, `hr-radar analyze`).
const PROCESS_WIRING = new Set(["packages/cli/src/stack.ts", "packages/cli/src/commands/analyze.ts"]);

describe("repository layout", () => {
  it("no service imports another service", () => {
    const crossings = workspaceDirs("services").flatMap((d) =>
      sourceFiles(`services/${d}`).flatMap((file) =>
        specifiers(file)
          .map((s) => ({ file, s, reached: serviceReached(file, s) }))
          .filter((x) => x.reached !== undefined && x.reached !== `services/${d}`)
          .map((x) => `${x.file} -> ${x.s}`),
      ),
    );
    expect(crossings).toEqual([]);
  });

  it("no package imports a service, except the CLI's process wiring", () => {
    const crossings = workspaceDirs("packages").flatMap((d) =>
      sourceFiles(`packages/${d}`)
        .filter((file) => !PROCESS_WIRING.has(file))
        .flatMap((file) =>
          specifiers(file)
            .filter((s) => serviceReached(file, s) !== undefined)
            .map((s) => `${file} -> ${s}`),
        ),
    );
    expect(crossings).toEqual([]);
  });

  it("the event contract does not depend on the rules engine", () => {
    const uses = sourceFiles("packages/events").flatMap((file) =>
      specifiers(file)
        .filter((s) => s.startsWith("@hr-radar/rules"))
        .map((s) => `${file} -> ${s}`),
    );
    expect(uses).toEqual([]);
  });

  it("test folders import only test/support, packages and themselves", () => {
    const crossings = sourceFiles("test").flatMap((file) => {
      const [, folder] = file.split(sep);
      if (!folder || folder.endsWith(".ts")) return []; // top-level test files may use any helper folder
      return specifiers(file)
        .filter((s) => s.startsWith("."))
        .map((s) => ({ s, target: relative(root, resolve(root, dirname(file), s)).split(sep) }))
        .filter(({ target }) => target[0] === "test" && target[1] !== folder && target[1] !== "support")
        .map(({ s }) => `${file} -> ${s}`);
    });
    expect(crossings).toEqual([]);
  });

  it("every index.ts declares its public surface instead of re-exporting whole modules", () => {
    const barrels = [
      ...workspaceDirs("packages").map((d) => `packages/${d}/src/index.ts`),
      ...workspaceDirs("services").map((d) => `services/${d}/src/index.ts`),
    ].filter((file) => {
      try {
        return /^export \* from/m.test(readFileSync(join(root, file), "utf8"));
      } catch {
        return false;
      }
    });
    expect(barrels).toEqual([]);
  });

  it("the README's repository layout names every package and service, and nothing that is not there", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = readme.split("## Repository layout")[1]?.split("```")[1] ?? "";
    const listed = new Set([...block.matchAll(/(?:packages|services)\/[a-z-]+/g)].map((m) => m[0]));
    const present = [
      ...workspaceDirs("packages").map((d) => `packages/${d}`),
      ...workspaceDirs("services").map((d) => `services/${d}`),
    ];
    expect([...listed].filter((p) => !present.includes(p))).toEqual([]);
    expect(present.filter((p) => !listed.has(p))).toEqual([]);
  });
});
