import { USAGE, UsageError } from "./usage";

export type Command = (argv: string[]) => Promise<{ json: unknown; text: string; asJson: boolean }>;

/** Commands load lazily: `arena bumphunt` never pays for HDF5, `arena evaluate` not for threads. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  evaluate: async () => (await import("./evaluate")).evaluateCommand,
  bumphunt: async () => (await import("./bumphunt")).bumphuntCommand,
  "claim-score": async () => (await import("./claim-score")).claimScoreCommand,
  generate: async () => (await import("./generate")).generateCommand,
  "verify-truth": async () => (await import("./verify-truth")).verifyTruthCommand,
  baseline: async () => (await import("./baseline")).baselineCommand,
  import: async () => (await import("./import")).importCommand,
};

/** Run the CLI; returns the exit code (0 ok, 1 invalid input, 2 usage). Never calls process.exit. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`arena: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const out = await (await load())(rest);
    console.log(out.asJson ? JSON.stringify(out.json, null, 2) : out.text);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`arena ${name}: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    const code = (e as { code?: unknown }).code;
    console.error(
      `arena ${name}: ${e instanceof Error ? e.message : String(e)}${typeof code === "string" ? ` [${code}]` : ""}`,
    );
    return 1;
  }
}
