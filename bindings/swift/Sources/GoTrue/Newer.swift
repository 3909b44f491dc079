import CGoTrue
import Foundation

// Thin wrappers over the newer server features: the OAuth 2.1 server's consent side, Web3
// sign-in, passkeys, WebAuthn MFA and the newer admin API. Open-ended answers are JSONValue.

/// Runs a call with one JSON out-parameter and decodes it.
private func jsonOut(_ call: (CArgs, inout UnsafeMutablePointer<CChar>?) throws -> Void) throws -> JSONValue {
    var out: UnsafeMutablePointer<CChar>? = nil
    try withCArgs { a in try call(a, &out) }
    return try takeJSON(JSONValue.self, out)
}

extension GoTrueClient {
    /// A pending OAuth authorization's details, or {"redirect_url"} when the server approved it at once.
    public func oauthAuthorizationDetails(id: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_client_oauth_get_authorization_details(handle, a.c(id), &out)) }
    }

    /// Approves: {"redirect_url"} with the code.
    public func oauthApproveAuthorization(id: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_client_oauth_approve_authorization(handle, a.c(id), &out)) }
    }

    /// Denies: {"redirect_url"} with error=access_denied.
    public func oauthDenyAuthorization(id: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_client_oauth_deny_authorization(handle, a.c(id), &out)) }
    }

    public func oauthGrants() throws -> JSONValue {
        try jsonOut { _, out in try check(gotrue_client_oauth_list_grants(handle, &out)) }
    }

    public func oauthRevokeGrant(clientId: String) throws {
        try withCArgs { a in try check(gotrue_client_oauth_revoke_grant(handle, a.c(clientId))) }
    }

    /// Builds the EIP-4361 (or Sign-In-With-Solana) message a wallet signs.
    public static func web3Message(options: String) throws -> String {
        var out: UnsafeMutablePointer<CChar>? = nil
        try withCArgs { a in try check(gotrue_web3_build_message(a.c(options), &out)) }
        guard let text = take(out) else { throw GoTrueError(code: .invalidResponse, message: "the library returned no message") }
        return text
    }

    /// Signs in with a wallet's signature of `message`: hex for "ethereum", base64 for "solana".
    @discardableResult
    public func signInWithWeb3(chain: String, message: String, signature: String, options: String? = nil) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in
            try check(gotrue_client_sign_in_with_web3(handle, a.c(chain), a.c(message), a.c(signature), a.c(options), &session))
        }
        return try takeRequiredSession(session)
    }

    /// {"challenge_id", "options", "expires_at"}: pass "options" to ASAuthorization.
    public func passkeyRegistrationOptions() throws -> JSONValue {
        try jsonOut { _, out in try check(gotrue_client_passkey_registration_options(handle, &out)) }
    }

    public func passkeyRegistrationVerify(challengeId: String, credential: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_client_passkey_registration_verify(handle, a.c(challengeId), a.c(credential), &out)) }
    }

    public func passkeyAuthenticationOptions(options: String? = nil) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_client_passkey_authentication_options(handle, a.c(options), &out)) }
    }

    @discardableResult
    public func passkeyAuthenticationVerify(challengeId: String, credential: String) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in
            try check(gotrue_client_passkey_authentication_verify(handle, a.c(challengeId), a.c(credential), &session))
        }
        return try takeRequiredSession(session)
    }

    public func passkeys() throws -> JSONValue {
        try jsonOut { _, out in try check(gotrue_client_list_passkeys(handle, &out)) }
    }

    public func updatePasskey(id: String, attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_client_update_passkey(handle, a.c(id), a.c(attributes), &out)) }
    }

    public func deletePasskey(id: String) throws {
        try withCArgs { a in try check(gotrue_client_delete_passkey(handle, a.c(id))) }
    }
}

extension MFA {
    public func enrollWebAuthn(friendlyName: String? = nil) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_client_mfa_enroll_webauthn(client.handle, a.c(friendlyName), &out)) }
    }

    /// `webauthnType`: "create" or "request", as the challenge says.
    @discardableResult
    public func verifyWebAuthn(factorId: String, challengeId: String, webauthnType: String, credential: String) throws -> Session {
        var session: OpaquePointer? = nil
        try withCArgs { a in
            try check(gotrue_client_mfa_verify_webauthn(client.handle, a.c(factorId), a.c(challengeId), a.c(webauthnType), a.c(credential), &session))
        }
        return try takeRequiredSession(session)
    }
}

extension Admin {
    public func auditLog(options: String? = nil) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_list_audit_log(client.handle, a.c(options), &out)) }
    }

    public func updateFactor(userId: String, factorId: String, attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_mfa_update_factor(client.handle, a.c(userId), a.c(factorId), a.c(attributes), &out)) }
    }

    public func userPasskeys(userId: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_list_user_passkeys(client.handle, a.c(userId), &out)) }
    }

    public func deleteUserPasskey(userId: String, passkeyId: String) throws {
        try withCArgs { a in try check(gotrue_admin_delete_user_passkey(client.handle, a.c(userId), a.c(passkeyId))) }
    }

    public func oauthClients() throws -> JSONValue {
        try jsonOut { _, out in try check(gotrue_admin_oauth_list_clients(client.handle, &out)) }
    }

    public func createOAuthClient(attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_oauth_create_client(client.handle, a.c(attributes), &out)) }
    }

    public func oauthClient(id: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_oauth_get_client(client.handle, a.c(id), &out)) }
    }

    public func updateOAuthClient(id: String, attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_oauth_update_client(client.handle, a.c(id), a.c(attributes), &out)) }
    }

    public func deleteOAuthClient(id: String) throws {
        try withCArgs { a in try check(gotrue_admin_oauth_delete_client(client.handle, a.c(id))) }
    }

    public func regenerateOAuthClientSecret(id: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_oauth_regenerate_client_secret(client.handle, a.c(id), &out)) }
    }

    public func customProviders(options: String? = nil) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_list_custom_providers(client.handle, a.c(options), &out)) }
    }

    public func createCustomProvider(attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_create_custom_provider(client.handle, a.c(attributes), &out)) }
    }

    public func customProvider(identifier: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_get_custom_provider(client.handle, a.c(identifier), &out)) }
    }

    public func updateCustomProvider(identifier: String, attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_update_custom_provider(client.handle, a.c(identifier), a.c(attributes), &out)) }
    }

    public func deleteCustomProvider(identifier: String) throws {
        try withCArgs { a in try check(gotrue_admin_delete_custom_provider(client.handle, a.c(identifier))) }
    }

    public func ssoProviders(options: String? = nil) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_list_sso_providers(client.handle, a.c(options), &out)) }
    }

    public func createSSOProvider(attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_create_sso_provider(client.handle, a.c(attributes), &out)) }
    }

    public func ssoProvider(id: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_get_sso_provider(client.handle, a.c(id), &out)) }
    }

    public func updateSSOProvider(id: String, attributes: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_update_sso_provider(client.handle, a.c(id), a.c(attributes), &out)) }
    }

    @discardableResult
    public func deleteSSOProvider(id: String) throws -> JSONValue {
        try jsonOut { a, out in try check(gotrue_admin_delete_sso_provider(client.handle, a.c(id), &out)) }
    }
}

// MARK: async twins (the _start forms: no thread waits; cancelling the task cancels the request)

extension GoTrueClient {
    public func oauthAuthorizationDetails(id: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_oauth_get_authorization_details_start(handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    public func oauthApproveAuthorization(id: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_oauth_approve_authorization_start(handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    public func oauthDenyAuthorization(id: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_oauth_deny_authorization_start(handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    public func oauthGrants() async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { _, ud, out in
            gotrue_client_oauth_list_grants_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    public func oauthRevokeGrant(clientId: String) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_client_oauth_revoke_grant_start(handle, try a.c(clientId), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func signInWithWeb3(chain: String, message: String, signature: String, options: String? = nil) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_sign_in_with_web3_start(handle, try a.c(chain), try a.c(message), try a.c(signature), try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func passkeyRegistrationOptions() async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { _, ud, out in
            gotrue_client_passkey_registration_options_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    public func passkeyRegistrationVerify(challengeId: String, credential: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_passkey_registration_verify_start(handle, try a.c(challengeId), try a.c(credential), requestDone, ud, requestRelease, out)
        }
    }

    public func passkeyAuthenticationOptions(options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_passkey_authentication_options_start(handle, try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func passkeyAuthenticationVerify(challengeId: String, credential: String) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_passkey_authentication_verify_start(handle, try a.c(challengeId), try a.c(credential), requestDone, ud, requestRelease, out)
        }
    }

    public func passkeys() async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { _, ud, out in
            gotrue_client_list_passkeys_start(handle, requestDone, ud, requestRelease, out)
        }
    }

    public func updatePasskey(id: String, attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_update_passkey_start(handle, try a.c(id), try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func deletePasskey(id: String) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_client_delete_passkey_start(handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }
}

extension MFA {
    public func enrollWebAuthn(friendlyName: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_client_mfa_enroll_webauthn_start(client.handle, try a.c(friendlyName), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func verifyWebAuthn(factorId: String, challengeId: String, webauthnType: String, credential: String) async throws -> Session {
        try await startRequest(takeRequestRequiredSession) { a, ud, out in
            gotrue_client_mfa_verify_webauthn_start(client.handle, try a.c(factorId), try a.c(challengeId), try a.c(webauthnType), try a.c(credential), requestDone, ud, requestRelease, out)
        }
    }
}

extension Admin {
    public func auditLog(options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_list_audit_log_start(client.handle, try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func updateFactor(userId: String, factorId: String, attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_mfa_update_factor_start(client.handle, try a.c(userId), try a.c(factorId), try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func userPasskeys(userId: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_list_user_passkeys_start(client.handle, try a.c(userId), requestDone, ud, requestRelease, out)
        }
    }

    public func deleteUserPasskey(userId: String, passkeyId: String) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_admin_delete_user_passkey_start(client.handle, try a.c(userId), try a.c(passkeyId), requestDone, ud, requestRelease, out)
        }
    }

    public func oauthClients() async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { _, ud, out in
            gotrue_admin_oauth_list_clients_start(client.handle, requestDone, ud, requestRelease, out)
        }
    }

    public func createOAuthClient(attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_oauth_create_client_start(client.handle, try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func oauthClient(id: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_oauth_get_client_start(client.handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    public func updateOAuthClient(id: String, attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_oauth_update_client_start(client.handle, try a.c(id), try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func deleteOAuthClient(id: String) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_admin_oauth_delete_client_start(client.handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    public func regenerateOAuthClientSecret(id: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_oauth_regenerate_client_secret_start(client.handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    public func customProviders(options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_list_custom_providers_start(client.handle, try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func createCustomProvider(attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_create_custom_provider_start(client.handle, try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func customProvider(identifier: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_get_custom_provider_start(client.handle, try a.c(identifier), requestDone, ud, requestRelease, out)
        }
    }

    public func updateCustomProvider(identifier: String, attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_update_custom_provider_start(client.handle, try a.c(identifier), try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func deleteCustomProvider(identifier: String) async throws {
        try await startRequest(takeRequestNothing) { a, ud, out in
            gotrue_admin_delete_custom_provider_start(client.handle, try a.c(identifier), requestDone, ud, requestRelease, out)
        }
    }

    public func ssoProviders(options: String? = nil) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_list_sso_providers_start(client.handle, try a.c(options), requestDone, ud, requestRelease, out)
        }
    }

    public func createSSOProvider(attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_create_sso_provider_start(client.handle, try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    public func ssoProvider(id: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_get_sso_provider_start(client.handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }

    public func updateSSOProvider(id: String, attributes: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_update_sso_provider_start(client.handle, try a.c(id), try a.c(attributes), requestDone, ud, requestRelease, out)
        }
    }

    @discardableResult
    public func deleteSSOProvider(id: String) async throws -> JSONValue {
        try await startRequest(takeRequestJSON(JSONValue.self)) { a, ud, out in
            gotrue_admin_delete_sso_provider_start(client.handle, try a.c(id), requestDone, ud, requestRelease, out)
        }
    }
}
