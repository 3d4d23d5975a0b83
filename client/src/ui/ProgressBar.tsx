import type { JSX } from "solid-js";

/** Props of {@link ProgressBar}. */
export type ProgressBarProps = {
  /** id of the visible text that names the bar (`aria-labelledby`). */
  labelledBy: string;
  /** 0–100. */
  percent: number;
  /** What a screen reader says, e.g. "42%" or "500 of 1,200". */
  valueText: string;
  class?: string;
};

/** A determinate progress bar (`role="progressbar"`), named by visible text beside it. */
export function ProgressBar(props: ProgressBarProps): JSX.Element {
  const percent = (): number => Math.max(0, Math.min(100, Math.round(props.percent)));
  return (
    <div
      role="progressbar"
      aria-labelledby={props.labelledBy}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent()}
      aria-valuetext={props.valueText}
      class={`h-2 shrink-0 overflow-hidden rounded-full bg-slate-200 ${props.class ?? "w-32"}`}
    >
      <div class="h-full bg-teal-600" style={{ width: `${percent()}%` }} />
    </div>
  );
}
