import CGoTrue
import Foundation

// The `async` calls run on the library's non-blocking requests (`gotrue_*_start`): the call starts
// at once, a library worker does the HTTP, and the completion callback resumes the continuation. No
// thread waits for the network. Cancelling the task cancels the native request (its HTTP request is
// dropped) and the call throws `GoTrueError` with code `.cancelled`; so does every pending call when
// its client is freed. Results, errors and session effects are the blocking call's.

/// What the completion callback calls, whatever the result type.
protocol RequestCompletion: AnyObject {
    func complete(_ request: OpaquePointer)
}

/// One request in flight: its continuation, how to read its result, and its native handle.
final class PendingRequest<T>: RequestCompletion, @unchecked Sendable {
    // Recursive: cancelling a request that had not started completes it inside gotrue_request_cancel.
    private let lock = NSRecursiveLock()
    private let take: (OpaquePointer) throws -> T
    private var continuation: CheckedContinuation<T, Error>?
    private var request: OpaquePointer?
    private var freed = false
    private var cancelled = false

    init(take: @escaping (OpaquePointer) throws -> T) { self.take = take }

    func attach(_ c: CheckedContinuation<T, Error>) {
        lock.lock(); defer { lock.unlock() }
        continuation = c
    }

    /// The start call failed: nothing was queued.
    func fail(_ error: Error) {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume(throwing: error)
    }

    func started(_ r: OpaquePointer) {
        lock.lock(); defer { lock.unlock() }
        if request == nil { request = r }
        if cancelled && !freed { gotrue_request_cancel(r) }
    }

    /// On a library worker, or inside `cancel` for a request that had not started.
    func complete(_ r: OpaquePointer) {
        let result = Result { try take(r) }
        lock.lock()
        let c = continuation
        continuation = nil
        if !freed {
            freed = true
            gotrue_request_free(r)
        }
        lock.unlock()
        c?.resume(with: result)
    }

    func cancel() {
        lock.lock(); defer { lock.unlock() }
        cancelled = true
        if let r = request, !freed { gotrue_request_cancel(r) }
    }
}

/// Every request's completion and finalizer (C function pointers: they capture nothing).
let requestDone: GoTrueRequestCallback = { request, userData in
    guard let request, let userData else { return }
    (Unmanaged<AnyObject>.fromOpaque(userData).takeUnretainedValue() as? RequestCompletion)?.complete(request)
}

let requestRelease: GoTrueReleaseFn = { userData in
    guard let userData else { return }
    Unmanaged<AnyObject>.fromOpaque(userData).release()
}

/// Starts a request and suspends until the library completes it. `start` calls a `_start` function
/// with `requestDone`, the given user data, `requestRelease` and the out-parameter; `take` reads the
/// result of the completed request (on the library's worker).
func startRequest<T>(_ take: @escaping (OpaquePointer) throws -> T,
                     _ start: (CArgs, UnsafeMutableRawPointer, UnsafeMutablePointer<OpaquePointer?>) throws -> OpaquePointer?) async throws -> T {
    let pending = PendingRequest(take: take)
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            pending.attach(continuation)
            // The library owns this reference until it runs `requestRelease` (exactly once).
            let userData = Unmanaged.passRetained(pending as AnyObject).toOpaque()
            var request: OpaquePointer? = nil
            do {
                try withCArgs { a in try check(start(a, userData, &request)) }
            } catch {
                Unmanaged<AnyObject>.fromOpaque(userData).release() // no finalizer for a request that did not start
                pending.fail(error)
                return
            }
            if let request { pending.started(request) }
        }
    } onCancel: {
        pending.cancel()
    }
}

func takeRequestSession(_ r: OpaquePointer) throws -> Session? {
    var session: OpaquePointer? = nil
    try check(gotrue_request_take_session(r, &session))
    return try takeSession(session)
}

func takeRequestRequiredSession(_ r: OpaquePointer) throws -> Session {
    guard let s = try takeRequestSession(r) else {
        throw GoTrueError(code: .invalidResponse, message: "the library returned no session")
    }
    return s
}

func takeRequestString(_ r: OpaquePointer) throws -> UnsafeMutablePointer<CChar>? {
    var text: UnsafeMutablePointer<CChar>? = nil
    try check(gotrue_request_take_string(r, &text))
    return text
}

func takeRequestJSON<J: Decodable>(_ type: J.Type) -> (OpaquePointer) throws -> J {
    { r in try takeJSON(type, takeRequestString(r)) }
}

func takeRequestURL(_ r: OpaquePointer) throws -> URL {
    guard let text = take(try takeRequestString(r)), let url = URL(string: text) else {
        throw GoTrueError(code: .invalidResponse, message: "the library returned no valid URL")
    }
    return url
}

func takeRequestNothing(_ r: OpaquePointer) throws {
    try check(gotrue_request_error(r))
}

// MARK: async twins

extension GoTrueClient {
    public func signUp(email: String? = nil, phone: String? = nil, password: String, options: String? = nil) async throws -> SignUpResult {
        try await startRequest({ r in
            let s = try takeRequestSession(r)
            return SignUpResult(session: s, user: try takeOptionalJSON(User.self, takeRequestString(r)))
        }) { a, ud, out in
            gotrue_client_sign_up_start(handle, try a.c(email), try a.c(phone), try a.c(password), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func signIn(email: String? = nil, phone: String? = nil, password: String, options: String? = nil) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_sign_in_with_password_start(handle, try a.c(email), try a.c(phone), try a.c(password), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func signInWithOTP(email: String? = nil, phone: String? = nil, options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_sign_in_with_otp_start(handle, try a.c(email), try a.c(phone), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func verifyOTP(email: String? = nil, phone: String? = nil, token: String? = nil, tokenHash: String? = nil,
                          type: String, options: String? = nil) async throws -> VerifyOtpResult {
        try await startRequest({ r in
            let s = try takeRequestSession(r)
            return VerifyOtpResult(session: s, user: try takeOptionalJSON(User.self, takeRequestString(r)))
        }) { a, ud, out in
            gotrue_client_verify_otp_start(handle, try a.c(email), try a.c(phone), try a.c(token), try a.c(tokenHash), try a.c(type), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func resend(type: String, email: String? = nil, phone: String? = nil, options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_resend_start(handle, try a.c(type), try a.c(email), try a.c(phone), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func resetPasswordForEmail(_ email: String, options: String? = nil) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_client_reset_password_for_email_start(handle, try a.c(email), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func reauthenticate() async throws {
        try await startRequest(takeRequestNothing) { _, ud, out in
            gotrue_client_reauthenticate_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func signInAnonymously(options: String? = nil) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_sign_in_anonymously_start(handle, try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func initialize() async throws -> Session? {
        try await startRequest(takeRequestSession) { _, ud, out in
            gotrue_client_initialize_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    public func session() async throws -> Session? {
        try await startRequest(takeRequestSession) { _, ud, out in
            gotrue_client_get_session_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func setSession(accessToken: String, refreshToken: String) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_set_session_start(handle, try a.c(accessToken), try a.c(refreshToken), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func refreshSession(refreshToken: String? = nil) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_refresh_session_start(handle, try a.c(refreshToken), requestDone, ud, requestRelease, out)
        }
    }

    public func signOut(scope: SignOutScope = .global) async throws {
        try await startRequest(takeRequestNothing) { _, ud, out in
            gotrue_client_sign_out_start(handle, scope.rawValue, requestDone, ud, requestRelease, out)
        }
    }

    public func user(jwt: String? = nil) async throws -> User {
        try await startRequest(takeRequestJSON(User.self)) { a, ud, out in
            gotrue_client_get_user_start(handle, try a.c(jwt), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func updateUser(attributes: String, options: String? = nil) async throws -> User {
        try await startRequest(takeRequestJSON(User.self)) { a, ud, out in
            gotrue_client_update_user_start(handle, try a.c(attributes), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func identities() async throws -> [JSONValue] {
        try await startRequest(takeRequestJSON([JSONValue].self)) { _, ud, out in
            gotrue_client_get_user_identities_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    public func linkIdentity(provider: String, options: String? = nil) async throws -> URL {
        try await startRequest(takeRequestURL) { a, ud, out in
            gotrue_client_link_identity_start(handle, try a.c(provider), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func linkIdentity(provider: String, idToken: String, accessToken: String? = nil, nonce: String? = nil,
                             options: String? = nil) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_link_identity_with_id_token_start(handle, try a.c(provider), try a.c(idToken), try a.c(accessToken), try a.c(nonce), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func unlinkIdentity(identityId: String) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_client_unlink_identity_start(handle, try a.c(identityId), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func exchangeCodeForSession(_ codeOrURL: String) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_exchange_code_for_session_start(handle, try a.c(codeOrURL), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func session(from url: URL) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_get_session_from_url_start(handle, try a.c(url.absoluteString), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func signInWithIdToken(provider: String, idToken: String, accessToken: String? = nil, nonce: String? = nil,
                                  options: String? = nil) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_sign_in_with_id_token_start(handle, try a.c(provider), try a.c(idToken), try a.c(accessToken), try a.c(nonce), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func signInWithSSO(domain: String? = nil, providerId: String? = nil, options: String? = nil) async throws -> URL {
        try await startRequest(takeRequestURL) { a, ud, out in
            gotrue_client_sign_in_with_sso_start(handle, try a.c(domain), try a.c(providerId), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func settings() async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { _, ud, out in
            gotrue_client_get_settings_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    public func health() async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { _, ud, out in
            gotrue_client_health_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    public func claims(jwt: String? = nil, options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_get_claims_start(handle, try a.c(jwt), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }
}

extension MFA {
    public func enrollTOTP(friendlyName: String? = nil, issuer: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_mfa_enroll_totp_start(client.handle, try a.c(friendlyName), try a.c(issuer), requestDone, ud, requestRelease, out)
        }
    }

    public func enrollPhone(_ phone: String, friendlyName: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_mfa_enroll_phone_start(client.handle, try a.c(phone), try a.c(friendlyName), requestDone, ud, requestRelease, out)
        }
    }

    public func challenge(factorId: String, options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_mfa_challenge_start(client.handle, try a.c(factorId), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func verify(factorId: String, challengeId: String, code: String) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_mfa_verify_start(client.handle, try a.c(factorId), try a.c(challengeId), try a.c(code), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func challengeAndVerify(factorId: String, code: String) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_mfa_challenge_and_verify_start(client.handle, try a.c(factorId), try a.c(code), requestDone, ud, requestRelease, out)
        }
    }

    public func unenroll(factorId: String) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_client_mfa_unenroll_start(client.handle, try a.c(factorId), requestDone, ud, requestRelease, out)
        }
    }

    public func listFactors() async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { _, ud, out in
            gotrue_client_mfa_list_factors_start(client.handle, requestDone, ud, requestRelease, out)
        }
    }
}

extension Admin {
    public func createUser(attributes: String) async throws -> User {
        try await startRequest(takeRequestJSON(User.self)) { a, ud, out in
            gotrue_admin_create_user_start(client.handle, try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func user(id: String) async throws -> User {
        try await startRequest(takeRequestJSON(User.self)) { a, ud, out in
            gotrue_admin_get_user_by_id_start(client.handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func updateUser(id: String, attributes: String) async throws -> User {
        try await startRequest(takeRequestJSON(User.self)) { a, ud, out in
            gotrue_admin_update_user_by_id_start(client.handle, try a.c(id), try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func deleteUser(id: String, softDelete: Bool = false) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_admin_delete_user_start(client.handle, try a.c(id), softDelete, requestDone, ud, requestRelease, out)
        }
    }

    public func listUsers(options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_list_users_start(client.handle, try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func inviteUser(email: String, options: String? = nil) async throws -> User {
        try await startRequest(takeRequestJSON(User.self)) { a, ud, out in
            gotrue_admin_invite_user_by_email_start(client.handle, try a.c(email), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func generateLink(type: String, email: String, password: String? = nil, options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_generate_link_start(client.handle, try a.c(type), try a.c(email), try a.c(password), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func signOut(jwt: String, scope: SignOutScope = .global) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_admin_sign_out_start(client.handle, try a.c(jwt), scope.rawValue, requestDone, ud, requestRelease, out)
        }
    }

    public func listFactors(userId: String) async throws -> [JSONValue] {
        try await startRequest(takeRequestJSON([JSONValue].self)) { a, ud, out in
            gotrue_admin_mfa_list_factors_start(client.handle, try a.c(userId), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func deleteFactor(userId: String, factorId: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_mfa_delete_factor_start(client.handle, try a.c(userId), try a.c(factorId), requestDone, ud, requestRelease, out)
        }
    }
}
