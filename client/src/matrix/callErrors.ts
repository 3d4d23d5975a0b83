/**
 * What a failed 1:1 call tells the person: a sentence about what went wrong and what to try,
 * never the SDK's code or the server's errcode (those go to the log).
 */

/** Sentences by matrix-js-sdk `CallErrorCode`; anything else reads as a generic failure. */
const CALL_FAILURES: Record<string, string> = {
  send_invite: "The call could not be started: the server did not take the call request.",
  send_answer: "The call could not be answered: the server did not take the answer.",
  send_voip_event: "The call lost touch with the server.",
  signalling_timeout: "The call lost touch with the server.",
  no_user_media: "The call needs your microphone or screen, and the browser gave neither.",
  ice_failed:
    "No connection could be made to the other person's computer. A network in between may block calls.",
  invite_timeout: "There was no answer.",
  user_busy: "The other person is busy in another call.",
  answered_elsewhere: "The call was answered on another device.",
  local_offer_failed: "This browser could not set up the call.",
  create_offer: "This browser could not set up the call.",
  create_answer: "This browser could not set up the call.",
  set_local_description: "This browser could not set up the call.",
  set_remote_description: "The other person's call setup could not be used by this browser.",
};

/**
 * @param code - the SDK's `CallError.code`
 * @returns a plain sentence, with "Please try again." where trying again can help
 */
export function callFailureMessage(code: string): string {
  const sentence = CALL_FAILURES[code] ?? "The call failed.";
  const final = ["invite_timeout", "user_busy", "answered_elsewhere"].includes(code);
  return final ? sentence : `${sentence} Please try again.`;
}
