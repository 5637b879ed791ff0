import type { Linter } from 'eslint';

/** The import-boundary entries of eslint.config.js, one per layer folder and depth (eslint.layers.js). */
export declare function layerBoundaries(): Linter.Config[];
