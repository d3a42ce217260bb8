import { publicApiRoute } from "@/lib/api/route";
import { getSubmission } from "@/lib/submissions/queries";

export const GET = publicApiRoute<{ id: string }>(async ({ params, actor, db }) =>
  getSubmission(db, actor, params.id),
);
