"use server";
import { type ActionResult, formObject, runAction } from "@/lib/actions";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { createApiToken, revokeApiToken } from "@/lib/tokens";

export async function createTokenAction(
  _: unknown,
  form: FormData,
): Promise<ActionResult<{ token: string }>> {
  return runAction(async () => {
    const { token } = await createApiToken(await getDb(), await currentActor(), formObject(form));
    return { token };
  });
}

export async function revokeTokenAction(_: unknown, form: FormData): Promise<ActionResult<object>> {
  return runAction(async () => {
    await revokeApiToken(await getDb(), await currentActor(), String(form.get("tokenId") ?? ""));
    return {};
  });
}
