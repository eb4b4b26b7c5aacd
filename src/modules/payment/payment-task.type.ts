// TMF676's payment tasks (authorize-payment.type.ts, initiate-payment.type.ts). The v4.0.0 swagger
// spells their attributes with a trailing space ("authorizePaymentDate "): the intended names are
// served (README, swagger errata).

export const TASK_STATES = ["acknowledged", "inProgress", "done", "rejected"] as const;

export const TASK_STATE_DOC = `Current state of the task (server-set): ${TASK_STATES.join(", ")}; a task is decided when it is created`;
export const STATE_REASON_DOC = "Why the task was rejected (extension to TMF676)";
