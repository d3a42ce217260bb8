import type { Actor } from "@/lib/auth/actor";
import * as submissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import { createChallenge } from "@/lib/challenges";
import type { Db } from "@/lib/db/client";
import { createTeam } from "@/lib/teams";
import { makeUser } from "./fixtures";
import { insertBuiltBox, send, syntheticMjj } from "./uploads";
import { drainJobs } from "./worker";

// The box of the fault tests (tests/integration/uploads-faults.test.ts, uploads-idempotency.test.ts):
// challenge "faults" with team "Alices" and an open 1000-event practice box "bb".

const N = 1000;
const ids = Array.from({ length: N }, (_, i) => i);
const RUN = Math.random().toString(36).slice(2);
let files = 0;
/** A valid score file, new bytes on each call (its own new blob). */
export const scoresCsv = () =>
  new TextEncoder().encode(
    `# run ${RUN}-${++files}\nevent_id,score\n${ids.map((i) => `${i},${Math.sin(i * files)}`).join("\n")}\n`,
  );
export const params = { slug: "faults", box: "bb" };
export type Quota = { usedToday: number; usedTotal: number; remaining: number };
export const idOf = (r: { body: Record<string, unknown> }) => (r.body.submission as { id: string }).id;

/**
 * Challenge `slug` with team "Alices" (alice) and an open 1000-event practice box "bb" whose mass
 * column is syntheticMjj(N, mjjSeed), its baseline already scored.
 */
export async function practiceBox(
  db: Db,
  o: { slug: string; title: string; mjjSeed: number; quotas: Record<string, number> },
) {
  const org = await makeUser(db, "organizer");
  const alice = await makeUser(db);
  await createChallenge(db, org, { slug: o.slug, title: o.title, status: "published" });
  await createTeam(db, alice, o.slug, { name: "Alices" });
  await insertBuiltBox(db, org, o.slug, {
    slug: "bb",
    mode: "practice",
    eventIds: BigInt64Array.from(ids, BigInt),
    mjj: syntheticMjj(N, o.mjjSeed),
    labels: Int8Array.from(ids, (i) => (i % 10 === 0 ? 1 : 0)),
    scoringConfig: { bins: { min: 1500, max: 5100, n: 24 }, npe: 20, cutEfficiencies: [1, 0.1] },
    quotas: o.quotas,
  });
  await drainJobs(db);
  return { org, alice };
}

/** The fault tests' box: challenge "faults", quotas 50 a day and 100 in all. */
export const setup = (db: Db) =>
  practiceBox(db, {
    slug: "faults",
    title: "Faults",
    mjjSeed: 5,
    quotas: { submissionsPerDay: 50, submissionsTotal: 100 },
  });

export const upload = (as: Actor, body: Uint8Array, headers?: Record<string, string>) =>
  send(submissionsRoute.POST, {
    params,
    as,
    body,
    headers,
    query: { kind: "scores", filename: "scores.csv" },
  });
