/**
 * The arithmetic of the meetings (SFU) benchmark, kept apart from the browsers so it can be
 * tested: first-frame delays, upload bitrates and the fan-out ratio, and the report section.
 */
import { median as middleOf } from "../../appservice/src/retention/purgePacer.ts";

/** One phase of the run: how many viewers watched, and what was measured. */
export type SfuPhase = {
  viewers: number;
  /** Presenter's click → each viewer's first decoded frame, ms. */
  firstFrameMs: number[];
  /** The presenter's outbound video bytes at the start and end of the window. */
  bytesBefore: number;
  bytesAfter: number;
  windowMs: number;
};

/** Median of `values` (mean of the middle two for an even count); throws on none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  return middleOf(values);
}

/**
 * Upload bitrate over a window.
 * @returns kbit/s; throws when the counter went backwards or the window is empty
 */
export function kbitPerSecond(phase: Pick<SfuPhase, "bytesBefore" | "bytesAfter" | "windowMs">) {
  if (phase.windowMs <= 0) throw new Error(`window must be positive, got ${phase.windowMs} ms`);
  const bytes = phase.bytesAfter - phase.bytesBefore;
  if (bytes < 0)
    throw new Error(`bytesSent went backwards (${phase.bytesBefore} → ${phase.bytesAfter})`);
  return (bytes * 8) / phase.windowMs;
}

/** What the report says about a run with one viewer and one with many. */
export type SfuSummary = {
  one: { viewers: number; kbps: number; firstFrameMs: number };
  many: { viewers: number; kbps: number; firstFrameP50: number; firstFrameMax: number };
  /** Upload with many viewers ÷ upload with one (an SFU ≈ 1; a mesh ≈ viewers). */
  ratio: number;
};

/**
 * Summarises the two phases.
 * @param one - the phase with a single viewer
 * @param many - the phase with all viewers
 */
export function summarise(one: SfuPhase, many: SfuPhase): SfuSummary {
  if (one.firstFrameMs.length === 0 || many.firstFrameMs.length !== many.viewers) {
    throw new Error(
      `expected a first frame per viewer (1 and ${many.viewers}), got ${one.firstFrameMs.length} and ${many.firstFrameMs.length}`,
    );
  }
  const oneKbps = kbitPerSecond(one);
  const manyKbps = kbitPerSecond(many);
  if (oneKbps === 0) throw new Error("the presenter sent no video with one viewer");
  return {
    one: { viewers: one.viewers, kbps: oneKbps, firstFrameMs: median(one.firstFrameMs) },
    many: {
      viewers: many.viewers,
      kbps: manyKbps,
      firstFrameP50: median(many.firstFrameMs),
      firstFrameMax: Math.max(...many.firstFrameMs),
    },
    ratio: manyKbps / oneKbps,
  };
}

const ms = (value: number) => `${Math.round(value)} ms`;
const kbps = (value: number) => `${value.toFixed(0)} kbit/s`;

/** The result table rows of the docs section (markdown). */
export function resultTable(summary: SfuSummary): string {
  const { one, many } = summary;
  return [
    "| viewers | click → first decoded frame (p50 / max) | presenter upload (video) |",
    "| ------: | --------------------------------------: | -----------------------: |",
    `| ${one.viewers} | ${ms(one.firstFrameMs)} | ${kbps(one.kbps)} |`,
    `| ${many.viewers} | ${ms(many.firstFrameP50)} / ${ms(many.firstFrameMax)} | ${kbps(many.kbps)} |`,
    "",
    `Upload with ${many.viewers} viewers ÷ upload with ${one.viewers}: **${summary.ratio.toFixed(2)}** ` +
      `(an SFU ≈ 1; a mesh would be ≈ ${many.viewers / one.viewers}).`,
  ].join("\n");
}
