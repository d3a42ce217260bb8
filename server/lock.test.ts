import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockDataDir } from "./lock";

describe("lockDataDir", () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "arena-lock-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("writes this process's pid and removes it on release", () => {
    const dir = path.join(tmp(), "data");
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, "arena.pid"), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, "arena.pid"))).toBe(false);
  });

  it("refuses a directory owned by another running process, naming it", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "arena.pid"), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(`Another Anomaly Arena process (pid ${process.ppid}) owns ${dir}`);
  });

  it("takes over the file of a process that is gone", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "arena.pid"), "999999999");
    lockDataDir(dir)();
  });
});
