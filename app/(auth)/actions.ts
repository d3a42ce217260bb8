"use server";
import { headers } from "next/headers";
import { type ActionResult, formObject, runAction } from "@/lib/actions";
import { requestAccount } from "@/lib/auth/sign-up";
import { getDb } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";

/** The same answer whether or not the email had an account (no enumeration); see requestAccount. */
export async function signUpAction(form: FormData): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => requestAccount(await getDb(), formObject(form), clientIp(await headers())));
}
