/** Only same-site paths are followed after sign-in ("/x", never "//host" or "https://host"). */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/";
}
