/** A bundled page: its minified code and, per input module, the bytes it put in the output. */
export interface PageBundle {
  code: Uint8Array;
  inputs: Record<string, { bytesInOutput: number }>;
}

/** Bundles `contents` (TypeScript, resolved from `root`) as a page would load it; see page-bundle.mjs. */
export function bundlePage(contents: string, root: string, external?: readonly string[]): Promise<PageBundle>;
