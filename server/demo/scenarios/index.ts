/**
 * Every kind of job the demo simulator runs.
 * @module
 */
import type { RunKindSpec } from '../scenario-types.js';
import { modelTraining } from './model-training.js';
import { nightlyEtl } from './nightly-etl.js';
import { pricing } from './pricing.js';

/** The kinds of job the simulator picks from. Few, so estimates build up per kind. */
export const RUN_KINDS: readonly RunKindSpec[] = [pricing, nightlyEtl, modelTraining];

export { modelTraining, nightlyEtl, pricing };
