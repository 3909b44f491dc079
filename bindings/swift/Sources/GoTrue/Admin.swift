import CGoTrue
import Foundation

/// User administration (`client.admin`): the client must use the service-role key, on a server you control.
public struct Admin: Sendable {
    let client: GoTrueClient

    /// Creates a user; `attributes` JSON: email/phone, password, email_confirm, user_metadata, ...
    public func createUser(attributes: String) throws -> User {
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_create_user(client.handle, a.c(attributes), &user)) }
        return try takeJSON(User.self, user)
    }

    public func user(id: String) throws -> User {
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_get_user_by_id(client.handle, a.c(id), &user)) }
        return try takeJSON(User.self, user)
    }

    @discardableResult
    public func updateUser(id: String, attributes: String) throws -> User {
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_update_user_by_id(client.handle, a.c(id), a.c(attributes), &user)) }
        return try takeJSON(User.self, user)
    }

    public func deleteUser(id: String, softDelete: Bool = false) throws {
        try withCArgs { a in try check(gotrue_admin_delete_user(client.handle, a.c(id), softDelete)) }
    }

    /// One page: {"users":[...], "next_page", "last_page", "total"}. Options: {"page","per_page","filter"}.
    public func listUsers(options: String? = nil) throws -> JSONValue {
        var page: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_list_users(client.handle, a.c(options), &page)) }
        return try takeJSON(JSONValue.self, page)
    }

    @discardableResult
    public func inviteUser(email: String, options: String? = nil) throws -> User {
        var user: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_invite_user_by_email(client.handle, a.c(email), a.c(options), &user)) }
        return try takeJSON(User.self, user)
    }

    /// {"properties":{"action_link","email_otp","hashed_token",...}, "user":{...}}: secrets.
    public func generateLink(type: String, email: String, password: String? = nil, options: String? = nil) throws -> JSONValue {
        var link: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_generate_link(client.handle, a.c(type), a.c(email), a.c(password), a.c(options), &link)) }
        return try takeJSON(JSONValue.self, link)
    }

    public func signOut(jwt: String, scope: SignOutScope = .global) throws {
        try withCArgs { a in try check(gotrue_admin_sign_out(client.handle, a.c(jwt), scope.rawValue)) }
    }

    public func listFactors(userId: String) throws -> [JSONValue] {
        var factors: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_mfa_list_factors(client.handle, a.c(userId), &factors)) }
        return try takeJSON([JSONValue].self, factors)
    }

    @discardableResult
    public func deleteFactor(userId: String, factorId: String) throws -> JSONValue {
        var factor: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_admin_mfa_delete_factor(client.handle, a.c(userId), a.c(factorId), &factor)) }
        return try takeJSON(JSONValue.self, factor)
    }
}
