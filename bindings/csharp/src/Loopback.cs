using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace GoTrue
{
    /// <summary>Owns a <c>GoTrueLoopback*</c>; freed (cancelled first) with gotrue_loopback_free.</summary>
    public sealed class LoopbackHandle : SafeHandle
    {
        private LoopbackHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle()
        {
            Native.gotrue_loopback_free(handle);
            return true;
        }
    }

    /// <summary>
    /// A desktop sign-in in progress (gotrue_client_start_loopback_sign_in): a one-shot listener on
    /// 127.0.0.1 that takes the browser's redirect and completes the sign-in through the client.
    /// Open <see cref="Url"/> in the browser, then <see cref="Wait"/>. <see cref="Cancel"/> (or
    /// Dispose) from another thread ends a wait with <see cref="ErrorCode.Cancelled"/>.
    /// </summary>
    public sealed class Loopback : IDisposable
    {
        private readonly LoopbackHandle handle;

        internal Loopback(LoopbackHandle handle)
        {
            this.handle = handle;
            Url = Utf8.Decode(Native.gotrue_loopback_url(handle));
            RedirectTo = Utf8.Decode(Native.gotrue_loopback_redirect_to(handle));
        }

        /// <summary>The URL to open in the browser.</summary>
        public string Url { get; }

        /// <summary>The listener's own URL (it carries the sign-in's state): the redirect URL for "redirect" flows.</summary>
        public string RedirectTo { get; }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> for the sign-in. Throws GoTrueException with the flow's
        /// error, <see cref="ErrorCode.Timeout"/> (the listener stays open: wait again) or
        /// <see cref="ErrorCode.Cancelled"/>. Once complete every later wait returns the same result.
        /// </summary>
        public Session Wait(TimeSpan timeout)
        {
            ulong ms = timeout <= TimeSpan.Zero ? 0UL : (ulong)timeout.TotalMilliseconds;
            Errors.Check(Native.gotrue_loopback_wait(handle, ms, out SessionHandle session));
            return Session.Wrap(session);
        }

        public Task<Session> WaitAsync(TimeSpan timeout) => Task.Run(() => Wait(timeout));

        /// <summary>Stops the listener; waits in progress or later throw Cancelled. Idempotent.</summary>
        public void Cancel()
        {
            if (!handle.IsClosed) Native.gotrue_loopback_cancel(handle);
        }

        /// <summary>Cancels, then frees the listener once no call uses it.</summary>
        public void Dispose()
        {
            try { Cancel(); } catch (ObjectDisposedException) { }
            handle.Dispose();
        }
    }

    public sealed partial class Client
    {
        /// <summary>
        /// Opens a loopback listener for a browser sign-in. <paramref name="providerOrFlow"/>: an OAuth provider
        /// ("github", ...), whose authorize URL <see cref="Loopback.Url"/> then is, or "redirect" for a flow the
        /// app starts itself with <see cref="Loopback.RedirectTo"/> as its redirect URL.
        /// Options: {"port", "path", "scopes", "query_params"}.
        /// </summary>
        public Loopback StartLoopbackSignIn(string providerOrFlow, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_start_loopback_sign_in(handle, Req(providerOrFlow, nameof(providerOrFlow)),
                Opt(optionsJson, nameof(optionsJson)), out LoopbackHandle loopback));
            return new Loopback(loopback);
        }
    }
}
