import { apiRoute } from "@/lib/api/route";
import { importJobStatus } from "@/lib/imports/create";

/** An import's build: status, progress, the error that stopped it, the box it built. */
export const GET = apiRoute<{ slug: string; job: string }>(async ({ params, actor, db }) =>
  importJobStatus(db, actor, params.slug, params.job),
);
