// Types of components.mjs (plain Node ESM, run without tsx by ctk/run.mjs).
export interface CtkComponent {
  id: string;
  name: string;
  resourcePaths: string[];
  hubs: string[];
  securityPaths: string[];
}
export function readComponents(dir: string): CtkComponent[];
export function servingComponent(components: CtkComponent[], pathname: string): CtkComponent | undefined;
export function kitPaths(collectionFile: string): string[];
export function kitPlacement(components: CtkComponent[], paths: string[]): { every: boolean; components: CtkComponent[] };
export function foreignPath(component: CtkComponent, other: CtkComponent): string | undefined;
export function startRouter(components: CtkComponent[], urls: Record<string, string>): Promise<{ url: string; close(): Promise<void> }>;
