/**
 * Parses `?runs=a:5,b:0` for `GET /stream` and `GET /poll`.
 * @module
 */
import { parseRunCursors, ProblemType, type RunCursor } from '../../src/contract/index.js';
import { HttpProblem, problem } from '../shared/problem.js';

/** The cursors, or a 400 problem when the parameter is missing, malformed, repeated or too long. */
export function requireRunCursors(query: URLSearchParams, max: number): RunCursor[] {
  const raw = query.get('runs');
  if (raw === null) throw bad('Give the runs to follow as ?runs=<id>:<after>,… (e.g. ?runs=a:5,b:0).');
  const cursors = parseRunCursors(raw);
  if (!cursors)
    throw bad(`?runs= must be <id>:<after> pairs separated by commas, got ${JSON.stringify(raw.slice(0, 200))}.`);
  if (cursors.length > max) throw bad(`At most ${max} runs per request, got ${cursors.length}.`);
  const seen = new Set<string>();
  for (const { run } of cursors) {
    if (seen.has(run)) throw bad(`Run ${JSON.stringify(run)} is listed twice.`);
    seen.add(run);
  }
  return cursors;
}

function bad(detail: string): HttpProblem {
  return new HttpProblem(problem(400, ProblemType.Malformed, detail));
}
