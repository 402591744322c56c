export { createApp } from './create-app';
export type { AppDeps, MountedRouter } from './create-app';
export { startReceiver } from './start-receiver';
export type { RunningReceiver, StartReceiverOptions } from './start-receiver';
export { isNotificationRejection, parseNotification } from './parse-notification';
export type { NotificationRejection, NotificationRequest, ParseOptions } from './parse-notification';
export { buildSignatureManifest, parseSignatureHeader, verifyMpSignature } from './verify-signature';
export type { VerifySignatureInput, VerifySignatureResult } from './verify-signature';
export { STORED_HEADERS } from './pick-headers';
