import { LRUCache } from "lru-cache";

/** Texts of one length compared one by one; more of that length are found by hashing the text. */
const MAX_COMPARED_PER_LENGTH = 8;

/** The known texts of one length: those a lookup compares, and how many others there are. */
interface SameLength {
  compared: string[];
  others: number;
}

/**
 * A bounded map keyed by long texts (GraphQL documents), the least recently used forgotten first.
 * A request's text is a new string each time: a Map lookup would hash all of it (~1.4 kB for a
 * by-id query) on every request. Here it is compared with the few known texts of its length first
 * (string equality stops at the first different character), and hashed only when that length
 * holds more texts than are compared.
 */
export class KnownTexts<V extends {}> {
  private readonly byLength = new Map<number, SameLength>();
  private readonly entries: LRUCache<string, V>;

  constructor(max: number) {
    this.entries = new LRUCache<string, V>({
      max,
      dispose: (_value, text, reason) => {
        if (reason !== "set") this.forget(text);
      },
    });
  }

  get(text: string): V | undefined {
    const same = this.byLength.get(text.length);
    if (!same) return undefined;
    for (const known of same.compared) if (known === text) return this.entries.get(known);
    return same.others ? this.entries.get(text) : undefined;
  }

  set(text: string, value: V): void {
    if (!this.entries.has(text)) {
      const same = this.byLength.get(text.length);
      if (!same) this.byLength.set(text.length, { compared: [text], others: 0 });
      else if (same.compared.length < MAX_COMPARED_PER_LENGTH) same.compared.push(text);
      else same.others++;
    }
    this.entries.set(text, value);
  }

  private forget(text: string): void {
    const same = this.byLength.get(text.length);
    if (!same) return;
    const at = same.compared.indexOf(text);
    if (at !== -1) same.compared.splice(at, 1);
    else same.others--;
    if (!same.compared.length && !same.others) this.byLength.delete(text.length);
  }
}
