/**
 * A hub `query` such as `eventType=PaymentCreateEvent,PaymentStateChangeEvent&account.id=42`:
 * every condition must hold; a comma list means any of; other keys compare a resource attribute
 * (dotted TMF path) for equality.
 */
export function matchesQuery(query: string | null | undefined, eventType: string, resource: unknown): boolean {
  if (!query) return true;
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  for (const [key, value] of params) {
    const accepted = value.split(",");
    if (key === "eventType") {
      if (!accepted.includes(eventType)) return false;
      continue;
    }
    const actual = key
      .split(".")
      .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), resource);
    if (actual === undefined || actual === null || !accepted.includes(String(actual))) return false;
  }
  return true;
}
