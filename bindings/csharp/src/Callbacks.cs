using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace GoTrue
{
    /// <summary>
    /// Marks a static method the native library calls. Mono's AOT compiler (iOS, consoles) finds
    /// reverse P/Invoke entry points by this attribute's name; JIT runtimes ignore it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class MonoPInvokeCallbackAttribute : Attribute
    {
        public MonoPInvokeCallbackAttribute(Type delegateType) { DelegateType = delegateType; }
        public Type DelegateType { get; }
    }

    /// <summary>
    /// Every callback registration's <c>user_data</c>: a GCHandle of the managed target, freed by the
    /// registration's finalizer, which the library runs exactly once, after the last callback.
    /// </summary>
    internal static class UserData
    {
        // Static delegate: rooted for the process lifetime, so its native thunk never goes away.
        internal static readonly ReleaseFn Release = Free;

        internal static IntPtr Pin(object target) => GCHandle.ToIntPtr(GCHandle.Alloc(target));

        internal static T Target<T>(IntPtr userData) where T : class => (T)GCHandle.FromIntPtr(userData).Target;

        /// <summary>Frees a pin: the finalizer the library calls, and what a failed registration calls itself.</summary>
        [MonoPInvokeCallback(typeof(ReleaseFn))]
        internal static void Free(IntPtr userData)
        {
            try { GCHandle.FromIntPtr(userData).Free(); } catch (Exception) { }
        }
    }

    /// <summary>
    /// Where a client keeps its session and PKCE verifiers (see GoTrueStorageCallbacks in gotrue.h).
    /// Called from any thread, also from the auto-refresh thread and several at once: implementations
    /// must be thread-safe and must not call back into the client. Values contain tokens: keep them
    /// as secret as a password. Throwing reports GoTrueException with <see cref="ErrorCode.Storage"/>.
    /// </summary>
    public interface ISessionStorage
    {
        /// <summary>The value stored under <paramref name="key"/>, or null when absent.</summary>
        string Get(string key);
        void Set(string key, string value);
        /// <summary>Removes <paramref name="key"/>; removing an absent key is not an error.</summary>
        void Remove(string key);
    }

    /// <summary>Handles an auth state change. <paramref name="session"/> is the session after the change
    /// (a copy the handler owns; null when signed out). It runs on the thread that caused the change
    /// (a caller's or the auto-refresh thread); the causing call waits for it, so keep it short.</summary>
    public delegate void AuthStateChangeHandler(AuthEvent authEvent, Session session);

    public sealed partial class Client
    {
        // ---- storage: the ISessionStorage travels as a GCHandle in user_data, freed by `release` ----

        // Static delegates: rooted for the process lifetime, so their native thunks never go away.
        private static readonly StorageGetFn GetThunk = StorageGet;
        private static readonly StorageSetFn SetThunk = StorageSet;
        private static readonly StorageRemoveFn RemoveThunk = StorageRemove;

        /// <summary>Creates a client whose session and PKCE verifiers live in <paramref name="storage"/>.
        /// <paramref name="optionsJson"/> as for the other constructor, without "storage".</summary>
        public Client(string url, string apiKey, ISessionStorage storage, string optionsJson = null)
            : this(CreateWithStorage(url, apiKey, storage, optionsJson))
        {
        }

        private Client(ClientHandle created)
        {
            handle = created;
            Mfa = new MfaApi(this);
            Admin = new AdminApi(this);
        }

        private static ClientHandle CreateWithStorage(string url, string apiKey, ISessionStorage storage, string optionsJson)
        {
            if (storage == null) throw new ArgumentNullException(nameof(storage));
            GoTrueLibrary.EnsureCompatible();
            byte[] u = Utf8.Required(url, nameof(url)), k = Utf8.Required(apiKey, nameof(apiKey)), o = Utf8.Optional(optionsJson, nameof(optionsJson));
            IntPtr pin = UserData.Pin(storage);
            var callbacks = new StorageCallbacks
            {
                user_data = pin,
                get = Marshal.GetFunctionPointerForDelegate(GetThunk),
                set = Marshal.GetFunctionPointerForDelegate(SetThunk),
                remove = Marshal.GetFunctionPointerForDelegate(RemoveThunk),
                release = Marshal.GetFunctionPointerForDelegate(UserData.Release),
            };
            ErrorHandle error = Native.gotrue_client_new_with_storage(u, k, o, ref callbacks, out ClientHandle created);
            if (!error.IsInvalid) UserData.Free(pin); // `release` is not called when creation fails
            Errors.Check(error);
            return created;
        }

        private static ISessionStorage StorageOf(IntPtr userData) => UserData.Target<ISessionStorage>(userData);

        // Exceptions must not unwind into native frames: each trampoline turns them into a non-zero result.
        [MonoPInvokeCallback(typeof(StorageGetFn))]
        private static int StorageGet(IntPtr userData, IntPtr key, IntPtr outValue)
        {
            try
            {
                string value = StorageOf(userData).Get(Utf8.Decode(key));
                if (value == null) return 0;
                using (var error = Native.gotrue_storage_value_set(outValue, Utf8.Required(value, nameof(value))))
                    return error.IsInvalid ? 0 : 1;
            }
            catch (Exception) { return 1; }
        }

        [MonoPInvokeCallback(typeof(StorageSetFn))]
        private static int StorageSet(IntPtr userData, IntPtr key, IntPtr value)
        {
            try { StorageOf(userData).Set(Utf8.Decode(key), Utf8.Decode(value)); return 0; }
            catch (Exception) { return 1; }
        }

        [MonoPInvokeCallback(typeof(StorageRemoveFn))]
        private static int StorageRemove(IntPtr userData, IntPtr key)
        {
            try { StorageOf(userData).Remove(Utf8.Decode(key)); return 0; }
            catch (Exception) { return 1; }
        }

        // ---- auth state events: the handler travels as a GCHandle in user_data, freed by the finalizer ----

        private static readonly AuthStateCallback AuthThunk = OnAuthState;
        [ThreadStatic] private static int callbackDepth;

        /// <summary>
        /// Subscribes <paramref name="handler"/> to auth state changes (INITIAL_SESSION, SIGNED_IN,
        /// SIGNED_OUT, TOKEN_REFRESHED, USER_UPDATED, PASSWORD_RECOVERY, MFA_CHALLENGE_VERIFIED).
        /// Dispose the result to unsubscribe. Exceptions thrown by the handler are caught and
        /// reported through <see cref="CallbackFailed"/> (they cannot cross into native code). The
        /// handler may call the client but must not Dispose it (InvalidOperationException).
        /// </summary>
        public IDisposable OnAuthStateChange(AuthStateChangeHandler handler)
        {
            if (handler == null) throw new ArgumentNullException(nameof(handler));
            IntPtr pin = UserData.Pin(handler);
            try
            {
                Errors.Check(Native.gotrue_client_on_auth_state_change(handle, AuthThunk, pin, UserData.Release, out ulong id));
                return new Subscription(this, id);
            }
            catch
            {
                UserData.Free(pin); // the finalizer is not called when registration fails
                throw;
            }
        }

        /// <summary>Raised (on the callback's thread) when an auth-state handler throws.</summary>
        public static event Action<Exception> CallbackFailed;

        [MonoPInvokeCallback(typeof(AuthStateCallback))]
        private static void OnAuthState(AuthEvent authEvent, IntPtr session, IntPtr userData)
        {
            callbackDepth++;
            try
            {
                UserData.Target<AuthStateChangeHandler>(userData)(authEvent, CopyBorrowedSession(session));
            }
            catch (Exception e)
            {
                try { CallbackFailed?.Invoke(e); } catch (Exception) { }
            }
            finally { callbackDepth--; }
        }

        /// <summary>The callback's session is borrowed for the call: give the handler its own copy.</summary>
        private static Session CopyBorrowedSession(IntPtr borrowed)
        {
            if (borrowed == IntPtr.Zero) return null;
            using (var view = new SessionHandle(borrowed, ownsHandle: false))
            {
                Errors.Check(Native.gotrue_session_clone(view, out SessionHandle copy));
                return Session.Wrap(copy);
            }
        }

        private sealed class Subscription : IDisposable
        {
            private readonly Client client;
            private readonly ulong id;
            private int disposed;

            internal Subscription(Client client, ulong id) { this.client = client; this.id = id; }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref disposed, 1) != 0) return;
                try { Errors.Check(Native.gotrue_client_unsubscribe(client.handle, id)); }
                catch (ObjectDisposedException) { /* the client is gone, and its subscriptions with it */ }
            }
        }

        private void ThrowIfInCallback()
        {
            if (callbackDepth > 0)
                throw new InvalidOperationException("a GoTrue client must not be disposed from its own callback");
        }

        // ---- start-up, auto-refresh, claims ----

        /// <summary>Resumes the session a previous run saved in the client's storage (the one call an app
        /// makes at start-up); emits INITIAL_SESSION. Null when nothing is stored.</summary>
        public Session Initialize()
        {
            Errors.Check(Native.gotrue_client_initialize(handle, out SessionHandle session));
            return Session.Wrap(session);
        }

        /// <summary>Refreshes the session in the background shortly before it expires. Idempotent.</summary>
        public void StartAutoRefresh() => Errors.Check(Native.gotrue_client_start_auto_refresh(handle));

        /// <summary>Stops the background refresher and waits for it. Idempotent.</summary>
        public void StopAutoRefresh() => Errors.Check(Native.gotrue_client_stop_auto_refresh(handle));

        /// <summary>Verifies a JWT (the current access token when null) and returns {"claims":{...},"header":{...}}.
        /// Asymmetric tokens are checked locally against the server's JWKS; HS256 ones by GET /user.</summary>
        /// <param name="optionsJson">Nullable: {"allow_expired":false}.</param>
        public string GetClaims(string jwt = null, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_client_get_claims(handle, Utf8.Optional(jwt, nameof(jwt)), Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle claims));
            return claims.Take();
        }

        public Task<Session> InitializeAsync(CancellationToken cancellationToken = default)
            => Requests.ForSession(a => Native.gotrue_client_initialize_start(handle, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        /// <summary>Waits for the refresher thread on the thread pool (not a network call).</summary>
        public Task StopAutoRefreshAsync() => Task.Run(() => StopAutoRefresh());
        public Task<string> GetClaimsAsync(string jwt = null, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_client_get_claims_start(handle, Utf8.Optional(jwt, nameof(jwt)), Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
    }
}
