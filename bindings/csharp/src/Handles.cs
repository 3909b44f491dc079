using System;
using System.Runtime.InteropServices;

namespace GoTrue
{
    // Each native object is owned by a SafeHandle: passing one to a P/Invoke call AddRefs it for the
    // call's duration, so Dispose on another thread defers the free until the call returns, and a
    // call after Dispose throws ObjectDisposedException instead of touching freed memory.

    /// <summary>Owns a <c>GoTrueClient*</c>; freed with gotrue_client_free.</summary>
    public sealed class ClientHandle : SafeHandle
    {
        private ClientHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle()
        {
            Native.gotrue_client_free(handle);
            return true;
        }
    }

    /// <summary>Owns a <c>GoTrueSession*</c>; freed (tokens wiped) with gotrue_session_free.</summary>
    public sealed class SessionHandle : SafeHandle
    {
        private SessionHandle() : base(IntPtr.Zero, true) { }
        /// <summary>A view of a session the library lends to a callback (not freed by this handle).</summary>
        internal SessionHandle(IntPtr borrowed, bool ownsHandle) : base(IntPtr.Zero, ownsHandle) { SetHandle(borrowed); }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle()
        {
            Native.gotrue_session_free(handle);
            return true;
        }
    }

    /// <summary>Owns a <c>GoTrueError*</c>. The wrapper turns it into a GoTrueException at once and frees it.</summary>
    public sealed class ErrorHandle : SafeHandle
    {
        private ErrorHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle()
        {
            Native.gotrue_error_free(handle);
            return true;
        }
    }

    /// <summary>Owns a library-allocated <c>char*</c>; freed (wiped) with gotrue_string_free.</summary>
    public sealed class StringHandle : SafeHandle
    {
        private StringHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle()
        {
            Native.gotrue_string_free(handle);
            return true;
        }

        /// <summary>Decodes the UTF-8 string and frees it; null when the library returned NULL.</summary>
        internal string Take()
        {
            try { return IsInvalid ? null : Utf8.Decode(handle); }
            finally { Dispose(); }
        }
    }
}
