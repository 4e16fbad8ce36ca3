/**
 * The microphone, asked for only when a person presses "speak" (or a button in the voice check),
 * never a camera. Echo cancellation, noise suppression and automatic gain: children talk from
 * living rooms on tablets with the speaker on.
 */
export async function openMicrophone(deviceId: string | undefined): Promise<MediaStream> {
  const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 };
  if (deviceId) audio.deviceId = { ideal: deviceId };
  return navigator.mediaDevices.getUserMedia({ audio, video: false });
}

/** Why the microphone could not be opened, as the voice part's words name it. */
export type MicProblem = "micDenied" | "micMissing" | "micBusy" | "micUnavailable";

export function micProblem(error: unknown): MicProblem {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "micDenied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "micMissing";
  if (name === "NotReadableError" || name === "AbortError") return "micBusy";
  return "micUnavailable";
}

/** The microphones this browser offers; their names appear only after permission was given once. */
export async function microphones(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === "audioinput" && d.deviceId !== "");
}

export function stopStream(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}
