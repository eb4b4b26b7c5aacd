// --profile: the product's main-thread CPU profile cut to each product phase's time window, written
// next to the profile as <profile>.summary.txt and printed (see bench/profile-summary.ts).
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { LoadResult } from "./load.js";
import { REPO } from "./options.js";
import { formatSummary, loadProfile, mainThreadProfile, summarize } from "./profile-summary.js";

/** Summaries of the phases that ran (name → its load result); returns the files, for results.json. */
export function summarizeProfileWindows(profileDir: string, windows: [string, LoadResult | undefined][]): { file: string; summary: string } {
  const profileFile = mainThreadProfile(profileDir);
  const profile = loadProfile(profileFile);
  const texts = windows
    .filter(([, r]) => r)
    .map(([name, r]) =>
      formatSummary(
        summarize(profile, { from: r!.windowUs[0], to: r!.windowUs[1] }, 25),
        `product CPU profile, ${name} window (--from=${r!.windowUs[0]} --to=${r!.windowUs[1]})`,
      ),
    );
  const summaryFile = profileFile.replace(/\.cpuprofile$/, ".summary.txt");
  writeFileSync(summaryFile, `${texts.join("\n\n\n")}\n`);
  console.log(`${texts.join("\n\n\n")}\n`);
  return { file: path.relative(REPO, profileFile), summary: path.relative(REPO, summaryFile) };
}
