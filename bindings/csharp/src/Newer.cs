using System.Threading;
using System.Threading.Tasks;

namespace GoTrue
{
    // Thin wrappers over the newer server features: the OAuth 2.1 server (consent side and admin
    // clients), Web3 sign-in, passkeys, WebAuthn MFA, custom and SAML SSO providers, the audit
    // log. Open-ended answers are JSON strings, as the C ABI gives them.

    public sealed partial class Client
    {
        /// <summary>A pending OAuth authorization's details for the consent page, or {"redirect_url"} when
        /// the server approved it at once (consent on record).</summary>
        public string OAuthGetAuthorizationDetails(string authorizationId)
        {
            Errors.Check(Native.gotrue_client_oauth_get_authorization_details(handle, Utf8.Required(authorizationId, nameof(authorizationId)), out StringHandle s));
            return s.Take();
        }

        /// <summary>Approves an authorization: {"redirect_url"} (the client's redirect URI with the code).</summary>
        public string OAuthApproveAuthorization(string authorizationId)
        {
            Errors.Check(Native.gotrue_client_oauth_approve_authorization(handle, Utf8.Required(authorizationId, nameof(authorizationId)), out StringHandle s));
            return s.Take();
        }

        /// <summary>Denies an authorization: {"redirect_url"} with error=access_denied.</summary>
        public string OAuthDenyAuthorization(string authorizationId)
        {
            Errors.Check(Native.gotrue_client_oauth_deny_authorization(handle, Utf8.Required(authorizationId, nameof(authorizationId)), out StringHandle s));
            return s.Take();
        }

        /// <summary>The OAuth clients the user has granted access (a JSON array).</summary>
        public string OAuthListGrants()
        {
            Errors.Check(Native.gotrue_client_oauth_list_grants(handle, out StringHandle s));
            return s.Take();
        }

        /// <summary>Revokes the user's grant to an OAuth client.</summary>
        public void OAuthRevokeGrant(string oauthClientId)
            => Errors.Check(Native.gotrue_client_oauth_revoke_grant(handle, Utf8.Required(oauthClientId, nameof(oauthClientId))));

        /// <summary>Builds the EIP-4361 (or Sign-In-With-Solana) message a wallet signs. Options:
        /// {"chain","domain","address","uri","statement","chain_id","nonce","issued_at",...}.</summary>
        public static string BuildWeb3Message(string optionsJson)
        {
            Errors.Check(Native.gotrue_web3_build_message(Utf8.Required(optionsJson, nameof(optionsJson)), out StringHandle s));
            return s.Take();
        }

        /// <summary>Signs in with a wallet's signature: hex for "ethereum", base64 for "solana".</summary>
        public Session SignInWithWeb3(string chain, string message, string signature, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_sign_in_with_web3(handle, Utf8.Required(chain, nameof(chain)), Utf8.Required(message, nameof(message)),
                Utf8.Required(signature, nameof(signature)), Utf8.Optional(optionsJson, nameof(optionsJson)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Starts adding a passkey: {"challenge_id","options","expires_at"} (hand "options" to the authenticator).</summary>
        public string PasskeyRegistrationOptions()
        {
            Errors.Check(Native.gotrue_client_passkey_registration_options(handle, out StringHandle s));
            return s.Take();
        }

        /// <summary>Finishes adding a passkey with the authenticator's answer (PublicKeyCredential JSON).</summary>
        public string PasskeyRegistrationVerify(string challengeId, string credentialJson)
        {
            Errors.Check(Native.gotrue_client_passkey_registration_verify(handle, Utf8.Required(challengeId, nameof(challengeId)),
                Utf8.Required(credentialJson, nameof(credentialJson)), out StringHandle s));
            return s.Take();
        }

        /// <summary>Starts a passkey sign-in (no session needed). Options: {"captcha_token"}.</summary>
        public string PasskeyAuthenticationOptions(string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_passkey_authentication_options(handle, Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle s));
            return s.Take();
        }

        /// <summary>Signs in with the authenticator's assertion.</summary>
        public Session PasskeyAuthenticationVerify(string challengeId, string credentialJson)
        {
            Errors.Check(Native.gotrue_client_passkey_authentication_verify(handle, Utf8.Required(challengeId, nameof(challengeId)),
                Utf8.Required(credentialJson, nameof(credentialJson)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>The user's passkeys (a JSON array).</summary>
        public string ListPasskeys()
        {
            Errors.Check(Native.gotrue_client_list_passkeys(handle, out StringHandle s));
            return s.Take();
        }

        /// <summary>Changes a passkey: {"friendly_name"}.</summary>
        public string UpdatePasskey(string passkeyId, string attributesJson)
        {
            Errors.Check(Native.gotrue_client_update_passkey(handle, Utf8.Required(passkeyId, nameof(passkeyId)),
                Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public void DeletePasskey(string passkeyId)
            => Errors.Check(Native.gotrue_client_delete_passkey(handle, Utf8.Required(passkeyId, nameof(passkeyId))));

        // ---- async (the _start forms) ----

        public Task<string> OAuthGetAuthorizationDetailsAsync(string authorizationId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_oauth_get_authorization_details_start(handle, Utf8.Required(authorizationId, nameof(authorizationId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> OAuthApproveAuthorizationAsync(string authorizationId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_oauth_approve_authorization_start(handle, Utf8.Required(authorizationId, nameof(authorizationId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> OAuthDenyAuthorizationAsync(string authorizationId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_oauth_deny_authorization_start(handle, Utf8.Required(authorizationId, nameof(authorizationId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> OAuthListGrantsAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_oauth_list_grants_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task OAuthRevokeGrantAsync(string oauthClientId, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_client_oauth_revoke_grant_start(handle, Utf8.Required(oauthClientId, nameof(oauthClientId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> SignInWithWeb3Async(string chain, string message, string signature, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_sign_in_with_web3_start(handle, Utf8.Required(chain, nameof(chain)), Utf8.Required(message, nameof(message)), Utf8.Required(signature, nameof(signature)), Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> PasskeyRegistrationOptionsAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_passkey_registration_options_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> PasskeyRegistrationVerifyAsync(string challengeId, string credentialJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_passkey_registration_verify_start(handle, Utf8.Required(challengeId, nameof(challengeId)), Utf8.Required(credentialJson, nameof(credentialJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> PasskeyAuthenticationOptionsAsync(string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_passkey_authentication_options_start(handle, Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> PasskeyAuthenticationVerifyAsync(string challengeId, string credentialJson, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_passkey_authentication_verify_start(handle, Utf8.Required(challengeId, nameof(challengeId)), Utf8.Required(credentialJson, nameof(credentialJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListPasskeysAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_list_passkeys_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> UpdatePasskeyAsync(string passkeyId, string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_update_passkey_start(handle, Utf8.Required(passkeyId, nameof(passkeyId)), Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task DeletePasskeyAsync(string passkeyId, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_client_delete_passkey_start(handle, Utf8.Required(passkeyId, nameof(passkeyId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
    }

    public sealed partial class MfaApi
    {
        /// <summary>Enrolls a WebAuthn factor: {"id","type":"webauthn","friendly_name"}.</summary>
        public string EnrollWebAuthn(string friendlyName = null)
        {
            Errors.Check(Native.gotrue_client_mfa_enroll_webauthn(client.Handle, Utf8.Optional(friendlyName, nameof(friendlyName)), out StringHandle factor));
            return factor.Take();
        }

        /// <summary>Verifies a WebAuthn challenge; <paramref name="webauthnType"/> is "create" or "request".</summary>
        public Session VerifyWebAuthn(string factorId, string challengeId, string webauthnType, string credentialJson)
        {
            Errors.Check(Native.gotrue_client_mfa_verify_webauthn(client.Handle, Utf8.Required(factorId, nameof(factorId)),
                Utf8.Required(challengeId, nameof(challengeId)), Utf8.Required(webauthnType, nameof(webauthnType)),
                Utf8.Required(credentialJson, nameof(credentialJson)), out SessionHandle session));
            return Session.Wrap(session);
        }

        // ---- async (the _start forms) ----

        public Task<string> EnrollWebAuthnAsync(string friendlyName = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_mfa_enroll_webauthn_start(client.Handle, Utf8.Optional(friendlyName, nameof(friendlyName)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> VerifyWebAuthnAsync(string factorId, string challengeId, string webauthnType, string credentialJson, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_mfa_verify_webauthn_start(client.Handle, Utf8.Required(factorId, nameof(factorId)), Utf8.Required(challengeId, nameof(challengeId)), Utf8.Required(webauthnType, nameof(webauthnType)), Utf8.Required(credentialJson, nameof(credentialJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
    }

    public sealed partial class AdminApi
    {
        /// <summary>One page of the audit log: {"entries","next_page","last_page","total"}. Options: {"page","per_page","query"}.</summary>
        public string ListAuditLog(string optionsJson = null)
        {
            Errors.Check(Native.gotrue_admin_list_audit_log(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle s));
            return s.Take();
        }

        public string UpdateFactor(string userId, string factorId, string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_mfa_update_factor(client.Handle, Utf8.Required(userId, nameof(userId)), Utf8.Required(factorId, nameof(factorId)),
                Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public string ListUserPasskeys(string userId)
        {
            Errors.Check(Native.gotrue_admin_list_user_passkeys(client.Handle, Utf8.Required(userId, nameof(userId)), out StringHandle s));
            return s.Take();
        }

        public void DeleteUserPasskey(string userId, string passkeyId)
            => Errors.Check(Native.gotrue_admin_delete_user_passkey(client.Handle, Utf8.Required(userId, nameof(userId)), Utf8.Required(passkeyId, nameof(passkeyId))));

        public string ListOAuthClients()
        {
            Errors.Check(Native.gotrue_admin_oauth_list_clients(client.Handle, out StringHandle s));
            return s.Take();
        }

        /// <summary>Registers an OAuth client; a confidential client's answer holds its secret.</summary>
        public string CreateOAuthClient(string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_oauth_create_client(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public string GetOAuthClient(string clientId)
        {
            Errors.Check(Native.gotrue_admin_oauth_get_client(client.Handle, Utf8.Required(clientId, nameof(clientId)), out StringHandle s));
            return s.Take();
        }

        public string UpdateOAuthClient(string clientId, string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_oauth_update_client(client.Handle, Utf8.Required(clientId, nameof(clientId)),
                Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public void DeleteOAuthClient(string clientId)
            => Errors.Check(Native.gotrue_admin_oauth_delete_client(client.Handle, Utf8.Required(clientId, nameof(clientId))));

        public string RegenerateOAuthClientSecret(string clientId)
        {
            Errors.Check(Native.gotrue_admin_oauth_regenerate_client_secret(client.Handle, Utf8.Required(clientId, nameof(clientId)), out StringHandle s));
            return s.Take();
        }

        public string ListCustomProviders(string optionsJson = null)
        {
            Errors.Check(Native.gotrue_admin_list_custom_providers(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle s));
            return s.Take();
        }

        public string CreateCustomProvider(string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_create_custom_provider(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public string GetCustomProvider(string identifier)
        {
            Errors.Check(Native.gotrue_admin_get_custom_provider(client.Handle, Utf8.Required(identifier, nameof(identifier)), out StringHandle s));
            return s.Take();
        }

        public string UpdateCustomProvider(string identifier, string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_update_custom_provider(client.Handle, Utf8.Required(identifier, nameof(identifier)),
                Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public void DeleteCustomProvider(string identifier)
            => Errors.Check(Native.gotrue_admin_delete_custom_provider(client.Handle, Utf8.Required(identifier, nameof(identifier))));

        public string ListSsoProviders(string optionsJson = null)
        {
            Errors.Check(Native.gotrue_admin_list_sso_providers(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle s));
            return s.Take();
        }

        public string CreateSsoProvider(string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_create_sso_provider(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public string GetSsoProvider(string providerId)
        {
            Errors.Check(Native.gotrue_admin_get_sso_provider(client.Handle, Utf8.Required(providerId, nameof(providerId)), out StringHandle s));
            return s.Take();
        }

        public string UpdateSsoProvider(string providerId, string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_update_sso_provider(client.Handle, Utf8.Required(providerId, nameof(providerId)),
                Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle s));
            return s.Take();
        }

        public string DeleteSsoProvider(string providerId)
        {
            Errors.Check(Native.gotrue_admin_delete_sso_provider(client.Handle, Utf8.Required(providerId, nameof(providerId)), out StringHandle s));
            return s.Take();
        }

        // ---- async (the _start forms) ----

        public Task<string> ListAuditLogAsync(string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_list_audit_log_start(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> UpdateFactorAsync(string userId, string factorId, string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_mfa_update_factor_start(client.Handle, Utf8.Required(userId, nameof(userId)), Utf8.Required(factorId, nameof(factorId)), Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListUserPasskeysAsync(string userId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_list_user_passkeys_start(client.Handle, Utf8.Required(userId, nameof(userId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task DeleteUserPasskeyAsync(string userId, string passkeyId, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_admin_delete_user_passkey_start(client.Handle, Utf8.Required(userId, nameof(userId)), Utf8.Required(passkeyId, nameof(passkeyId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListOAuthClientsAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_oauth_list_clients_start(client.Handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> CreateOAuthClientAsync(string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_oauth_create_client_start(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GetOAuthClientAsync(string clientId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_oauth_get_client_start(client.Handle, Utf8.Required(clientId, nameof(clientId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> UpdateOAuthClientAsync(string clientId, string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_oauth_update_client_start(client.Handle, Utf8.Required(clientId, nameof(clientId)), Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task DeleteOAuthClientAsync(string clientId, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_admin_oauth_delete_client_start(client.Handle, Utf8.Required(clientId, nameof(clientId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> RegenerateOAuthClientSecretAsync(string clientId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_oauth_regenerate_client_secret_start(client.Handle, Utf8.Required(clientId, nameof(clientId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListCustomProvidersAsync(string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_list_custom_providers_start(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> CreateCustomProviderAsync(string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_create_custom_provider_start(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GetCustomProviderAsync(string identifier, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_get_custom_provider_start(client.Handle, Utf8.Required(identifier, nameof(identifier)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> UpdateCustomProviderAsync(string identifier, string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_update_custom_provider_start(client.Handle, Utf8.Required(identifier, nameof(identifier)), Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task DeleteCustomProviderAsync(string identifier, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_admin_delete_custom_provider_start(client.Handle, Utf8.Required(identifier, nameof(identifier)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListSsoProvidersAsync(string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_list_sso_providers_start(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> CreateSsoProviderAsync(string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_create_sso_provider_start(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GetSsoProviderAsync(string providerId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_get_sso_provider_start(client.Handle, Utf8.Required(providerId, nameof(providerId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> UpdateSsoProviderAsync(string providerId, string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_update_sso_provider_start(client.Handle, Utf8.Required(providerId, nameof(providerId)), Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> DeleteSsoProviderAsync(string providerId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_delete_sso_provider_start(client.Handle, Utf8.Required(providerId, nameof(providerId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
    }
}
