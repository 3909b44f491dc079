using System;
using System.Threading;
using System.Threading.Tasks;

namespace GoTrue
{
    /// <summary>
    /// A Supabase Auth (GoTrue) client. Thread-safe: any number of threads may call it at once.
    /// Every network call has an <c>...Async</c> twin built on the library's non-blocking calls
    /// (TaskCompletionSource, no thread waits; a CancellationToken cancels the request itself), so a
    /// UI thread is never blocked. Dispose it when done: blocking calls in flight on other threads
    /// finish first (the native client is freed after the last one returns), pending async calls end
    /// as cancelled, later calls throw ObjectDisposedException.
    /// Required string arguments throw ArgumentNullException when null; arguments documented as
    /// nullable are passed to the library as NULL. JSON arguments and results are plain strings:
    /// use the JSON library of your choice. Failures throw <see cref="GoTrueException"/>.
    /// </summary>
    public sealed partial class Client : IDisposable
    {
        private readonly ClientHandle handle;

        /// <param name="url">The Auth server, e.g. "https://PROJECT.supabase.co/auth/v1".</param>
        /// <param name="apiKey">The anon key (the service-role key for <see cref="Admin"/>; never ship it in an app).</param>
        /// <param name="optionsJson">Nullable: {"headers":{...}, "timeout_ms":30000, "storage":{"type":"file","path":DIR},
        /// "flow_type":"pkce"|"implicit", "auto_refresh":false, ...} (see gotrue_client_new in gotrue.h).</param>
        public Client(string url, string apiKey, string optionsJson = null)
            : this(Create(url, apiKey, optionsJson))
        {
        }

        private static ClientHandle Create(string url, string apiKey, string optionsJson)
        {
            GoTrueLibrary.EnsureCompatible();
            Errors.Check(Native.gotrue_client_new(Utf8.Required(url, nameof(url)), Utf8.Required(apiKey, nameof(apiKey)),
                Utf8.Optional(optionsJson, nameof(optionsJson)), out ClientHandle created));
            return created;
        }

        /// <summary>Multi-factor authentication for the signed-in user.</summary>
        public MfaApi Mfa { get; }

        /// <summary>User administration; needs a client created with the service-role key.</summary>
        public AdminApi Admin { get; }

        internal ClientHandle Handle => handle;

        /// <summary>Frees the client (after in-flight calls return). Idempotent. Sessions obtained from it
        /// stay valid. Must not be called from the client's own callbacks.</summary>
        public void Dispose()
        {
            ThrowIfInCallback();
            handle.Dispose();
        }

        private static byte[] Req(string value, string name) => Utf8.Required(value, name);
        private static byte[] Opt(string value, string name) => Utf8.Optional(value, name);

        // ---- sign-up and sign-in ----

        /// <summary>Signs a new user up with email and password (POST /signup).</summary>
        /// <param name="optionsJson">Nullable: {"data":{metadata}, "redirect_to":URL, "captcha_token":T}.</param>
        public SignUpResult SignUp(string email, string password, string optionsJson = null)
            => SignUpCore(Req(email, nameof(email)), null, Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)));

        /// <summary>Signs a new user up with phone (E.164) and password.</summary>
        /// <param name="optionsJson">Nullable: {"data":{metadata}, "captcha_token":T, "channel":"sms"|"whatsapp"}.</param>
        public SignUpResult SignUpWithPhone(string phone, string password, string optionsJson = null)
            => SignUpCore(null, Req(phone, nameof(phone)), Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)));

        private SignUpResult SignUpCore(byte[] email, byte[] phone, byte[] password, byte[] options)
        {
            Errors.Check(Native.gotrue_client_sign_up(handle, email, phone, password, options, out SessionHandle session, out StringHandle user));
            return new SignUpResult(Session.Wrap(session), user.Take());
        }

        /// <summary>Signs in with email and password; the session becomes the current session.</summary>
        public Session SignInWithPassword(string email, string password, string optionsJson = null)
            => SignInWithPasswordCore(Req(email, nameof(email)), null, Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)));

        /// <summary>Signs in with phone and password.</summary>
        public Session SignInWithPhoneAndPassword(string phone, string password, string optionsJson = null)
            => SignInWithPasswordCore(null, Req(phone, nameof(phone)), Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)));

        private Session SignInWithPasswordCore(byte[] email, byte[] phone, byte[] password, byte[] options)
        {
            Errors.Check(Native.gotrue_client_sign_in_with_password(handle, email, phone, password, options, out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Sends a magic link / code to an email (POST /otp). Returns the server's answer JSON.</summary>
        /// <param name="optionsJson">Nullable: {"should_create_user":true, "data":{...}, "redirect_to":URL, "captcha_token":T}.</param>
        public string SignInWithOtp(string email, string optionsJson = null)
            => OtpCore(Req(email, nameof(email)), null, Opt(optionsJson, nameof(optionsJson)));

        /// <summary>Sends a code by SMS/WhatsApp to a phone (POST /otp). Returns e.g. {"message_id":...}.</summary>
        public string SignInWithPhoneOtp(string phone, string optionsJson = null)
            => OtpCore(null, Req(phone, nameof(phone)), Opt(optionsJson, nameof(optionsJson)));

        private string OtpCore(byte[] email, byte[] phone, byte[] options)
        {
            Errors.Check(Native.gotrue_client_sign_in_with_otp(handle, email, phone, options, out StringHandle result));
            return result.Take();
        }

        /// <summary>Verifies an email OTP (POST /verify). <paramref name="type"/>: "email", "signup", "invite",
        /// "magiclink", "recovery", "email_change".</summary>
        public VerifyOtpResult VerifyOtp(string email, string token, string type, string optionsJson = null)
            => VerifyCore(Req(email, nameof(email)), null, Req(token, nameof(token)), null, Req(type, nameof(type)), Opt(optionsJson, nameof(optionsJson)));

        /// <summary>Verifies a phone OTP. <paramref name="type"/>: "sms" or "phone_change".</summary>
        public VerifyOtpResult VerifyPhoneOtp(string phone, string token, string type, string optionsJson = null)
            => VerifyCore(null, Req(phone, nameof(phone)), Req(token, nameof(token)), null, Req(type, nameof(type)), Opt(optionsJson, nameof(optionsJson)));

        /// <summary>Verifies the token_hash from an email link.</summary>
        public VerifyOtpResult VerifyTokenHash(string tokenHash, string type, string optionsJson = null)
            => VerifyCore(null, null, null, Req(tokenHash, nameof(tokenHash)), Req(type, nameof(type)), Opt(optionsJson, nameof(optionsJson)));

        private VerifyOtpResult VerifyCore(byte[] email, byte[] phone, byte[] token, byte[] tokenHash, byte[] type, byte[] options)
        {
            Errors.Check(Native.gotrue_client_verify_otp(handle, email, phone, token, tokenHash, type, options, out SessionHandle session, out StringHandle user));
            return new VerifyOtpResult(Session.Wrap(session), user.Take());
        }

        /// <summary>Sends an email confirmation again (POST /resend). <paramref name="type"/>: "signup" or "email_change".</summary>
        public string Resend(string type, string email, string optionsJson = null)
            => ResendCore(Req(type, nameof(type)), Req(email, nameof(email)), null, Opt(optionsJson, nameof(optionsJson)));

        /// <summary>Sends a phone confirmation again. <paramref name="type"/>: "sms" or "phone_change".</summary>
        public string ResendToPhone(string type, string phone, string optionsJson = null)
            => ResendCore(Req(type, nameof(type)), null, Req(phone, nameof(phone)), Opt(optionsJson, nameof(optionsJson)));

        private string ResendCore(byte[] type, byte[] email, byte[] phone, byte[] options)
        {
            Errors.Check(Native.gotrue_client_resend(handle, type, email, phone, options, out StringHandle result));
            return result.Take();
        }

        /// <summary>Sends a password reset mail (POST /recover).</summary>
        public void ResetPasswordForEmail(string email, string optionsJson = null)
            => Errors.Check(Native.gotrue_client_reset_password_for_email(handle, Req(email, nameof(email)), Opt(optionsJson, nameof(optionsJson))));

        /// <summary>Sends the signed-in user a reauthentication nonce (GET /reauthenticate).</summary>
        public void Reauthenticate() => Errors.Check(Native.gotrue_client_reauthenticate(handle));

        /// <summary>Signs in as a new anonymous user.</summary>
        public Session SignInAnonymously(string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_sign_in_anonymously(handle, Opt(optionsJson, nameof(optionsJson)), out SessionHandle session));
            return Session.Wrap(session);
        }

        // ---- sessions ----

        /// <summary>The current session (refreshed first if about to expire), or null when signed out.</summary>
        public Session GetSession()
        {
            Errors.Check(Native.gotrue_client_get_session(handle, out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Adopts an access + refresh token pair obtained elsewhere.</summary>
        public Session SetSession(string accessToken, string refreshToken)
        {
            Errors.Check(Native.gotrue_client_set_session(handle, Req(accessToken, nameof(accessToken)), Req(refreshToken, nameof(refreshToken)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Exchanges a refresh token (the current session's when null) for a new session. Single-flight.</summary>
        public Session RefreshSession(string refreshToken = null)
        {
            Errors.Check(Native.gotrue_client_refresh_session(handle, Opt(refreshToken, nameof(refreshToken)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Signs out. The local session is removed even when the server already forgot it.</summary>
        public void SignOut(SignOutScope scope = SignOutScope.Global)
            => Errors.Check(Native.gotrue_client_sign_out(handle, (int)scope));

        // ---- user ----

        /// <summary>Fetches the user (GET /user) for <paramref name="jwt"/>, or for the current session when null.</summary>
        public string GetUser(string jwt = null)
        {
            Errors.Check(Native.gotrue_client_get_user(handle, Opt(jwt, nameof(jwt)), out StringHandle user));
            return user.Take();
        }

        /// <summary>Updates the signed-in user (PUT /user): {"email", "phone", "password", "nonce", "data"}.</summary>
        public string UpdateUser(string attributesJson, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_update_user(handle, Req(attributesJson, nameof(attributesJson)), Opt(optionsJson, nameof(optionsJson)), out StringHandle user));
            return user.Take();
        }

        /// <summary>The signed-in user's identities as a JSON array (GET /user).</summary>
        public string GetUserIdentities()
        {
            Errors.Check(Native.gotrue_client_get_user_identities(handle, out StringHandle identities));
            return identities.Take();
        }

        /// <summary>The URL that links OAuth <paramref name="provider"/> to the signed-in user.</summary>
        public string LinkIdentity(string provider, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_link_identity(handle, Req(provider, nameof(provider)), Opt(optionsJson, nameof(optionsJson)), out StringHandle url));
            return url.Take();
        }

        /// <summary>Links an identity with a provider ID token.</summary>
        public Session LinkIdentityWithIdToken(string provider, string idToken, string accessToken = null, string nonce = null, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_link_identity_with_id_token(handle, Req(provider, nameof(provider)), Req(idToken, nameof(idToken)),
                Opt(accessToken, nameof(accessToken)), Opt(nonce, nameof(nonce)), Opt(optionsJson, nameof(optionsJson)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Unlinks an identity (its "identity_id") from the signed-in user.</summary>
        public void UnlinkIdentity(string identityId)
            => Errors.Check(Native.gotrue_client_unlink_identity(handle, Req(identityId, nameof(identityId))));

        // ---- OAuth, PKCE, ID tokens, SSO ----

        /// <summary>Builds the URL that starts an OAuth sign-in (no request is made).</summary>
        /// <param name="optionsJson">Nullable: {"redirect_to":URL, "scopes":"a b", "query_params":{...}}.</param>
        public string GetOAuthUrl(string provider, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_get_oauth_url(handle, Req(provider, nameof(provider)), Opt(optionsJson, nameof(optionsJson)), out StringHandle url));
            return url.Take();
        }

        /// <summary>Exchanges a PKCE auth code (or the whole callback URL) for a session.</summary>
        public Session ExchangeCodeForSession(string codeOrUrl)
        {
            Errors.Check(Native.gotrue_client_exchange_code_for_session(handle, Req(codeOrUrl, nameof(codeOrUrl)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Completes any auth redirect from its callback URL (PKCE code, implicit fragment or error).</summary>
        public Session GetSessionFromUrl(string url)
        {
            Errors.Check(Native.gotrue_client_get_session_from_url(handle, Req(url, nameof(url)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Signs in with an OpenID Connect ID token ("google", "apple", ...).</summary>
        public Session SignInWithIdToken(string provider, string idToken, string accessToken = null, string nonce = null, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_sign_in_with_id_token(handle, Req(provider, nameof(provider)), Req(idToken, nameof(idToken)),
                Opt(accessToken, nameof(accessToken)), Opt(nonce, nameof(nonce)), Opt(optionsJson, nameof(optionsJson)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Starts SSO (SAML) by the user's email domain; returns the identity provider URL to open.</summary>
        public string SignInWithSsoDomain(string domain, string optionsJson = null)
            => SsoCore(Req(domain, nameof(domain)), null, Opt(optionsJson, nameof(optionsJson)));

        /// <summary>Starts SSO (SAML) by SSO provider id; returns the identity provider URL to open.</summary>
        public string SignInWithSsoProvider(string providerId, string optionsJson = null)
            => SsoCore(null, Req(providerId, nameof(providerId)), Opt(optionsJson, nameof(optionsJson)));

        private string SsoCore(byte[] domain, byte[] providerId, byte[] options)
        {
            Errors.Check(Native.gotrue_client_sign_in_with_sso(handle, domain, providerId, options, out StringHandle url));
            return url.Take();
        }

        // ---- server ----

        /// <summary>The server's public settings (GET /settings) as JSON.</summary>
        public string GetSettings()
        {
            Errors.Check(Native.gotrue_client_get_settings(handle, out StringHandle json));
            return json.Take();
        }

        /// <summary>The server's health answer (GET /health) as JSON.</summary>
        public string Health()
        {
            Errors.Check(Native.gotrue_client_health(handle, out StringHandle json));
            return json.Take();
        }

        // ---- async twins: the library's non-blocking calls (no thread waits; see Requests) ----
        // Each returns at once. Cancelling the token cancels the request (its HTTP request is
        // dropped) and the task ends as cancelled; so does every pending one when the client is
        // disposed. Argument errors and a disposed client end the task at once.

        public Task<SignUpResult> SignUpAsync(string email, string password, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.Run(a => Native.gotrue_client_sign_up_start(handle, Req(email, nameof(email)), null, Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), Requests.TakeSignUp, cancellationToken);
        public Task<SignUpResult> SignUpWithPhoneAsync(string phone, string password, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.Run(a => Native.gotrue_client_sign_up_start(handle, null, Req(phone, nameof(phone)), Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), Requests.TakeSignUp, cancellationToken);
        public Task<Session> SignInWithPasswordAsync(string email, string password, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_sign_in_with_password_start(handle, Req(email, nameof(email)), null, Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> SignInWithPhoneAndPasswordAsync(string phone, string password, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_sign_in_with_password_start(handle, null, Req(phone, nameof(phone)), Req(password, nameof(password)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> SignInWithOtpAsync(string email, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_sign_in_with_otp_start(handle, Req(email, nameof(email)), null, Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> SignInWithPhoneOtpAsync(string phone, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_sign_in_with_otp_start(handle, null, Req(phone, nameof(phone)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<VerifyOtpResult> VerifyOtpAsync(string email, string token, string type, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.Run(a => Native.gotrue_client_verify_otp_start(handle, Req(email, nameof(email)), null, Req(token, nameof(token)), null, Req(type, nameof(type)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), Requests.TakeVerify, cancellationToken);
        public Task<VerifyOtpResult> VerifyPhoneOtpAsync(string phone, string token, string type, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.Run(a => Native.gotrue_client_verify_otp_start(handle, null, Req(phone, nameof(phone)), Req(token, nameof(token)), null, Req(type, nameof(type)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), Requests.TakeVerify, cancellationToken);
        public Task<VerifyOtpResult> VerifyTokenHashAsync(string tokenHash, string type, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.Run(a => Native.gotrue_client_verify_otp_start(handle, null, null, null, Req(tokenHash, nameof(tokenHash)), Req(type, nameof(type)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), Requests.TakeVerify, cancellationToken);
        public Task<string> ResendAsync(string type, string email, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_resend_start(handle, Req(type, nameof(type)), Req(email, nameof(email)), null, Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ResendToPhoneAsync(string type, string phone, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_resend_start(handle, Req(type, nameof(type)), null, Req(phone, nameof(phone)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task ResetPasswordForEmailAsync(string email, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_client_reset_password_for_email_start(handle, Req(email, nameof(email)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task ReauthenticateAsync(CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_client_reauthenticate_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> SignInAnonymouslyAsync(string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_sign_in_anonymously_start(handle, Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> GetSessionAsync(CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_get_session_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> SetSessionAsync(string accessToken, string refreshToken, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_set_session_start(handle, Req(accessToken, nameof(accessToken)), Req(refreshToken, nameof(refreshToken)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> RefreshSessionAsync(string refreshToken = null, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_refresh_session_start(handle, Opt(refreshToken, nameof(refreshToken)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task SignOutAsync(SignOutScope scope = SignOutScope.Global, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_client_sign_out_start(handle, (int)scope, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GetUserAsync(string jwt = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_get_user_start(handle, Opt(jwt, nameof(jwt)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> UpdateUserAsync(string attributesJson, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_update_user_start(handle, Req(attributesJson, nameof(attributesJson)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GetUserIdentitiesAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_get_user_identities_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> LinkIdentityAsync(string provider, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_link_identity_start(handle, Req(provider, nameof(provider)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> LinkIdentityWithIdTokenAsync(string provider, string idToken, string accessToken = null, string nonce = null, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_link_identity_with_id_token_start(handle, Req(provider, nameof(provider)), Req(idToken, nameof(idToken)), Opt(accessToken, nameof(accessToken)), Opt(nonce, nameof(nonce)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task UnlinkIdentityAsync(string identityId, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_client_unlink_identity_start(handle, Req(identityId, nameof(identityId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> ExchangeCodeForSessionAsync(string codeOrUrl, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_exchange_code_for_session_start(handle, Req(codeOrUrl, nameof(codeOrUrl)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> GetSessionFromUrlAsync(string url, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_get_session_from_url_start(handle, Req(url, nameof(url)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> SignInWithIdTokenAsync(string provider, string idToken, string accessToken = null, string nonce = null, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_sign_in_with_id_token_start(handle, Req(provider, nameof(provider)), Req(idToken, nameof(idToken)), Opt(accessToken, nameof(accessToken)), Opt(nonce, nameof(nonce)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> SignInWithSsoDomainAsync(string domain, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_sign_in_with_sso_start(handle, Req(domain, nameof(domain)), null, Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> SignInWithSsoProviderAsync(string providerId, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_sign_in_with_sso_start(handle, null, Req(providerId, nameof(providerId)), Opt(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GetSettingsAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_get_settings_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> HealthAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_health_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
    }
}
