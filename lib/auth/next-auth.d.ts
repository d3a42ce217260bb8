import type { UserRole } from "@/lib/db/schema";

declare module "next-auth" {
  interface Session {
    user?: { id: string; email: string; name: string; role: UserRole };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The user's session version when this cookie was issued (lib/auth/sessions.ts). */
    sv?: number;
  }
}
