/**
 * Event power levels that let every member take part in group meetings (MatrixRTC): the call
 * membership state event Element Call and matrix-js-sdk send (`org.matrix.msc3401.call.member`,
 * one state key per device) and js-sdk 43's sticky-event membership
 * (`org.matrix.msc4143.rtc.member`). Set in All Staff, department and direct rooms, whose
 * members are otherwise below `state_default` (50).
 */
export const CALL_EVENT_POWER: Readonly<Record<string, number>> = {
  "org.matrix.msc3401.call.member": 0,
  "org.matrix.msc4143.rtc.member": 0,
};
