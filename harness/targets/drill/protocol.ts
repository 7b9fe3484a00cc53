/**
 * The reference gateway's wire protocol, as the harness sees it. The `drill` target is the only
 * harness code that knows the reference system under test; faults that speak its protocol (floods,
 * connection churn, abusive clients, auth probes) take the names and shapes from here, never from
 * `system-under-test/` directly (DESIGN.md, "Parts and their rooms").
 */
export {
  ClientEvents,
  ServerEvents,
  type HandshakeAuth,
  type JoinReply,
  type SendRequest,
} from '../../../system-under-test/protocol.js';
