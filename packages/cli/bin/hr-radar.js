#!/usr/bin/env node
// The installed `hr-radar` command. The CLI is TypeScript run by Node's type stripping
// (Node >= 22.12); say so plainly on an older Node instead of failing on syntax.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `hr-radar needs Node.js >= 22.12 (this is ${process.version}); run ./hr-radar from the repository, which provisions it\n`,
  );
  process.exit(2);
}
await import("../src/main.ts");
