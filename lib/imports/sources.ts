import { IMPORT_ROLES, ImportError, type ImportFormat, type ImportSource } from "./types";

/** One source of `role`, or an ImportError saying which file is missing or repeated. */
export function sourceOf(
  sources: ImportSource[],
  role: ImportSource["role"],
  format: ImportFormat,
  optional = false,
): ImportSource | undefined {
  const found = sources.filter((s) => s.role === role);
  if (found.length > 1)
    throw new ImportError(
      `${format}: give one ${role} file, not ${found.length} (${found.map((s) => s.name).join(", ")})`,
    );
  if (!found[0] && !optional) throw new ImportError(`${format}: the ${role} file is missing`);
  return found[0];
}

/** Sources of the roles a format accepts (`IMPORT_ROLES`); others are an ImportError. */
export function checkRoles(sources: ImportSource[], format: ImportFormat) {
  const roles = IMPORT_ROLES[format];
  const wrong = sources.filter((s) => !roles.includes(s.role));
  if (wrong.length > 0) {
    throw new ImportError(
      `${format}: ${wrong.map((s) => `${s.name} has role '${s.role}'`).join("; ")}; this format takes ${roles.join(" and ")} files`,
    );
  }
}
