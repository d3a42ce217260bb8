import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files it loads from its own package folder, and the custom
  // server (server/start.ts) shares one PGlite instance with the route handlers through globalThis:
  // both only work when these packages are loaded from node_modules, not bundled.
  // h5wasm and its Blosc plugin load .wasm/.so files from their package folders too.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs", "h5wasm", "h5wasm-plugins"],
  poweredByHeader: false,
  typedRoutes: false,
  // On every response, static files included; the CSP and HSTS are set per request in proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;
