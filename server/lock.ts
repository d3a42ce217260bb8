import fs from "node:fs";
import path from "node:path";

/**
 * Embedded PGlite must have exactly one owner. A second `npm start` on the same data directory
 * would open the same files; this pid file makes it stop with a clear message instead. A file left
 * by a killed process (its pid no longer running) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "arena.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        if (fs.existsSync(file) && fs.readFileSync(file, "utf8").trim() === String(process.pid))
          fs.rmSync(file);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(fs.readFileSync(file, "utf8").trim());
      if (pid > 0 && pid !== process.pid && isRunning(pid)) {
        throw new Error(
          `Another Anomaly Arena process (pid ${pid}) owns ${dataDir}. Stop it first, or set ARENA_DATA_DIR to another directory.`,
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
