import { isValidElement, type ReactElement, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import SignInPage from "@/app/(auth)/signin/page";
import SignUpPage from "@/app/(auth)/signup/page";
import { SignInForm } from "@/components/auth/SignInForm";
import { SignUpForm } from "@/components/auth/SignUpForm";
import { authOptions } from "@/lib/auth/options";

// Issue 15 item 7: /signin?callbackUrl=/%09/evil.example/x sent the user to evil.example after
// signing in: the page let "/\t/evil.example/x" through, and the browser drops the tab ("//evil…").

const ORIGIN = "https://arena.example";
const ATTACKS = [
  "/\t/evil.example/x", // what ?callbackUrl=/%09/evil.example/x decodes to
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/ /\t/evil.example",
  "//evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "/a/..//evil.example",
  "/./\\evil.example",
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "  //evil.example",
  "/%2F%2Fevil.example", // stays encoded: a path here, and must stay one
];

/** The callbackUrl prop a page hands to its form (the form follows it with router.push). */
function formCallback(tree: ReactNode, form: unknown): string {
  const stack: ReactNode[] = [tree];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isValidElement(node)) {
      const el = node as ReactElement<{ callbackUrl?: string; children?: ReactNode }>;
      if (el.type === form && el.props.callbackUrl !== undefined) return el.props.callbackUrl;
      stack.push(el.props.children);
    }
  }
  throw new Error("form not found");
}

/** Where a browser on ORIGIN lands when it navigates to `href`. */
const landsOn = (href: string) => new URL(href, `${ORIGIN}/signin`).origin;

describe("callback URLs after sign-in and sign-up stay on this site", () => {
  it.each(ATTACKS)("sign-in and sign-up pages neutralise %j", async (attack) => {
    const searchParams = Promise.resolve({ callbackUrl: attack });
    const signIn = formCallback(await SignInPage({ searchParams }), SignInForm);
    const signUp = formCallback(await SignUpPage({ searchParams }), SignUpForm);
    expect(landsOn(signIn)).toBe(ORIGIN);
    expect(landsOn(signUp)).toBe(ORIGIN);
    expect(signIn.startsWith("/") && !signIn.startsWith("//")).toBe(true);
  });

  it("keeps ordinary paths, query and fragment", async () => {
    const searchParams = Promise.resolve({ callbackUrl: "/challenges/lhco?tab=boxes#bb1" });
    expect(formCallback(await SignInPage({ searchParams }), SignInForm)).toBe(
      "/challenges/lhco?tab=boxes#bb1",
    );
  });

  it.each(ATTACKS)("next-auth's redirect callback (OAuth, sign-out) neutralises %j", async (attack) => {
    const redirect = authOptions().callbacks?.redirect;
    expect(redirect).toBeDefined();
    const target = await redirect?.({ url: attack, baseUrl: ORIGIN });
    expect(new URL(target ?? "").origin).toBe(ORIGIN);
    expect(new URL(target ?? "").pathname.startsWith("//")).toBe(false);
  });
});
