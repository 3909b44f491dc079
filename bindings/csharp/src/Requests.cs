using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace GoTrue
{
    /// <summary>Owns a <c>GoTrueRequest*</c> (a non-blocking call); freed with gotrue_request_free, which
    /// cancels the call if it is still pending.</summary>
    public sealed class RequestHandle : SafeHandle
    {
        private RequestHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle()
        {
            Native.gotrue_request_free(handle);
            return true;
        }
    }

    /// <summary>What a <c>_start</c> call needs besides its own arguments; it writes the handle to Request.</summary>
    internal sealed class StartArgs
    {
        internal RequestCallback Callback;
        internal IntPtr UserData;
        internal ReleaseFn Finalizer;
        internal RequestHandle Request;
    }

    /// <summary>
    /// The async methods: each starts the library's non-blocking form of the call (<c>gotrue_*_start</c>)
    /// and completes a TaskCompletionSource from the library's completion callback, so no thread waits
    /// for the network. A CancellationToken cancels the native request (its HTTP request is dropped);
    /// the task then ends as cancelled. Results, errors and session effects are the blocking call's.
    /// </summary>
    internal static class Requests
    {
        // One callback and one finalizer for every request, kept alive for the process: the
        // per-request state travels in user_data (a GCHandle), so no handler table is needed.
        private static readonly RequestCallback OnComplete = Complete;
        private static readonly ReleaseFn OnRelease = Release;

        private abstract class Op
        {
            internal abstract void Complete();
        }

        private sealed class Op<T> : Op
        {
            private readonly TaskCompletionSource<T> tcs =
                new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly Func<RequestHandle, T> take;
            private readonly CancellationToken token;
            private RequestHandle request;
            private CancellationTokenRegistration registration;
            private int completed;

            internal Op(Func<RequestHandle, T> take, CancellationToken token) { this.take = take; this.token = token; }

            internal Task<T> Task => tcs.Task;

            internal void Started(RequestHandle handle)
            {
                lock (this) request = handle;
            }

            internal void Watch()
            {
                if (!token.CanBeCanceled) return;
                var r = token.Register(Cancel);
                lock (this)
                {
                    registration = r;
                    if (completed == 0) return;
                }
                r.Dispose();
            }

            private void Cancel()
            {
                RequestHandle handle;
                lock (this) handle = request;
                // A request that completed meanwhile was freed: nothing to cancel.
                try { if (handle != null) Native.gotrue_request_cancel(handle); }
                catch (ObjectDisposedException) { }
            }

            internal override void Complete()
            {
                RequestHandle handle;
                CancellationTokenRegistration r;
                lock (this)
                {
                    handle = request;
                    completed = 1;
                    r = registration;
                }
                try
                {
                    tcs.TrySetResult(take(handle));
                }
                catch (GoTrueException e) when (e.Code == ErrorCode.Cancelled)
                {
                    if (token.IsCancellationRequested) tcs.TrySetCanceled(token);
                    else tcs.TrySetCanceled(); // the client was disposed
                }
                catch (Exception e)
                {
                    tcs.TrySetException(e);
                }
                finally
                {
                    r.Dispose();
                    handle.Dispose();
                }
            }
        }

        /// <summary>Starts a request; <paramref name="start"/> converts the arguments and calls the
        /// <c>_start</c> function, <paramref name="take"/> turns the completed request into the result.
        /// Argument errors, a disposed client and start failures end the task at once.</summary>
        internal static Task<T> Run<T>(Func<StartArgs, ErrorHandle> start, Func<RequestHandle, T> take, CancellationToken token)
        {
            if (token.IsCancellationRequested) return Task.FromCanceled<T>(token);
            var op = new Op<T>(take, token);
            GCHandle gc = GCHandle.Alloc(op);
            var args = new StartArgs { Callback = OnComplete, UserData = GCHandle.ToIntPtr(gc), Finalizer = OnRelease };
            try
            {
                // Held across the start so the completion (on a library thread) sees the handle.
                lock (op)
                {
                    GoTrueException failed = Errors.Take(start(args));
                    if (failed != null)
                    {
                        gc.Free(); // the library runs no finalizer for a request that did not start
                        return Task.FromException<T>(failed);
                    }
                    op.Started(args.Request);
                }
            }
            catch (Exception e)
            {
                if (args.Request == null) gc.Free();
                return Task.FromException<T>(e);
            }
            op.Watch();
            return op.Task;
        }

        [MonoPInvokeCallback(typeof(RequestCallback))]
        private static void Complete(IntPtr request, IntPtr userData)
        {
            // Runs on a library worker: nothing may escape into native code.
            try { ((Op)GCHandle.FromIntPtr(userData).Target).Complete(); }
            catch (Exception) { }
        }

        [MonoPInvokeCallback(typeof(ReleaseFn))]
        private static void Release(IntPtr userData)
        {
            try { GCHandle.FromIntPtr(userData).Free(); }
            catch (Exception) { }
        }

        // ---- results ----

        internal static Session TakeSession(RequestHandle r)
        {
            Errors.Check(Native.gotrue_request_take_session(r, out SessionHandle session));
            return Session.Wrap(session);
        }

        internal static string TakeString(RequestHandle r)
        {
            Errors.Check(Native.gotrue_request_take_string(r, out StringHandle text));
            return text.Take();
        }

        internal static bool TakeNothing(RequestHandle r)
        {
            Errors.Check(Native.gotrue_request_error(r));
            return true;
        }

        internal static SignUpResult TakeSignUp(RequestHandle r) => new SignUpResult(TakeSession(r), TakeString(r));

        internal static VerifyOtpResult TakeVerify(RequestHandle r) => new VerifyOtpResult(TakeSession(r), TakeString(r));

        internal static Task<Session> ForSession(Func<StartArgs, ErrorHandle> start, CancellationToken token) => Run(start, TakeSession, token);
        internal static Task<string> ForString(Func<StartArgs, ErrorHandle> start, CancellationToken token) => Run(start, TakeString, token);
        internal static Task ForNothing(Func<StartArgs, ErrorHandle> start, CancellationToken token) => Run(start, TakeNothing, token);
    }
}
