import type { Failure } from '../../common/terminal-api';
import { useFailureText } from '../format/use-failure-text';

/** A refusal in plain words, with its code kept visible for the support line. */
export function FailureNotice({ failure, testId = 'failure' }: { failure: Failure; testId?: string }) {
  const text = useFailureText();
  return (
    <div className="notice notice--error" role="alert" data-testid={testId} data-code={failure.code}>
      <p className="notice-text">{text(failure)}</p>
      <p className="notice-code">{failure.code}</p>
    </div>
  );
}
