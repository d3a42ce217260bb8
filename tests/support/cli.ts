import { vi } from "vitest";
import { main } from "@/cli/main";

/** Run the `arena` CLI in-process, capturing what it prints: exit code, stdout and stderr. */
export async function runCli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((m: unknown) => void out.push(String(m)));
  const error = vi.spyOn(console, "error").mockImplementation((m: unknown) => void err.push(String(m)));
  try {
    const code = await main(argv);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
