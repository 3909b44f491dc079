import CGoTrue
import Foundation

/// Where a client stands (`gotrue_client_session_status`), as supabase-kt's `SessionStatus`.
public enum SessionStatus: Sendable {
    case initializing
    case authenticated
    /// `isSignOut`: a session was removed (sign-out, or its refresh token was rejected for good).
    case notAuthenticated(isSignOut: Bool)
    /// The session is kept but its last refresh failed for a reason that may pass.
    case refreshFailing(GoTrueError)
}

extension GoTrueClient {
    /// The session the client holds, as it is: no network call, no refresh (it may be expired).
    public func currentSession() throws -> Session? {
        var session: OpaquePointer? = nil
        try check(gotrue_client_current_session(handle, &session))
        return try takeSession(session)
    }

    /// The held session's user, no network call; nil when signed out.
    public func currentUser() throws -> JSONValue? {
        var user: UnsafeMutablePointer<CChar>? = nil
        try check(gotrue_client_current_user(handle, &user))
        guard user != nil else { return nil }
        return try takeJSON(JSONValue.self, user)
    }

    /// The status now, with no network call.
    public func sessionStatus() throws -> SessionStatus {
        var status = GOTRUE_SESSION_STATUS_INITIALIZING
        var isSignOut = false
        var last: OpaquePointer? = nil
        try check(gotrue_client_session_status(handle, &status, &isSignOut, &last))
        if let last {
            defer { gotrue_error_free(last) }
            return .refreshFailing(GoTrueError(native: last))
        }
        switch status {
        case GOTRUE_SESSION_STATUS_AUTHENTICATED: return .authenticated
        case GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED: return .notAuthenticated(isSignOut: isSignOut)
        default: return .initializing
        }
    }

    /// The status after every auth event, starting with the current one. The stream ends when
    /// the consumer stops iterating (the subscription is cancelled then).
    public var sessionStatusStream: AsyncStream<SessionStatus> {
        AsyncStream { continuation in
            if let now = try? sessionStatus() { continuation.yield(now) }
            let subscription = try? onAuthStateChange { [weak self] _, _ in
                if let status = try? self?.sessionStatus() { continuation.yield(status) }
            }
            continuation.onTermination = { _ in subscription?.cancel() }
        }
    }
}

/// The library's process-wide log hook: structured lines (never secrets) from every client.
public enum GoTrueLog {
    private final class Box {
        let handler: (GoTrueLogLevel, String) -> Void
        init(_ handler: @escaping (GoTrueLogLevel, String) -> Void) { self.handler = handler }
    }

    /// Replaces the handler (nil removes it). It runs on any thread, several at once.
    public static func setHandler(level: GoTrueLogLevel = GOTRUE_LOG_LEVEL_INFO,
                                  _ handler: ((GoTrueLogLevel, String) -> Void)?) throws {
        guard let handler else {
            try check(gotrue_set_log_callback(nil, Int32(GOTRUE_LOG_LEVEL_OFF.rawValue), nil, nil))
            return
        }
        let box = Unmanaged.passRetained(Box(handler)).toOpaque()
        do {
            try check(gotrue_set_log_callback({ level, line, userData in
                guard let userData, let line else { return }
                Unmanaged<Box>.fromOpaque(userData).takeUnretainedValue().handler(level, String(cString: line))
            }, Int32(level.rawValue), box, { userData in
                if let userData { Unmanaged<Box>.fromOpaque(userData).release() }
            }))
        } catch {
            Unmanaged<Box>.fromOpaque(box).release() // the finalizer is not called on failure
            throw error
        }
    }
}
