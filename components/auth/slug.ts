/**
 * A URL slug suggested from a brand name written in Latin letters ("Hoobang Mall" →
 * "hoobang-mall"). Names without Latin letters or digits (e.g. Chinese) get no suggestion:
 * the person types a pinyin or English slug.
 */
export function suggestSlug(name: string): string {
  const latin = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/g, "");
  return latin.length >= 3 ? latin : "";
}
