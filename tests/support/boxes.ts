import type { Actor } from "@/lib/auth/actor";
import { createBlackBox, getBlackBox, requestBuild, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { readPublicFeature } from "@/core/formats";
import { blobStore } from "@/lib/storage";
import { drainJobs } from "./worker";

/** A small generated box (2000 QCD + 60 W' 3500 → 500, 100), built by the real job and opened. */
export async function openSmallBox(
  db: Db,
  org: Actor,
  challengeSlug: string,
  slug: string,
  opts: { mode?: "practice" | "blind"; quotas?: Record<string, number>; npe?: number } = {},
) {
  await createBlackBox(db, org, challengeSlug, {
    slug,
    title: `Box ${slug}`,
    mode: opts.mode ?? "blind",
    spec: {
      generator: {
        events: 2060,
        background: {},
        signals: [{ model: "resonance-xy", n: 60, mass: 3500, mX: 500, mY: 100 }],
      },
      seed: 11,
    },
    scoringConfig: { bins: { min: 2500, max: 6000, n: 35 }, npe: opts.npe ?? 200, cutEfficiencies: [1, 0.1] },
    quotas: opts.quotas ?? { submissionsPerDay: 5, submissionsTotal: 20 },
  });
  await requestBuild(db, org, challengeSlug, slug);
  await drainJobs(db);
  await transitionBlackBox(db, org, { challengeSlug, boxSlug: slug }, "open");
  const { box } = await getBlackBox(db, org, challengeSlug, slug);
  const bytes = blobStore().read(box.publicBlob as string);
  const mj1 = await readPublicFeature(bytes, "public.h5", "mj1");
  return { box, eventIds: mj1.eventIds, mj1: mj1.values };
}
