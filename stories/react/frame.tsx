/**
 * What the React stories share: the story's box (the same frame as the tag stories) and the
 * feed options a frame asks for (token getter, page environment).
 * @module
 */
import type { ReactNode } from 'react';
import { frameStyle, type StoryFrame } from '../support.js';

/** The box a React story's components sit in. */
export function Frame({ frame = {}, children }: { frame?: StoryFrame; children: ReactNode }) {
  return (
    <div style={frameStyle(frame)} dir={frame.dir} lang={frame.lang}>
      {children}
    </div>
  );
}

/** The `feedOptions` prop a frame asks for (undefined when it asks for none). */
export function feedOptionsOf(frame: StoryFrame = {}) {
  return frame.getToken || frame.environment ? { getToken: frame.getToken, environment: frame.environment } : undefined;
}
