import { leaderboardHandler } from "@/lib/submissions/routes";

export const GET = leaderboardHandler;
