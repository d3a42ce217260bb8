import { submissionHandlers } from "@/lib/submissions/routes";

export const POST = submissionHandlers.POST;
export const GET = submissionHandlers.GET;
