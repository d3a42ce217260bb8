/**
 * How globalSetup hands the shared server to the tests: a JSON object in process.env, which
 * Playwright's workers inherit because they start after globalSetup has run.
 */
import type { DemoCredential } from "./server";

export const ARENA_ENV = "E2E_ARENA";

export type ArenaInfo = {
  baseURL: string;
  pid: number;
  dataDir: string;
  organizer: DemoCredential;
  alice: DemoCredential;
  bob: DemoCredential;
  admin: DemoCredential;
};

export function readArenaInfo(): ArenaInfo | undefined {
  const raw = process.env[ARENA_ENV];
  return raw ? (JSON.parse(raw) as ArenaInfo) : undefined;
}
