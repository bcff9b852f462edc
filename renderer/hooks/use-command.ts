/**
 * One command's request as a typed reducer (idle → running → done | failed), for the screens
 * whose flow is a single request: login, history, reports, sync. A late answer to an older
 * request is dropped, so a quick double action never shows the wrong day's figures.
 */
import { useCallback, useReducer, useRef } from 'react';
import type { CommandInput, CommandName, CommandOutputs, Failure } from '../../common/terminal-api';
import { callOrFailure } from '../flows/failure-of';
import { useApi } from './api-context';

type ResultCommand = Exclude<CommandName, 'getStatus'>;
export type Success<C extends ResultCommand> = Extract<CommandOutputs[C], { ok: true }>;

export type RequestState<T> = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; value: T } | { kind: 'failed'; failure: Failure };

type Action<T> = { type: 'start' } | { type: 'done'; value: T } | { type: 'failed'; failure: Failure } | { type: 'reset' };

function reducer<T>(_state: RequestState<T>, action: Action<T>): RequestState<T> {
  switch (action.type) {
    case 'start':
      return { kind: 'running' };
    case 'done':
      return { kind: 'done', value: action.value };
    case 'failed':
      return { kind: 'failed', failure: action.failure };
    case 'reset':
      return { kind: 'idle' };
  }
}

export interface CommandHandle<C extends ResultCommand> {
  state: RequestState<Success<C>>;
  /** Runs the command; resolves to the success value, or null when it failed (shown in state). */
  run(input: CommandInput<C>): Promise<Success<C> | null>;
  reset(): void;
}

export function useCommand<C extends ResultCommand>(command: C): CommandHandle<C> {
  const api = useApi();
  const [state, dispatch] = useReducer(reducer<Success<C>>, { kind: 'idle' });
  const latestRequest = useRef(0);

  const run = useCallback(
    async (input: CommandInput<C>): Promise<Success<C> | null> => {
      const request = ++latestRequest.current;
      dispatch({ type: 'start' });
      const output = await callOrFailure(api, command, input);
      if (request !== latestRequest.current) return null;
      // Every Result command answers `{ok:true,…} | Failure`; TS cannot narrow the generic C.
      const result = output as unknown as Success<C> | Failure;
      if (result.ok) {
        dispatch({ type: 'done', value: result });
        return result;
      }
      dispatch({ type: 'failed', failure: result });
      return null;
    },
    [api, command],
  );

  const reset = useCallback(() => {
    latestRequest.current += 1;
    dispatch({ type: 'reset' });
  }, []);

  return { state, run, reset };
}
