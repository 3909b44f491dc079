import CGoTrue
import Foundation

/// Multi-factor authentication for the signed-in user (`client.mfa`).
public struct MFA: Sendable {
    let client: GoTrueClient

    /// Enrolls a TOTP factor: {"id", "type":"totp", "totp":{"qr_code", "secret", "uri"}} (holds the secret).
    public func enrollTOTP(friendlyName: String? = nil, issuer: String? = nil) throws -> JSONValue {
        var factor: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_mfa_enroll_totp(client.handle, a.c(friendlyName), a.c(issuer), &factor)) }
        return try takeJSON(JSONValue.self, factor)
    }

    /// Enrolls a phone factor (E.164 number).
    public func enrollPhone(_ phone: String, friendlyName: String? = nil) throws -> JSONValue {
        var factor: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_mfa_enroll_phone(client.handle, a.c(phone), a.c(friendlyName), &factor)) }
        return try takeJSON(JSONValue.self, factor)
    }

    /// Creates a challenge: {"id", "type", "expires_at"}. Options: {"channel":"sms"|"whatsapp"}.
    public func challenge(factorId: String, options: String? = nil) throws -> JSONValue {
        var challenge: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_client_mfa_challenge(client.handle, a.c(factorId), a.c(options), &challenge)) }
        return try takeJSON(JSONValue.self, challenge)
    }

    /// Verifies a challenge; the aal2 session becomes the current session.
    @discardableResult
    public func verify(factorId: String, challengeId: String, code: String) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_mfa_verify(client.handle, a.c(factorId), a.c(challengeId), a.c(code), &session)) }
        return try takeRequiredSession(session)
    }

    /// Challenge and verify in one call (TOTP).
    @discardableResult
    public func challengeAndVerify(factorId: String, code: String) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in try check(gotrue_client_mfa_challenge_and_verify(client.handle, a.c(factorId), a.c(code), &session)) }
        return try takeRequiredSession(session)
    }

    /// Removes a factor.
    public func unenroll(factorId: String) throws {
        try withCArgs { a in try check(gotrue_client_mfa_unenroll(client.handle, a.c(factorId))) }
    }

    /// {"all":[...], "totp":[verified], "phone":[verified]}.
    public func listFactors() throws -> JSONValue {
        var factors: UnsafeMutablePointer<CChar>? = nil
        try check(gotrue_client_mfa_list_factors(client.handle, &factors))
        return try takeJSON(JSONValue.self, factors)
    }

    /// {"current_level", "next_level", "current_authentication_methods"}, computed locally.
    public func authenticatorAssuranceLevel() throws -> JSONValue {
        var aal: UnsafeMutablePointer<CChar>? = nil
        try check(gotrue_client_mfa_get_authenticator_assurance_level(client.handle, &aal))
        return try takeJSON(JSONValue.self, aal)
    }
}
