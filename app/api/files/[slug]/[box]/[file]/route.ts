import { errorResponse } from "@/lib/api/route";
import { actorFromRequest } from "@/lib/auth/session";
import { type BoxFile, boxFileName } from "@/lib/blackboxes/files";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";
import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { blobResponse } from "@/lib/http/download";
import { blobStore } from "@/lib/storage";

type P = { slug: string; box: string; file: string };

/**
 * Downloads of a black box's files, to anyone who may see them (no sign-in needed for a public
 * box): `public.h5` once the box is open (organizers: once built), `truth.h5` only where the truth is
 * visible (after the reveal; practice boxes from opening on; organizers). Anything else is 404 — the
 * same answer as for a box that does not exist, so nothing leaks through the status code. Saved as
 * `boxFileName` (`{challenge}-{box}-public.h5`), with `Content-Length`; HEAD is GET without the body.
 */
export async function GET(req: Request, ctx: { params: Promise<P> }): Promise<Response> {
  const { slug, box: boxSlug, file } = await ctx.params;
  try {
    const actor = await actorFromRequest(req);
    const { view, challenge, box } = await getBlackBox(await getDb(), actor, slug, boxSlug);
    const sha =
      file === "public.h5"
        ? view.publicFile?.sha256
        : file === "truth.h5"
          ? (view.truth?.sha256 ?? undefined)
          : undefined;
    if (!sha) throw notFound("File");
    return blobResponse(req, blobStore(), sha, boxFileName(challenge.slug, box.slug, file as BoxFile));
  } catch (e) {
    return errorResponse(e, `GET /api/files/${slug}/${boxSlug}/${file}`);
  }
}
