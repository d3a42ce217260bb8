import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "@/lib/http/client-ip";

/**
 * The one typed view of the process environment, shared by the web server and the worker.
 * Every other module reads configuration through `env()`; nothing else touches `process.env`.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
  ),
  ARENA_DATA_DIR: z.string().default("./.arena"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address to bind. Not HOSTNAME: Docker and many login shells set that to the machine's name. */
  ARENA_HOST: z.string().default("0.0.0.0"),
  AUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  OIDC_ISSUER: optionalString,
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.string().default("Institutional SSO"),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDR ranges). Unset:
   * none — the client address is the TCP peer, whatever headers the client sends.
   */
  ARENA_TRUSTED_PROXIES: optionalString.superRefine((v, ctx) => {
    try {
      parseTrustedProxies(v);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
    }
  }),
  /**
   * Accounts one client address may create per hour. Raise it where many people sign up from
   * behind one NAT address at once (a workshop), or put the proxy in ARENA_TRUSTED_PROXIES.
   */
  ARENA_SIGNUP_LIMIT: z.coerce.number().int().min(1).default(10),
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  ARENA_ADMIN_EMAIL: optionalString,
  ARENA_ADMIN_PASSWORD: optionalString,
  /** "auto": seed the demo challenge in embedded mode only; "on"/"off" force it. */
  ARENA_DEMO: z.enum(["auto", "on", "off"]).default("auto"),
  /**
   * Events per demo box. Unset: the built-in specs as published (about 1M each, a few seconds of
   * build per box); a number scales every component in proportion (tests use 100 000).
   */
  ARENA_DEMO_EVENTS: optionalString.pipe(
    z.coerce.number<string | undefined>().int().min(1000).max(5_000_000).optional(),
  ),
  /** Run a job worker inside the web process (`npm start`). */
  ARENA_WORKER: z.enum(["on", "off"]).default("on"),
  ARENA_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(30),
  /** How long an idle worker waits before it polls the job queue again. */
  ARENA_WORKER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /**
   * Minutes between the worker's sweeps of the blob store (orphaned blobs and partial files older
   * than an hour; lib/storage/sweep.ts). 0: never.
   */
  ARENA_BLOB_SWEEP_MINUTES: z.coerce.number().min(0).default(10),
});

export type Env = z.infer<typeof schema> & { dataDir: string; dbKind: "pglite" | "postgres" };

let cached: Env | undefined;

/** Parse and validate the environment once; throws a readable error naming the bad variable. */
export function env(): Env {
  if (cached) return cached;
  cached = parseEnv(process.env);
  return cached;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if ((e.ARENA_ADMIN_EMAIL === undefined) !== (e.ARENA_ADMIN_PASSWORD === undefined)) {
    throw new Error(
      "Invalid environment:\n  ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD must be set together",
    );
  }
  if (e.ARENA_ADMIN_PASSWORD !== undefined && e.ARENA_ADMIN_PASSWORD.length < 12) {
    throw new Error("Invalid environment:\n  ARENA_ADMIN_PASSWORD must have at least 12 characters");
  }
  const oidc = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter((v) => v !== undefined).length;
  if (oidc !== 0 && oidc !== 3) {
    throw new Error(
      "Invalid environment:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
    );
  }
  if ((e.GITHUB_ID === undefined) !== (e.GITHUB_SECRET === undefined)) {
    throw new Error("Invalid environment:\n  GITHUB_ID and GITHUB_SECRET must be set together");
  }
  return {
    ...e,
    dataDir: path.resolve(e.ARENA_DATA_DIR),
    dbKind: e.DATABASE_URL ? "postgres" : "pglite",
  };
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
