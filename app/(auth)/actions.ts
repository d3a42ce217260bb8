"use server";
import { type ActionResult, formObject, runAction } from "@/lib/actions";
import { getDb } from "@/lib/db/client";
import { signUp } from "@/lib/users";

export async function signUpAction(form: FormData): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => {
    const user = await signUp(await getDb(), formObject(form));
    return { email: user.email };
  });
}
