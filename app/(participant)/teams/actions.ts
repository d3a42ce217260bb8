"use server";
import { type ActionResult, formObject, runAction } from "@/lib/actions";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { createInvite, createTeam, joinTeam, leaveTeam, renameTeam } from "@/lib/teams";

type R<T = { redirectTo?: string }> = Promise<ActionResult<T>>;

export async function createTeamAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const team = await createTeam(
      await getDb(),
      await currentActor(),
      String(form.get("challengeSlug") ?? ""),
      formObject(form),
    );
    return { redirectTo: `/teams/${team.id}` };
  });
}

export async function renameTeamAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    await renameTeam(await getDb(), await currentActor(), String(form.get("teamId") ?? ""), formObject(form));
    return {};
  });
}

export async function createInviteAction(
  _: unknown,
  form: FormData,
): R<{ token: string; expiresAt: string }> {
  return runAction(async () => {
    const { token, expiresAt } = await createInvite(
      await getDb(),
      await currentActor(),
      String(form.get("teamId") ?? ""),
    );
    return { token, expiresAt: expiresAt.toISOString() };
  });
}

export async function leaveTeamAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    await leaveTeam(await getDb(), await currentActor(), String(form.get("teamId") ?? ""));
    return { redirectTo: `/challenges/${String(form.get("challengeSlug") ?? "")}` };
  });
}

export async function joinTeamAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const team = await joinTeam(await getDb(), await currentActor(), String(form.get("token") ?? ""));
    return { redirectTo: `/teams/${team.id}` };
  });
}
