import type { UserRole } from "@/lib/db/schema";

/** Who is acting: a signed-in user (session) or the owner of an API token. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  via: "session" | "token";
};
