using System;
using System.Runtime.InteropServices;

namespace GoTrue
{
    /// <summary>What <see cref="Client.GetSessionStatus"/> reports (gotrue_client_session_status).</summary>
    public sealed class SessionStatusInfo : EventArgs
    {
        internal SessionStatusInfo(SessionStatus status, bool isSignOut, GoTrueException lastError)
        {
            Status = status; IsSignOut = isSignOut; LastError = lastError;
        }
        public SessionStatus Status { get; }
        /// <summary>For NotAuthenticated: a session was removed (sign-out, or its refresh token was rejected for good).</summary>
        public bool IsSignOut { get; }
        /// <summary>For RefreshFailing: why the last refresh failed; null otherwise.</summary>
        public GoTrueException LastError { get; }
    }

    public sealed partial class Client
    {
        /// <summary>The session the client holds, as it is: no network call, no refresh (it may be expired). Null when none.</summary>
        public Session CurrentSession()
        {
            Errors.Check(Native.gotrue_client_current_session(handle, out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>The held session's user JSON, no network call; null when signed out.</summary>
        public string CurrentUser()
        {
            Errors.Check(Native.gotrue_client_current_user(handle, out StringHandle user));
            return user.Take();
        }

        /// <summary>Where the client stands now, with no network call.</summary>
        public SessionStatusInfo GetSessionStatus()
        {
            Errors.Check(Native.gotrue_client_session_status(handle, out SessionStatus status, out bool isSignOut, out ErrorHandle last));
            return new SessionStatusInfo(status, isSignOut, Errors.Take(last));
        }

        private readonly object statusLock = new object();
        private EventHandler<SessionStatusInfo> statusChanged;
        private IDisposable statusSubscription;

        /// <summary>
        /// Raised with the new status after every auth event (on the thread that caused it, like
        /// <see cref="OnAuthStateChange"/>). REFRESH_FAILED makes it RefreshFailing with the error.
        /// </summary>
        public event EventHandler<SessionStatusInfo> SessionStatusChanged
        {
            add
            {
                lock (statusLock)
                {
                    statusChanged += value;
                    if (statusSubscription == null)
                        statusSubscription = OnAuthStateChange((e, s) =>
                        {
                            s?.Dispose();
                            statusChanged?.Invoke(this, GetSessionStatus());
                        });
                }
            }
            remove { lock (statusLock) statusChanged -= value; }
        }
    }

    /// <summary>The library's process-wide log hook (gotrue_set_log_callback).</summary>
    public static class GoTrueLog
    {
        private static readonly LogCallback LineThunk = OnLine;

        /// <summary>
        /// Sends every client's structured log lines (never secrets) at <paramref name="level"/> and
        /// more severe to <paramref name="handler"/>, replacing the previous handler; null or
        /// <see cref="LogLevel.Off"/> removes it. The handler runs on any thread, several at once;
        /// exceptions it throws are swallowed.
        /// </summary>
        public static void SetHandler(Action<LogLevel, string> handler, LogLevel level = LogLevel.Info)
        {
            if (handler == null || level == LogLevel.Off)
            {
                Errors.Check(Native.gotrue_set_log_callback(null, (int)LogLevel.Off, IntPtr.Zero, null));
                return;
            }
            IntPtr pin = UserData.Pin(handler);
            try { Errors.Check(Native.gotrue_set_log_callback(LineThunk, (int)level, pin, UserData.Release)); }
            catch { UserData.Free(pin); throw; } // the finalizer is not called on failure
        }

        [MonoPInvokeCallback(typeof(LogCallback))]
        private static void OnLine(LogLevel level, IntPtr line, IntPtr userData)
        {
            try { UserData.Target<Action<LogLevel, string>>(userData)(level, Utf8.Decode(line)); }
            catch (Exception) { }
        }
    }
}
