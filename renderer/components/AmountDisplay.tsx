import { useFormat } from '../format/use-format';

interface AmountDisplayProps {
  label: string;
  amountYen: number;
  testId?: string;
  size?: 'large' | 'medium';
}

/** A yen amount big enough to read from the customer's side of the counter. */
export function AmountDisplay({ label, amountYen, testId = 'amount-display', size = 'large' }: AmountDisplayProps) {
  const format = useFormat();
  return (
    <div className={`amount amount--${size}`}>
      <span className="amount-label">{label}</span>
      <output className="amount-value" data-testid={testId} aria-live="polite">
        {format.yen(amountYen)}
      </output>
    </div>
  );
}
