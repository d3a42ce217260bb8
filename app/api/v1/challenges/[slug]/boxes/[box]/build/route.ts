import { apiRoute } from "@/lib/api/route";
import { requestBuild } from "@/lib/blackboxes/lifecycle";

export const POST = apiRoute<{ slug: string; box: string }>(
  async ({ params, actor, db }) => {
    const { view, jobId } = await requestBuild(db, actor, params.slug, params.box);
    return { box: view, jobId };
  },
  { status: 202 },
);
