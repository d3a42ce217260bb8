import { declaredLength } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/route";
import { stageImportFile } from "@/lib/imports/staging";

/** Stage one import file: the raw body (streamed to disk), `?name=` the file's name. */
export const POST = apiRoute<{ slug: string }>(
  async ({ req, params, actor, db }) =>
    stageImportFile(
      db,
      actor,
      params.slug,
      req.body,
      new URL(req.url).searchParams.get("name") ?? "upload",
      declaredLength(req),
    ),
  { status: 201 },
);
