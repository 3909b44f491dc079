using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace GoTrue
{
    /// <summary>
    /// An error reported by libgotrue. Match on <see cref="Code"/> (stable numbers, one per server
    /// error code); <see cref="ServerCode"/> keeps the server's string verbatim for codes newer than
    /// this library (Code is then <see cref="ErrorCode.UnknownServerCode"/>).
    /// </summary>
    public class GoTrueException : Exception
    {
        public GoTrueException(ErrorCode code, string message, string serverCode = null, int httpStatus = 0,
            IReadOnlyList<string> weakPasswordReasons = null, TimeSpan? retryAfter = null, bool isRetryable = false)
            : base(message)
        {
            IsRetryable = isRetryable;
            Code = code;
            ServerCode = serverCode;
            HttpStatus = httpStatus;
            WeakPasswordReasons = weakPasswordReasons ?? new ReadOnlyCollection<string>(new string[0]);
            RetryAfter = retryAfter;
        }

        /// <summary>The stable error code. May be a number this enum does not name when the library is newer.</summary>
        public ErrorCode Code { get; }

        /// <summary>The stable name of <see cref="Code"/> from the library (e.g. "invalid_credentials").</summary>
        public string CodeName => GoTrueLibrary.ErrorCodeName(Code);

        /// <summary>The server's error_code string verbatim, or null when the server sent none.</summary>
        public string ServerCode { get; }

        /// <summary>The HTTP status of the server's answer; 0 when the error did not come from the server.</summary>
        public int HttpStatus { get; }

        /// <summary>For <see cref="ErrorCode.WeakPassword"/>: the reasons (e.g. "length", "characters"); empty otherwise.</summary>
        public IReadOnlyList<string> WeakPasswordReasons { get; }

        /// <summary>How long the server asked to wait (Retry-After), or null when it did not say.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>
        /// True when the failure is transient (network, timeout, HTTP 5xx, 429), so the same call may
        /// succeed later (gotrue_error_is_retryable). The library already retried idempotent requests;
        /// a sign-up or sign-in may have reached the server.
        /// </summary>
        public bool IsRetryable { get; }

        public override string ToString()
        {
            return string.Format("GoTrueException: {0} (code {1} {2}{3}{4})", Message, (int)Code, CodeName,
                ServerCode != null ? ", server code " + ServerCode : "",
                HttpStatus != 0 ? ", HTTP " + HttpStatus : "");
        }
    }

    internal static class Errors
    {
        /// <summary>Frees the error and throws it as a GoTrueException; returns when it is NULL (success).</summary>
        internal static void Check(ErrorHandle error)
        {
            GoTrueException exception = Take(error);
            if (exception != null) throw exception;
        }

        /// <summary>Frees the error and returns it as a GoTrueException; null when it is NULL.</summary>
        internal static GoTrueException Take(ErrorHandle error)
        {
            if (error == null || error.IsInvalid) return null;
            using (error)
            {
                long retry = Native.gotrue_error_retry_after(error);
                return new GoTrueException(
                    Native.gotrue_error_code(error),
                    Utf8.Decode(Native.gotrue_error_message(error)),
                    Utf8.Decode(Native.gotrue_error_server_code(error)),
                    Native.gotrue_error_http_status(error),
                    WeakPasswordReasons(error),
                    retry >= 0 ? TimeSpan.FromSeconds(retry) : (TimeSpan?)null,
                    Native.gotrue_error_is_retryable(error));
            }
        }

        private static IReadOnlyList<string> WeakPasswordReasons(ErrorHandle error)
        {
            var reasons = new string[(int)(ulong)Native.gotrue_error_weak_password_reason_count(error)];
            for (int i = 0; i < reasons.Length; i++)
                reasons[i] = Utf8.Decode(Native.gotrue_error_weak_password_reason(error, new UIntPtr((uint)i)));
            return Array.AsReadOnly(reasons);
        }
    }
}
