let context: AudioContext | undefined;

/**
 * A short, quiet two-tone beep through WebAudio: no audio file to download, and browsers allow
 * it once the person has interacted with the page (turning the setting on counts).
 */
export function beep(): void {
  if (typeof AudioContext === "undefined") return;
  context ??= new AudioContext();
  const now = context.currentTime;
  const gain = context.createGain();
  gain.gain.setValueAtTime(0.0001, now);
  gain.gain.exponentialRampToValueAtTime(0.08, now + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.3);
  gain.connect(context.destination);
  for (const [frequency, start] of [
    [880, 0],
    [660, 0.12],
  ] as const) {
    const oscillator = context.createOscillator();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(now + start);
    oscillator.stop(now + start + 0.15);
  }
}
