import { useFormat } from '../format/use-format';

interface AmountDisplayProps {
  label: string;
  amountYen: number;
  testId?: string;
  size?: 'large' | 'medium';
  /** A test id on the whole block (label + amount), beside `testId` on the amount itself. */
  wrapperTestId?: string;
  /** Drawn in the warning colour: money to hand back (おつり). */
  emphasis?: boolean;
}

/** A yen amount big enough to read from the customer's side of the counter. */
export function AmountDisplay({ label, amountYen, testId = 'amount-display', size = 'large', wrapperTestId, emphasis = false }: AmountDisplayProps) {
  const format = useFormat();
  return (
    <div className={`amount amount--${size}${emphasis ? ' amount--emphasis' : ''}`} data-testid={wrapperTestId}>
      <span className="amount-label">{label}</span>
      <output className="amount-value" data-testid={testId} aria-live="polite">
        {format.yen(amountYen)}
      </output>
    </div>
  );
}
