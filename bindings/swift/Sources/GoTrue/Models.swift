import Foundation

/// A signed-in session, decoded from the JSON the library writes (gotrue_session_to_json).
/// The tokens are secrets: store `Session` like a password.
public struct Session: Codable, Equatable, Sendable {
    public var accessToken: String
    public var refreshToken: String
    /// The lifetime the server granted, in seconds.
    public var expiresIn: Int64
    /// Expiry in Unix seconds.
    public var expiresAt: Int64
    public var tokenType: String
    public var providerToken: String?
    public var providerRefreshToken: String?
    public var user: User

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", refreshToken = "refresh_token", expiresIn = "expires_in"
        case expiresAt = "expires_at", tokenType = "token_type", providerToken = "provider_token"
        case providerRefreshToken = "provider_refresh_token", user
    }

    public var expiryDate: Date { Date(timeIntervalSince1970: TimeInterval(expiresAt)) }

    /// The session as JSON (tokens included), e.g. to persist it; `GoTrueClient.setSession` resumes it.
    public func jsonString() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}

/// A user as the server returns it (fields the server may omit are optional).
public struct User: Codable, Equatable, Sendable {
    public var id: String
    public var aud: String?
    public var role: String?
    public var email: String?
    public var phone: String?
    public var isAnonymous: Bool?
    public var appMetadata: [String: JSONValue]?
    public var userMetadata: [String: JSONValue]?
    public var identities: [JSONValue]?
    public var factors: [JSONValue]?
    public var createdAt: String?
    public var updatedAt: String?
    public var confirmedAt: String?
    public var emailConfirmedAt: String?
    public var phoneConfirmedAt: String?
    public var lastSignInAt: String?
    public var newEmail: String?

    enum CodingKeys: String, CodingKey {
        case id, aud, role, email, phone, identities, factors
        case isAnonymous = "is_anonymous", appMetadata = "app_metadata", userMetadata = "user_metadata"
        case createdAt = "created_at", updatedAt = "updated_at", confirmedAt = "confirmed_at"
        case emailConfirmedAt = "email_confirmed_at", phoneConfirmedAt = "phone_confirmed_at"
        case lastSignInAt = "last_sign_in_at", newEmail = "new_email"
    }
}

/// Any JSON value, for the open-ended objects (metadata, factors, settings, admin pages).
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// The result of a sign-up: a session when the server signed the user in at once (autoconfirm).
public struct SignUpResult: Sendable {
    public var session: Session?
    public var user: User?
}

/// The result of an OTP verification; both are nil for the first of two email-change confirmations.
public struct VerifyOtpResult: Sendable {
    public var session: Session?
    public var user: User?
}

/// Which sessions sign-out ends (GoTrueSignOutScope).
public enum SignOutScope: Int32, Sendable {
    /// Every session of the user, on every device.
    case global = 0
    /// Only this session.
    case local = 1
    /// Every session except this one.
    case others = 2
}
