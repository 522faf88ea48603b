/**
 * `aks-emulator/testing`: start an emulator from a test (child process, free port), hand the official
 * SDKs what they need (endpoint, credential, client options that trust the emulator's CA inside this
 * process), and drive the testing controls (faults, clock, operations, state, reset, request log).
 * Works the same under node:test, vitest or any other runner.
 */
export { startAksEmulator, StartedAksEmulator, CLI_PATH, type StartAksEmulatorOptions } from "./start.js";
export { connectAksEmulator, agentPolicy, AksEmulatorConnection, AGENT_POLICY_NAME, type AgentPolicy, type SdkClientOptions } from "./connection.js";
export {
  EmulatorCredential,
  fetchIdentityToken,
  scopeToResource,
  type AccessToken,
  type CredentialOptions,
  type GetTokenOptions,
  type IdentityEndpoint,
  type TokenCredential,
} from "./credential.js";
export {
  EmulatorControls,
  type ClockState,
  type ControlTarget,
  type DashboardLogin,
  type DelayEffect,
  type ErrorEffect,
  type Fault,
  type FaultEffect,
  type FaultMatch,
  type FaultSpec,
  type HangsEffect,
  type Operation,
  type OperationFailsEffect,
  type OperationStatus,
  type RequestLogEntry,
  type RequestLogQuery,
  type RunCommandRule,
  type RunCommandRuleSpec,
  type StateDocument,
} from "./controls.js";
export { EmulatorRequestError, requestJson, expectOk, type JsonAnswer, type JsonRequestOptions } from "./http.js";
