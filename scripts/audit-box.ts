/**
 * `npm run audit:box -- <challenge-slug> <box-slug> [--url URL] [--data-dir DIR] [--json]`: check one
 * box of a running deployment for truth-sealing leaks (lib/blackboxes/seal-audit.ts). The organizer's
 * API token comes from ARENA_TOKEN (or --token, which lands in shell history); a participant's token
 * from ARENA_VIEWER_TOKEN (or --viewer-token) makes the public-field check use a non-organizer's view
 * (without one it reads the box and challenge anonymously, as the public does). Run it on the host
 * with --data-dir ($ARENA_DATA_DIR) to check file modes too. Exit 0: every check held; 1: a leak or
 * a check that could not run; 2: bad command line.
 */
import { parseArgs } from "node:util";
import { auditBox } from "@/lib/blackboxes/seal-audit";

const USAGE =
  "usage: npm run audit:box -- <challenge-slug> <box-slug> [--url http://localhost:3000] [--data-dir DIR] [--token T] [--json]\n" +
  "       (the organizer's API token from ARENA_TOKEN or --token; optionally a participant's from ARENA_VIEWER_TOKEN or --viewer-token)";

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      url: { type: "string", default: "http://localhost:3000" },
      token: { type: "string" },
      "viewer-token": { type: "string" },
      "data-dir": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
}
try {
  args = parse();
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [challenge, box, ...extra] = args.positionals;
if (!challenge || !box || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}
const result = await auditBox({
  baseUrl: args.values.url as string,
  challenge,
  box,
  token: (args.values.token as string | undefined) ?? process.env.ARENA_TOKEN,
  viewerToken: (args.values["viewer-token"] as string | undefined) ?? process.env.ARENA_VIEWER_TOKEN,
  dataDir: args.values["data-dir"] as string | undefined,
});
if (args.values.json) console.log(JSON.stringify(result, null, 2));
else {
  for (const c of result.checks) console.log(`${c.ok ? "ok  " : "FAIL"}  ${c.check}: ${c.detail}`);
  console.log(result.ok ? `${challenge}/${box}: sealed` : `${challenge}/${box}: LEAKS FOUND`);
}
process.exit(result.ok ? 0 : 1);
