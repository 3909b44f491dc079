import CGoTrue
import Foundation

/// Where a client keeps its session and PKCE verifiers. Called from any thread (also the
/// auto-refresh thread, several at once): implementations must be thread-safe and must not call
/// back into the client. Values hold tokens. Throwing reports `GoTrueError.Code.storage`.
public protocol SessionStorage: AnyObject {
    func get(_ key: String) throws -> String?
    func set(_ key: String, _ value: String) throws
    func remove(_ key: String) throws
}

private final class StorageBox {
    let storage: SessionStorage
    init(_ storage: SessionStorage) { self.storage = storage }
    static func from(_ userData: UnsafeMutableRawPointer?) -> SessionStorage {
        Unmanaged<StorageBox>.fromOpaque(userData!).takeUnretainedValue().storage
    }
}

/// The session a callback borrows, copied into a `Session` value (the native one is not freed).
private func copySession(_ borrowed: OpaquePointer?) -> Session? {
    guard let borrowed else { return nil }
    var json: UnsafeMutablePointer<CChar>? = nil
    if let error = gotrue_session_to_json(borrowed, &json) {
        gotrue_error_free(error)
        return nil
    }
    return try? takeJSON(Session.self, json)
}

/// An auth-state handler, retained as its registration's user_data; the finalizer the library
/// runs after the last callback (on unsubscribe, or when the client is freed) releases it.
private final class HandlerBox {
    let handler: (AuthEvent, Session?) -> Void
    init(_ handler: @escaping (AuthEvent, Session?) -> Void) { self.handler = handler }
}

/// An auth-state subscription; `cancel()` (or releasing it) unsubscribes.
public final class AuthSubscription: @unchecked Sendable {
    private weak var client: GoTrueClient?
    private let id: UInt64
    private let lock = NSLock()
    private var cancelled = false

    init(client: GoTrueClient, id: UInt64) {
        self.client = client
        self.id = id
    }

    public func cancel() {
        lock.lock()
        let first = !cancelled
        cancelled = true
        lock.unlock()
        if first, let client { _ = try? check(gotrue_client_unsubscribe(client.handle, id)) }
    }

    deinit { cancel() }
}

extension GoTrueClient {
    /// Creates a client whose session and PKCE verifiers live in `storage` (held until the client is freed).
    public convenience init(url: String, apiKey: String, storage: SessionStorage, options: String? = nil) throws {
        try GoTrueLibrary.ensureCompatible()
        let box = Unmanaged.passRetained(StorageBox(storage)).toOpaque()
        var callbacks = GoTrueStorageCallbacks(
            user_data: box,
            get: { userData, key, out in
                do {
                    guard let key, let value = try StorageBox.from(userData).get(String(cString: key)) else { return 0 }
                    guard let error = gotrue_storage_value_set(out, value) else { return 0 }
                    gotrue_error_free(error)
                    return 1
                } catch { return 1 }
            },
            set: { userData, key, value in
                guard let key, let value else { return 1 }
                do { try StorageBox.from(userData).set(String(cString: key), String(cString: value)); return 0 } catch { return 1 }
            },
            remove: { userData, key in
                guard let key else { return 1 }
                do { try StorageBox.from(userData).remove(String(cString: key)); return 0 } catch { return 1 }
            },
            release: { userData in
                if let userData { Unmanaged<StorageBox>.fromOpaque(userData).release() }
            })
        var client: OpaquePointer? = nil
        do {
            try withCArgs { a in
                try check(gotrue_client_new_with_storage(a.c(url), a.c(apiKey), a.c(options), &callbacks, &client))
            }
        } catch {
            Unmanaged<StorageBox>.fromOpaque(box).release() // `release` is not called when creation fails
            throw error
        }
        self.init(adopting: client!)
    }

    /// Subscribes `handler` to auth state changes. It runs on the thread that caused the change (the
    /// causing call waits for it); it may call the client. Keep the subscription to stay subscribed.
    public func onAuthStateChange(_ handler: @escaping (AuthEvent, Session?) -> Void) throws -> AuthSubscription {
        let box = Unmanaged.passRetained(HandlerBox(handler)).toOpaque()
        var id: UInt64 = 0
        do {
            try check(gotrue_client_on_auth_state_change(handle, { event, session, userData in
                guard let userData, let event = AuthEvent(rawValue: Int32(truncatingIfNeeded: event.rawValue)) else { return }
                Unmanaged<HandlerBox>.fromOpaque(userData).takeUnretainedValue().handler(event, copySession(session))
            }, box, { userData in
                if let userData { Unmanaged<HandlerBox>.fromOpaque(userData).release() }
            }, &id))
        } catch {
            Unmanaged<HandlerBox>.fromOpaque(box).release() // the finalizer is not called when registration fails
            throw error
        }
        return AuthSubscription(client: self, id: id)
    }

    /// Resumes the session a previous run saved (the one call an app makes at start-up); emits INITIAL_SESSION.
    public func initialize() throws -> Session? {
        var session: OpaquePointer? = nil
        try check(gotrue_client_initialize(handle, &session))
        return try takeSession(session)
    }

    /// Refreshes the session in the background shortly before it expires. Idempotent.
    public func startAutoRefresh() throws {
        try check(gotrue_client_start_auto_refresh(handle))
    }

    /// Stops the background refresher and waits for it. Idempotent.
    public func stopAutoRefresh() throws {
        try check(gotrue_client_stop_auto_refresh(handle))
    }

    /// Verifies a JWT (the current access token when nil): {"claims":{...}, "header":{...}}.
    public func claims(jwt: String? = nil, options: String? = nil) throws -> JSONValue {
        var claims: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_get_claims(handle, a.c(jwt), a.c(options), &claims)) }
        return try takeJSON(JSONValue.self, claims)
    }
}
