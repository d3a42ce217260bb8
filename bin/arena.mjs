#!/usr/bin/env node
// The `arena` command: the scorer's CLI, run from TypeScript sources through tsx's loader, with the
// project's tsconfig (for the @/ path alias) whatever the current directory is.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(pathToFileURL(path.join(root, "cli", "main.ts")).href);
process.exitCode = await main(process.argv.slice(2));
