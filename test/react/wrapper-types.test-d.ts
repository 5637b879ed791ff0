import { describe, expectTypeOf, it } from 'vitest';
import type { RunLogTail as RunLogTailElement } from '../../src/components/run-log-tail/run-log-tail.js';
import type { RunProgress as RunProgressElement } from '../../src/components/run-progress/run-progress.js';
import type {
  RunCompleteEvent,
  RunErrorEvent,
  RunLogLineLinkEvent,
  RunLogTailProps,
  RunProgressProps,
  RunStatusChangeEvent,
} from '../../src/react/index.js';

// Checked by tsc in the `types` project (Vitest typecheck mode) and by `npm run typecheck`: the wrappers' props are the element classes' own
// property types, and each callback receives its event class.
describe('React wrapper types', () => {
  it('props come from the element classes', () => {
    expectTypeOf<RunProgressProps['labels']>().toEqualTypeOf<RunProgressElement['labels'] | undefined>();
    expectTypeOf<RunProgressProps['stallAfter']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RunProgressProps['layout']>().toEqualTypeOf<RunProgressElement['layout'] | undefined>();
    expectTypeOf<RunProgressProps['feed']>().toEqualTypeOf<RunProgressElement['feed'] | undefined>();
    expectTypeOf<RunLogTailProps['timestamps']>().toEqualTypeOf<RunLogTailElement['timestamps'] | undefined>();
    expectTypeOf<RunLogTailProps['levels']>().toEqualTypeOf<RunLogTailElement['levels'] | undefined>();
  });

  it('callbacks receive the event classes', () => {
    expectTypeOf<NonNullable<RunProgressProps['onRunComplete']>>().parameter(0).toEqualTypeOf<RunCompleteEvent>();
    expectTypeOf<NonNullable<RunProgressProps['onRunStatusChange']>>()
      .parameter(0)
      .toEqualTypeOf<RunStatusChangeEvent>();
    expectTypeOf<NonNullable<RunProgressProps['onRunError']>>().parameter(0).toEqualTypeOf<RunErrorEvent>();
    expectTypeOf<NonNullable<RunLogTailProps['onRunLogLineLink']>>().parameter(0).toEqualTypeOf<RunLogLineLinkEvent>();
  });
});
