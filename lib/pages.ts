import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/**
 * For server pages: the value a lib/ read resolves to, or Next's 404 page where it says
 * "not_found" (a thing that does not exist, or that this viewer may not know exists). Any other
 * error is rethrown.
 * @example const challenge = await orNotFound(getChallenge(db, actor, slug));
 */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  return read.catch((e: unknown) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
}
