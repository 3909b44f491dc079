using System.Threading;
using System.Threading.Tasks;

namespace GoTrue
{
    /// <summary>Multi-factor authentication for the signed-in user (<see cref="Client.Mfa"/>).</summary>
    public sealed partial class MfaApi
    {
        private readonly Client client;
        internal MfaApi(Client client) { this.client = client; }

        /// <summary>Enrolls a TOTP factor. Returns {"id","type":"totp","friendly_name","totp":{"qr_code","secret","uri"}}
        /// (holds the TOTP secret). Unverified until a challenge for it is verified.</summary>
        public string EnrollTotp(string friendlyName = null, string issuer = null)
        {
            Errors.Check(Native.gotrue_client_mfa_enroll_totp(client.Handle, Utf8.Optional(friendlyName, nameof(friendlyName)),
                Utf8.Optional(issuer, nameof(issuer)), out StringHandle factor));
            return factor.Take();
        }

        /// <summary>Enrolls a phone factor for <paramref name="phone"/> (E.164).</summary>
        public string EnrollPhone(string phone, string friendlyName = null)
        {
            Errors.Check(Native.gotrue_client_mfa_enroll_phone(client.Handle, Utf8.Required(phone, nameof(phone)),
                Utf8.Optional(friendlyName, nameof(friendlyName)), out StringHandle factor));
            return factor.Take();
        }

        /// <summary>Creates a challenge; returns {"id","type","expires_at"}. Options: {"channel":"sms"|"whatsapp"}.</summary>
        public string Challenge(string factorId, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_mfa_challenge(client.Handle, Utf8.Required(factorId, nameof(factorId)),
                Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle challenge));
            return challenge.Take();
        }

        /// <summary>Verifies a challenge; the aal2 session becomes the current session.</summary>
        public Session Verify(string factorId, string challengeId, string code)
        {
            Errors.Check(Native.gotrue_client_mfa_verify(client.Handle, Utf8.Required(factorId, nameof(factorId)),
                Utf8.Required(challengeId, nameof(challengeId)), Utf8.Required(code, nameof(code)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Challenge and verify in one call (TOTP factors).</summary>
        public Session ChallengeAndVerify(string factorId, string code)
        {
            Errors.Check(Native.gotrue_client_mfa_challenge_and_verify(client.Handle, Utf8.Required(factorId, nameof(factorId)),
                Utf8.Required(code, nameof(code)), out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Removes a factor (a verified one needs an aal2 session).</summary>
        public void Unenroll(string factorId)
            => Errors.Check(Native.gotrue_client_mfa_unenroll(client.Handle, Utf8.Required(factorId, nameof(factorId))));

        /// <summary>The user's factors: {"all":[...], "totp":[verified], "phone":[verified]}.</summary>
        public string ListFactors()
        {
            Errors.Check(Native.gotrue_client_mfa_list_factors(client.Handle, out StringHandle factors));
            return factors.Take();
        }

        /// <summary>{"current_level","next_level","current_authentication_methods"}, computed locally.</summary>
        public string GetAuthenticatorAssuranceLevel()
        {
            Errors.Check(Native.gotrue_client_mfa_get_authenticator_assurance_level(client.Handle, out StringHandle aal));
            return aal.Take();
        }

        public Task<string> EnrollTotpAsync(string friendlyName = null, string issuer = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_mfa_enroll_totp_start(client.Handle, Utf8.Optional(friendlyName, nameof(friendlyName)), Utf8.Optional(issuer, nameof(issuer)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> EnrollPhoneAsync(string phone, string friendlyName = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_mfa_enroll_phone_start(client.Handle, Utf8.Required(phone, nameof(phone)), Utf8.Optional(friendlyName, nameof(friendlyName)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ChallengeAsync(string factorId, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_mfa_challenge_start(client.Handle, Utf8.Required(factorId, nameof(factorId)), Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> VerifyAsync(string factorId, string challengeId, string code, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_mfa_verify_start(client.Handle, Utf8.Required(factorId, nameof(factorId)), Utf8.Required(challengeId, nameof(challengeId)), Utf8.Required(code, nameof(code)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<Session> ChallengeAndVerifyAsync(string factorId, string code, CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_mfa_challenge_and_verify_start(client.Handle, Utf8.Required(factorId, nameof(factorId)), Utf8.Required(code, nameof(code)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task UnenrollAsync(string factorId, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_client_mfa_unenroll_start(client.Handle, Utf8.Required(factorId, nameof(factorId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListFactorsAsync(CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_mfa_list_factors_start(client.Handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
    }
}
