using System;
using System.Threading.Tasks;

namespace GoTrue
{
    /// <summary>
    /// An immutable session snapshot (tokens, expiry, user). Dispose it when done: the native copy of
    /// the tokens is wiped on free. Safe to read from any thread. The tokens are secrets.
    /// </summary>
    public sealed class Session : IDisposable
    {
        internal readonly SessionHandle Handle;

        private Session(SessionHandle handle) { Handle = handle; }

        /// <summary>Wraps an out-parameter; null (and nothing to free) when the library returned NULL.</summary>
        internal static Session Wrap(SessionHandle handle)
        {
            if (handle == null) return null;
            if (handle.IsInvalid) { handle.Dispose(); return null; }
            return new Session(handle);
        }

        public string AccessToken => Borrowed(Native.gotrue_session_access_token);
        public string RefreshToken => Borrowed(Native.gotrue_session_refresh_token);
        public string TokenType => Borrowed(Native.gotrue_session_token_type);
        /// <summary>Expiry in Unix seconds.</summary>
        public long ExpiresAtUnix => Native.gotrue_session_expires_at(Handle);
        public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresAtUnix);
        /// <summary>The lifetime the server granted.</summary>
        public TimeSpan ExpiresIn => TimeSpan.FromSeconds(Native.gotrue_session_expires_in(Handle));
        /// <summary>Time left before expiry on this machine's clock (negative once expired).</summary>
        public TimeSpan TimeLeft => TimeSpan.FromSeconds(Native.gotrue_session_seconds_left(Handle));
        public string UserId => Borrowed(Native.gotrue_session_user_id);
        /// <summary>The user's email, or null (phone and anonymous users).</summary>
        public string UserEmail => Borrowed(Native.gotrue_session_user_email);
        /// <summary>The user's phone, or null.</summary>
        public string UserPhone => Borrowed(Native.gotrue_session_user_phone);
        /// <summary>The whole user object as JSON (every field the server sent).</summary>
        public string UserJson => Borrowed(Native.gotrue_session_user_json);

        /// <summary>Serializes the session, tokens included: store it like a password.</summary>
        public string ToJson()
        {
            Errors.Check(Native.gotrue_session_to_json(Handle, out StringHandle json));
            return json.Take();
        }

        /// <summary>Parses a session made by <see cref="ToJson"/> (or a GoTrue token answer).
        /// To make it a client's session, pass its tokens to <see cref="Client.SetSession"/>.</summary>
        public static Session FromJson(string json)
        {
            GoTrueLibrary.EnsureCompatible();
            Errors.Check(Native.gotrue_session_from_json(Utf8.Required(json, nameof(json)), out SessionHandle session));
            return Wrap(session);
        }

        public void Dispose() => Handle.Dispose();

        // Borrowed strings live as long as the handle: hold a reference across the read so a
        // concurrent Dispose cannot free them mid-copy.
        private string Borrowed(Func<SessionHandle, IntPtr> accessor)
        {
            bool added = false;
            try
            {
                Handle.DangerousAddRef(ref added);
                return Utf8.Decode(accessor(Handle));
            }
            finally
            {
                if (added) Handle.DangerousRelease();
            }
        }
    }

    /// <summary>The result of a sign-up: a session when the server signed the user in at once
    /// (autoconfirm), else null and only the user.</summary>
    public sealed class SignUpResult : IDisposable
    {
        internal SignUpResult(Session session, string userJson) { Session = session; UserJson = userJson; }
        public Session Session { get; }
        public string UserJson { get; }
        public void Dispose() => Session?.Dispose();
    }

    /// <summary>The result of an OTP verification. Both may be null: the first of two confirmations of
    /// a secure email change succeeds with neither.</summary>
    public sealed class VerifyOtpResult : IDisposable
    {
        internal VerifyOtpResult(Session session, string userJson) { Session = session; UserJson = userJson; }
        public Session Session { get; }
        public string UserJson { get; }
        public void Dispose() => Session?.Dispose();
    }
}
