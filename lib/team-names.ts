import unhomoglyph from "unhomoglyph";

/**
 * A team name as stored and shown: Unicode NFKC (full-width letters, ligatures and compatibility
 * forms become their plain letters), every run of white space one space, trimmed. Never throws.
 *
 * @example
 * normalizeTeamName(" Ｂump \u00a0 Hunters "); // → "Bump Hunters"
 */
export function normalizeTeamName(name: string): string {
  return name.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/** Unicode TR39 §4 skeleton: NFD, each character through confusables.txt (`unhomoglyph`), NFD. */
function skeleton(s: string): string {
  return unhomoglyph(s.normalize("NFD")).normalize("NFD");
}

/**
 * What two team names must not share in one challenge: the TR39 skeleton of the normalized name,
 * case-insensitively. confusables.txt maps capitals to Latin capitals (Cyrillic Н → H) but leaves
 * some small letters on small capitals (Cyrillic н → ʜ), so the skeleton is taken of the upper-cased
 * name, then again of that lower-cased. Names that merely look alike to a reader of one script
 * ("rn" and "m") share a key too: that is what TR39 calls confusable. Never throws.
 *
 * @example
 * teamNameKey("Bump  Нunters") === teamNameKey("bump hunters"); // → true (Cyrillic Н, two spaces)
 */
export function teamNameKey(name: string): string {
  return skeleton(skeleton(normalizeTeamName(name).toUpperCase()).toLowerCase());
}
