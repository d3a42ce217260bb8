/** A 0–100 progress bar with its value written on it (`text` replaces the percentage). */
export function ProgressBar({ label, value, text }: { label: string; value: number; text?: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
    >
      <div style={{ width: `${value}%` }} />
      <span>{text ?? `${value}%`}</span>
    </div>
  );
}
