import { apiRoute } from "@/lib/api/route";
import { requestBaselines } from "@/lib/submissions/rescore";

/** Organizers: compute the box's baselines again (Mahalanobis, autoencoder, plain bump hunt). */
export const POST = apiRoute<{ slug: string; box: string }>(
  async ({ params, actor, db }) => requestBaselines(db, actor, params.slug, params.box),
  { status: 202 },
);
