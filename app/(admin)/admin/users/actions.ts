"use server";
import { type ActionResult, formObject, runAction } from "@/lib/actions";
import { setUserRole } from "@/lib/admin";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";

export async function setUserRoleAction(_: unknown, form: FormData): Promise<ActionResult<object>> {
  return runAction(async () => {
    const { userId, ...fields } = formObject(form);
    await setUserRole(await getDb(), await currentActor(), userId ?? "", fields);
    return {};
  });
}
