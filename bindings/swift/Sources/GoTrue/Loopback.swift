import CGoTrue
import Foundation

/// A desktop sign-in in progress (`gotrue_client_start_loopback_sign_in`): a one-shot listener on
/// 127.0.0.1 that takes the browser's redirect and completes the sign-in through the client.
/// Open `url` in the browser, then `wait(timeout:)` (or `await session(timeout:)`). `cancel()` from
/// any thread ends a wait with `.cancelled`. Freed (cancelled first) on deinit.
public final class Loopback: @unchecked Sendable {
    let handle: OpaquePointer

    /// The URL to open in the browser.
    public let url: String
    /// The listener's own URL (it carries the state): the redirect URL for a "redirect" flow.
    public let redirectTo: String

    init(adopting handle: OpaquePointer) {
        self.handle = handle
        url = String(cString: gotrue_loopback_url(handle))
        redirectTo = String(cString: gotrue_loopback_redirect_to(handle))
    }

    deinit { gotrue_loopback_free(handle) }

    /// Blocks up to `timeout` seconds for the session; throws the flow's error, `.timeout` (the
    /// listener stays open: wait again) or `.cancelled`.
    public func wait(timeout: TimeInterval) throws -> Session {
        var session: OpaquePointer? = nil
        try check(gotrue_loopback_wait(handle, UInt64(max(0, timeout) * 1000), &session))
        return try takeRequiredSession(session)
    }

    /// As `wait(timeout:)`, off the calling thread.
    public func session(timeout: TimeInterval) async throws -> Session {
        try await offThread { try self.wait(timeout: timeout) }
    }

    /// Stops the listener. Idempotent.
    public func cancel() { gotrue_loopback_cancel(handle) }
}

extension GoTrueClient {
    /// Opens a loopback listener for a desktop browser sign-in: `providerOrFlow` is an OAuth provider
    /// ("github", ...), whose authorize URL `url` then is, or "redirect" for a flow started with
    /// `redirectTo` as its redirect URL. Options: {"port", "path", "scopes", "query_params"}.
    public func startLoopbackSignIn(_ providerOrFlow: String, options: String? = nil) throws -> Loopback {
        var out: OpaquePointer? = nil
        try withCArgs { a in
            try check(gotrue_client_start_loopback_sign_in(handle, a.c(providerOrFlow), a.c(options), &out))
        }
        guard let out else { throw GoTrueError(code: .unknown, message: "the library returned no handle") }
        return Loopback(adopting: out)
    }
}
