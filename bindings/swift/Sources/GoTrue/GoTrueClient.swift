import CGoTrue
import Foundation

/// A Supabase Auth (GoTrue) client over libgotrue. Thread-safe: use one client from any number of
/// threads. Every network call blocks; each has an `async` twin built on the library's non-blocking
/// requests (see Requests.swift: no thread waits, and cancelling the task cancels the request).
/// Failures throw `GoTrueError`. Options and open-ended results are JSON (see gotrue.h).
public final class GoTrueClient: @unchecked Sendable {
    let handle: OpaquePointer

    /// - Parameters:
    ///   - url: the Auth server, e.g. "https://PROJECT.supabase.co/auth/v1".
    ///   - apiKey: the anon key (the service-role key for `admin`; never ship it in an app).
    ///   - options: JSON, e.g. `{"storage":{"type":"file","path":DIR}, "flow_type":"pkce"}`.
    public init(url: String, apiKey: String, options: String? = nil) throws {
        try GoTrueLibrary.ensureCompatible()
        var client: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_new(a.c(url), a.c(apiKey), a.c(options), &client)) }
        guard let client else { throw GoTrueError(code: .unknown, message: "gotrue_client_new returned no client") }
        handle = client
    }

    init(adopting client: OpaquePointer) {
        handle = client
    }

    // ARC keeps the client alive for the length of every method call, so the free cannot race one.
    deinit { gotrue_client_free(handle) }

    /// Multi-factor authentication for the signed-in user.
    public var mfa: MFA { MFA(client: self) }
    /// User administration (needs the service-role key).
    public var admin: Admin { Admin(client: self) }

    // MARK: Sign-up and sign-in

    /// Signs a new user up with email or phone (exactly one) and password.
    public func signUp(email: String? = nil, phone: String? = nil, password: String, options: String? = nil) throws -> SignUpResult {
        var session: OpaquePointer? = nil
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in
            try check(gotrue_client_sign_up(handle, a.c(email), a.c(phone), a.c(password), a.c(options), &session, &user))
        }
        let s = try takeSession(session)
        return SignUpResult(session: s, user: try takeOptionalJSON(User.self, user))
    }

    /// Signs in with email or phone (exactly one) and password; the session becomes the current one.
    @discardableResult
    public func signIn(email: String? = nil, phone: String? = nil, password: String, options: String? = nil) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in
            try check(gotrue_client_sign_in_with_password(handle, a.c(email), a.c(phone), a.c(password), a.c(options), &session))
        }
        return try takeRequiredSession(session)
    }

    /// Sends a magic link / code to an email, or a code by SMS to a phone (exactly one).
    @discardableResult
    public func signInWithOTP(email: String? = nil, phone: String? = nil, options: String? = nil) throws -> JSONValue {
        var result: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_sign_in_with_otp(handle, a.c(email), a.c(phone), a.c(options), &result)) }
        return try takeJSON(JSONValue.self, result)
    }

    /// Verifies an OTP: `token` with `email` or `phone`, or `tokenHash` alone. `type`: "sms", "email",
    /// "signup", "magiclink", "recovery", "invite", "email_change", "phone_change".
    public func verifyOTP(email: String? = nil, phone: String? = nil, token: String? = nil, tokenHash: String? = nil,
                          type: String, options: String? = nil) throws -> VerifyOtpResult {
        var session: OpaquePointer? = nil
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in
            try check(gotrue_client_verify_otp(handle, a.c(email), a.c(phone), a.c(token), a.c(tokenHash), a.c(type), a.c(options), &session, &user))
        }
        let s = try takeSession(session)
        return VerifyOtpResult(session: s, user: try takeOptionalJSON(User.self, user))
    }

    /// Sends a confirmation again: "signup"/"email_change" with `email`, "sms"/"phone_change" with `phone`.
    @discardableResult
    public func resend(type: String, email: String? = nil, phone: String? = nil, options: String? = nil) throws -> JSONValue {
        var result: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_resend(handle, a.c(type), a.c(email), a.c(phone), a.c(options), &result)) }
        return try takeJSON(JSONValue.self, result)
    }

    /// Sends a password reset mail.
    public func resetPasswordForEmail(_ email: String, options: String? = nil) throws {
        try withCArgs { a in try check(gotrue_client_reset_password_for_email(handle, a.c(email), a.c(options))) }
    }

    /// Sends the signed-in user a reauthentication nonce.
    public func reauthenticate() throws {
        try check(gotrue_client_reauthenticate(handle))
    }

    /// Signs in as a new anonymous user.
    @discardableResult
    public func signInAnonymously(options: String? = nil) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_sign_in_anonymously(handle, a.c(options), &session)) }
        return try takeRequiredSession(session)
    }

    // MARK: Sessions

    /// The current session (refreshed first if about to expire), or nil when signed out.
    public func session() throws -> Session? {
        var session: OpaquePointer? = nil
        try check(gotrue_client_get_session(handle, &session))
        return try takeSession(session)
    }

    /// Adopts tokens obtained elsewhere (e.g. a persisted `Session`).
    @discardableResult
    public func setSession(accessToken: String, refreshToken: String) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_set_session(handle, a.c(accessToken), a.c(refreshToken), &session)) }
        return try takeRequiredSession(session)
    }

    /// Exchanges `refreshToken` (the current session's when nil) for a new session. Single-flight.
    @discardableResult
    public func refreshSession(refreshToken: String? = nil) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_refresh_session(handle, a.c(refreshToken), &session)) }
        return try takeRequiredSession(session)
    }

    /// Signs out; the local session is removed even when the server already forgot it.
    public func signOut(scope: SignOutScope = .global) throws {
        try check(gotrue_client_sign_out(handle, scope.rawValue))
    }

    // MARK: User

    /// Fetches the user for `jwt`, or for the current session when nil.
    public func user(jwt: String? = nil) throws -> User {
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_get_user(handle, a.c(jwt), &user)) }
        return try takeJSON(User.self, user)
    }

    /// Updates the signed-in user: `attributes` is JSON with any of email, phone, password, nonce, data.
    @discardableResult
    public func updateUser(attributes: String, options: String? = nil) throws -> User {
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_update_user(handle, a.c(attributes), a.c(options), &user)) }
        return try takeJSON(User.self, user)
    }

    /// The signed-in user's identities.
    public func identities() throws -> [JSONValue] {
        var identities: UnsafeMutablePointer<CChar>? = nil
        try check(gotrue_client_get_user_identities(handle, &identities))
        return try takeJSON([JSONValue].self, identities)
    }

    /// The URL that links OAuth `provider` to the signed-in user.
    public func linkIdentity(provider: String, options: String? = nil) throws -> URL {
        var url: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_link_identity(handle, a.c(provider), a.c(options), &url)) }
        return try takeURL(url)
    }

    /// Links an identity with a provider ID token.
    @discardableResult
    public func linkIdentity(provider: String, idToken: String, accessToken: String? = nil, nonce: String? = nil,
                             options: String? = nil) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in
            try check(gotrue_client_link_identity_with_id_token(handle, a.c(provider), a.c(idToken), a.c(accessToken), a.c(nonce), a.c(options), &session))
        }
        return try takeRequiredSession(session)
    }

    /// Unlinks an identity (its "identity_id").
    public func unlinkIdentity(identityId: String) throws {
        try withCArgs { a in try check(gotrue_client_unlink_identity(handle, a.c(identityId))) }
    }

    // MARK: OAuth, PKCE, ID tokens, SSO

    /// The URL that starts an OAuth sign-in (no request is made).
    public func oauthURL(provider: String, options: String? = nil) throws -> URL {
        var url: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_get_oauth_url(handle, a.c(provider), a.c(options), &url)) }
        return try takeURL(url)
    }

    /// Exchanges a PKCE auth code (or the whole callback URL) for a session.
    @discardableResult
    public func exchangeCodeForSession(_ codeOrURL: String) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_exchange_code_for_session(handle, a.c(codeOrURL), &session)) }
        return try takeRequiredSession(session)
    }

    /// Completes any auth redirect from its callback URL.
    @discardableResult
    public func session(from url: URL) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_get_session_from_url(handle, a.c(url.absoluteString), &session)) }
        return try takeRequiredSession(session)
    }

    /// Signs in with an OpenID Connect ID token.
    @discardableResult
    public func signInWithIdToken(provider: String, idToken: String, accessToken: String? = nil, nonce: String? = nil,
                                  options: String? = nil) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in
            try check(gotrue_client_sign_in_with_id_token(handle, a.c(provider), a.c(idToken), a.c(accessToken), a.c(nonce), a.c(options), &session))
        }
        return try takeRequiredSession(session)
    }

    /// Starts SSO by email `domain` or by `providerId` (exactly one); returns the identity provider URL.
    public func signInWithSSO(domain: String? = nil, providerId: String? = nil, options: String? = nil) throws -> URL {
        var url: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_sign_in_with_sso(handle, a.c(domain), a.c(providerId), a.c(options), &url)) }
        return try takeURL(url)
    }

    // MARK: Server

    /// The server's public settings.
    public func settings() throws -> JSONValue {
        var json: UnsafeMutablePointer<CChar>? = nil
        try check(gotrue_client_get_settings(handle, &json))
        return try takeJSON(JSONValue.self, json)
    }

    /// The server's health answer.
    public func health() throws -> JSONValue {
        var json: UnsafeMutablePointer<CChar>? = nil
        try check(gotrue_client_health(handle, &json))
        return try takeJSON(JSONValue.self, json)
    }

    private func takeURL(_ s: UnsafeMutablePointer<CChar>?) throws -> URL {
        guard let text = take(s), let url = URL(string: text) else {
            throw GoTrueError(code: .invalidResponse, message: "the library returned no valid URL")
        }
        return url
    }
}
