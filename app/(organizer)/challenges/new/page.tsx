import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateChallengeForm } from "@/components/organizer/ChallengeForms";
import { canCreateChallenge } from "@/lib/auth/permissions";
import { currentActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New challenge" };
export const dynamic = "force-dynamic";

export default async function NewChallengePage() {
  const actor = await currentActor();
  if (!actor) redirect("/signin?callbackUrl=/challenges/new");
  if (!canCreateChallenge(actor)) {
    return (
      <>
        <h1>New challenge</h1>
        <p role="alert">Creating challenges needs the organizer role. Ask an administrator to grant it.</p>
      </>
    );
  }
  return (
    <>
      <h1>New challenge</h1>
      <p className="muted">
        You become its first organizer. It stays a draft, visible to organizers only, until you publish it.
      </p>
      <CreateChallengeForm />
    </>
  );
}
