package dev.libgotrue

import com.sun.jna.Pointer
import com.sun.jna.ptr.ByteByReference
import com.sun.jna.ptr.IntByReference
import com.sun.jna.ptr.LongByReference
import com.sun.jna.ptr.PointerByReference
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import java.lang.ref.Cleaner
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * A Supabase Auth client over libgotrue's C ABI.
 *
 * Thread-safe: use it from any thread or coroutine. Every call has a `suspend` form and a
 * `...Blocking` form for Java callers. The `suspend` forms of network calls run on the library's
 * non-blocking requests: no JVM thread waits for the network, and cancelling the coroutine cancels
 * the request itself. [close] frees the native client once; calls after it throw
 * [IllegalStateException]; a call in flight keeps the native client alive until it returns. A client
 * that is never closed is freed by a [Cleaner] once it is unreachable.
 *
 * @param url the Auth server, e.g. "https://<project>.supabase.co/auth/v1".
 * @param apiKey the project's anon key (the service-role key for [admin]; never ship it in an app).
 * @param options client options as for gotrue_client_new ("auto_refresh", "storage", "flow_type", ...).
 * @param storage your own session storage; null keeps the library's own (memory, or "storage":{"type":"file"}).
 */
class GoTrueClient @JvmOverloads constructor(
    url: String,
    apiKey: String,
    options: JsonObject? = null,
    storage: SessionStorage? = null,
) : AutoCloseable {
    private val eventFlow = MutableSharedFlow<AuthEvent>(
        extraBufferCapacity = EVENT_BUFFER,
        onBufferOverflow = BufferOverflow.DROP_OLDEST,
    )
    private val statusFlow = MutableStateFlow<SessionStatus>(SessionStatus.Initializing)

    /**
     * Every auth state change after subscription, in order, as the library emits it (on the thread that
     * caused it). A collector that falls more than 256 events behind loses the oldest ones; the latest
     * state is always in [sessionStatus].
     */
    val events: SharedFlow<AuthEvent> = eventFlow.asSharedFlow()

    /** The session state: the library's own status (gotrue_client_session_status), read after every auth event. */
    val sessionStatus: StateFlow<SessionStatus> = statusFlow.asStateFlow()

    private val sessionHolder = SessionHolder()
    private val handle: ClientHandle
    private val cleanable: Cleaner.Cleanable

    init {
        // The sink must not reach `this`: the static callback table holds it, and the Cleaner needs
        // the client to become unreachable.
        val events = eventFlow
        val status = statusFlow
        val holder = sessionHolder
        val sinkId = Callbacks.register(EventSink { e -> holder.onEvent(e, events, status) })
        val storageId = storage?.let { Callbacks.register(it) }
        val out = PointerByReference()
        try {
            CArgs().use { a ->
                checkError(
                    if (storageId == null) {
                        GoTrueNative.gotrue_client_new(a.s(url), a.s(apiKey), a.json(options), out)
                    } else {
                        val callbacks = GoTrueStorageCallbacks().apply {
                            user_data = storageId
                            get = Callbacks.storageGet
                            set = Callbacks.storageSet
                            remove = Callbacks.storageRemove
                            release = Callbacks.release
                        }
                        GoTrueNative.gotrue_client_new_with_storage(a.s(url), a.s(apiKey), a.json(options), callbacks, out)
                    }
                )
            }
        } catch (e: Throwable) {
            Callbacks.unregister(sinkId)
            storageId?.let { Callbacks.unregister(it) } // release is not called when creation fails
            throw e
        }
        val native = out.value
        holder.native = native
        // Freeing the client runs every registration's finalizer (Callbacks.release), which
        // unregisters the event sink and the storage.
        handle = ClientHandle(native) { p -> GoTrueNative.gotrue_client_free(p) }
        cleanable = CLEANER.register(this, handle::close)
        try {
            val id = LongByReference()
            checkError(GoTrueNative.gotrue_client_on_auth_state_change(native, Callbacks.authState, sinkId, Callbacks.release, id))
        } catch (e: Throwable) {
            Callbacks.unregister(sinkId) // the finalizer is not called when registration fails
            cleanable.clean()
            throw e
        }
    }

    /**
     * Frees the native client (once; later calls are no-ops). Blocking calls in flight finish first;
     * pending `suspend` calls end with [ErrorCode.CANCELLED].
     */
    override fun close() = cleanable.clean()

    val isClosed: Boolean get() = handle.isClosed

    /**
     * The session from the latest auth event, or null. Never touches the network and never refreshes;
     * [getSession] refreshes one that is about to expire.
     */
    fun currentSessionOrNull(): Session? = sessionHolder.session

    /** The session the library holds right now, as stored: no network, no refresh (it may have expired). */
    fun storedSessionOrNull(): Session? = call { p, _ ->
        PointerByReference().let { checkError(GoTrueNative.gotrue_client_current_session(p, it)); Session.take(it) }
    }

    /** The signed-in user as the library holds it: no network. Null when signed out. */
    fun currentUserOrNull(): User? = call { p, _ ->
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_client_current_user(p, out))
        (out.takeJson() as JsonObject?)?.let { User.fromJson(it) }
    }

    // ---- the one place that decides how a call runs ----

    /** Runs [block] with the native pointer, keeping it alive for the call; arguments are wiped after. */
    private inline fun <T> call(block: (Pointer, CArgs) -> T): T = handle.use { p -> CArgs().use { a -> block(p, a) } }

    /**
     * Starts a non-blocking request (the `_start` form of a call, see Requests.kt) and suspends until
     * the library completes it; [take] reads the result on the library's worker. Cancelling the
     * coroutine cancels the native request (its HTTP request is dropped) and ends the call with a
     * CancellationException at once; the client stays usable. Closing the client ends every pending
     * call with [ErrorCode.CANCELLED].
     */
    private suspend fun <T> request(take: (Pointer) -> T, start: (Pointer, CArgs, StartArgs) -> Pointer?): T =
        suspendCancellableCoroutine { cont ->
            val pending = PendingRequest(cont, take)
            val id = Callbacks.register(pending)
            val r = StartArgs(id)
            try {
                call { p, a -> checkError(start(p, a, r)) }
            } catch (t: Throwable) {
                Callbacks.unregister(id) // the library runs no finalizer for a request that did not start
                cont.resumeWithException(t)
                return@suspendCancellableCoroutine
            }
            pending.started(r.out.value)
            cont.invokeOnCancellation { pending.cancel() }
        }

    /**
     * Runs a blocking call that is not a network request (e.g. joining the refresher thread) on
     * [Dispatchers.IO] and suspends until it ends.
     */
    private suspend fun <T> io(block: () -> T): T = suspendCancellableCoroutine { cont ->
        Dispatchers.IO.dispatch(EmptyCoroutineContext) {
            if (cont.isActive) cont.resumeWith(runCatching(block))
        }
    }

    // ---- sessions ----

    /** Loads the stored session (refreshing it if about to expire) and emits INITIAL_SESSION. */
    fun initializeBlocking(): Session? =
        call { p, _ -> PointerByReference().let { checkError(GoTrueNative.gotrue_client_initialize(p, it)); Session.take(it) } }

    suspend fun initialize(): Session? =
        request(Requests::takeOptionalSession) { p, _, r -> GoTrueNative.gotrue_client_initialize_start(p, r.cb, r.ud, r.fin, r.out) }

    /** The current session, refreshed first if it expires within the refresh margin; null when signed out. */
    fun getSessionBlocking(): Session? = call { p, _ ->
        PointerByReference().let { checkError(GoTrueNative.gotrue_client_get_session(p, it)); Session.take(it) }
    }

    suspend fun getSession(): Session? = request(Requests::takeOptionalSession) { p, _, r -> GoTrueNative.gotrue_client_get_session_start(p, r.cb, r.ud, r.fin, r.out) }

    fun setSessionBlocking(accessToken: String, refreshToken: String): Session = call { p, a ->
        sessionOut { GoTrueNative.gotrue_client_set_session(p, a.s(accessToken), a.s(refreshToken), it) }
    }

    suspend fun setSession(accessToken: String, refreshToken: String): Session = request(Requests::takeSession) { p, a, r ->
        GoTrueNative.gotrue_client_set_session_start(p, a.s(accessToken), a.s(refreshToken), r.cb, r.ud, r.fin, r.out)
    }

    /** Exchanges [refreshToken] (the current session's when null) for a new session. */
    @JvmOverloads
    fun refreshSessionBlocking(refreshToken: String? = null): Session =
        call { p, a -> sessionOut { GoTrueNative.gotrue_client_refresh_session(p, a.s(refreshToken), it) } }

    suspend fun refreshSession(refreshToken: String? = null): Session =
        request(Requests::takeSession) { p, a, r -> GoTrueNative.gotrue_client_refresh_session_start(p, a.s(refreshToken), r.cb, r.ud, r.fin, r.out) }

    fun startAutoRefreshBlocking() = call { p, _ -> checkError(GoTrueNative.gotrue_client_start_auto_refresh(p)) }

    suspend fun startAutoRefresh() = io { startAutoRefreshBlocking() }

    fun stopAutoRefreshBlocking() = call { p, _ -> checkError(GoTrueNative.gotrue_client_stop_auto_refresh(p)) }

    suspend fun stopAutoRefresh() = io { stopAutoRefreshBlocking() }

    @JvmOverloads
    fun signOutBlocking(scope: SignOutScope = SignOutScope.GLOBAL) = call { p, _ ->
        checkError(GoTrueNative.gotrue_client_sign_out(p, scope.value))
    }

    suspend fun signOut(scope: SignOutScope = SignOutScope.GLOBAL) = request(Requests::takeNothing) { p, _, r ->
        GoTrueNative.gotrue_client_sign_out_start(p, scope.value, r.cb, r.ud, r.fin, r.out)
    }

    // ---- sign-up and sign-in ----

    /** Signs up with [email] or [phone] (exactly one). The session is null when confirmation is required. */
    @JvmOverloads
    fun signUpBlocking(email: String?, phone: String?, password: String, options: JsonObject? = null): SignUpResult =
        call { p, a ->
            val session = PointerByReference()
            val user = PointerByReference()
            checkError(GoTrueNative.gotrue_client_sign_up(p, a.s(email), a.s(phone), a.s(password), a.json(options), session, user))
            SignUpResult(Session.take(session), user.takeString()?.let(User::fromJson))
        }

    suspend fun signUp(email: String? = null, phone: String? = null, password: String, options: JsonObject? = null): SignUpResult =
        request({ SignUpResult(Requests.takeOptionalSession(it), Requests.takeOptionalString(it)?.let(User::fromJson)) }) { p, a, r ->
            GoTrueNative.gotrue_client_sign_up_start(p, a.s(email), a.s(phone), a.s(password), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

    @JvmOverloads
    fun signInWithPasswordBlocking(email: String?, phone: String?, password: String, options: JsonObject? = null): Session =
        call { p, a -> sessionOut { GoTrueNative.gotrue_client_sign_in_with_password(p, a.s(email), a.s(phone), a.s(password), a.json(options), it) } }

    suspend fun signInWithPassword(email: String? = null, phone: String? = null, password: String, options: JsonObject? = null): Session =
        request(Requests::takeSession) { p, a, r ->
            GoTrueNative.gotrue_client_sign_in_with_password_start(p, a.s(email), a.s(phone), a.s(password), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

    @JvmOverloads
    fun signInAnonymouslyBlocking(options: JsonObject? = null): Session =
        call { p, a -> sessionOut { GoTrueNative.gotrue_client_sign_in_anonymously(p, a.json(options), it) } }

    suspend fun signInAnonymously(options: JsonObject? = null): Session = request(Requests::takeSession) { p, a, r ->
        GoTrueNative.gotrue_client_sign_in_anonymously_start(p, a.json(options), r.cb, r.ud, r.fin, r.out)
    }

    /** Sends a one-time password to [email] or [phone] (exactly one). Returns the server's answer. */
    @JvmOverloads
    fun signInWithOtpBlocking(email: String?, phone: String?, options: JsonObject? = null): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_sign_in_with_otp(p, a.s(email), a.s(phone), a.json(options), it) } }

    suspend fun signInWithOtp(email: String? = null, phone: String? = null, options: JsonObject? = null): JsonObject =
        request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_client_sign_in_with_otp_start(p, a.s(email), a.s(phone), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

    /** Verifies an OTP: [token] with [email] or [phone], or [tokenHash] alone. [type]: "sms", "email", "signup", ... */
    @JvmOverloads
    fun verifyOtpBlocking(
        type: String,
        token: String?,
        email: String? = null,
        phone: String? = null,
        tokenHash: String? = null,
        options: JsonObject? = null,
    ): VerifyOtpResult = call { p, a ->
        val session = PointerByReference()
        val user = PointerByReference()
        checkError(
            GoTrueNative.gotrue_client_verify_otp(
                p, a.s(email), a.s(phone), a.s(token), a.s(tokenHash), a.s(type), a.json(options), session, user,
            )
        )
        VerifyOtpResult(Session.take(session), user.takeString()?.let(User::fromJson))
    }

    suspend fun verifyOtp(
        type: String,
        token: String?,
        email: String? = null,
        phone: String? = null,
        tokenHash: String? = null,
        options: JsonObject? = null,
    ): VerifyOtpResult = request({ VerifyOtpResult(Requests.takeOptionalSession(it), Requests.takeOptionalString(it)?.let(User::fromJson)) }) { p, a, r ->
        GoTrueNative.gotrue_client_verify_otp_start(
            p, a.s(email), a.s(phone), a.s(token), a.s(tokenHash), a.s(type), a.json(options), r.cb, r.ud, r.fin, r.out,
        )
    }

    @JvmOverloads
    fun resendBlocking(type: String, email: String?, phone: String?, options: JsonObject? = null): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_resend(p, a.s(type), a.s(email), a.s(phone), a.json(options), it) } }

    suspend fun resend(type: String, email: String? = null, phone: String? = null, options: JsonObject? = null): JsonObject =
        request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_client_resend_start(p, a.s(type), a.s(email), a.s(phone), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

    @JvmOverloads
    fun resetPasswordForEmailBlocking(email: String, options: JsonObject? = null) = call { p, a ->
        checkError(GoTrueNative.gotrue_client_reset_password_for_email(p, a.s(email), a.json(options)))
    }

    suspend fun resetPasswordForEmail(email: String, options: JsonObject? = null) = request(Requests::takeNothing) { p, a, r ->
        GoTrueNative.gotrue_client_reset_password_for_email_start(p, a.s(email), a.json(options), r.cb, r.ud, r.fin, r.out)
    }

    fun reauthenticateBlocking() = call { p, _ -> checkError(GoTrueNative.gotrue_client_reauthenticate(p)) }

    suspend fun reauthenticate() = request(Requests::takeNothing) { p, _, r -> GoTrueNative.gotrue_client_reauthenticate_start(p, r.cb, r.ud, r.fin, r.out) }

    // ---- OAuth, ID tokens, SSO, identities ----

    /** The URL that starts an OAuth sign-in; no request is made. */
    @JvmOverloads
    fun getOAuthUrlBlocking(provider: String, options: JsonObject? = null): String =
        call { p, a -> stringOut { GoTrueNative.gotrue_client_get_oauth_url(p, a.s(provider), a.json(options), it) } }

    suspend fun getOAuthUrl(provider: String, options: JsonObject? = null): String = io { getOAuthUrlBlocking(provider, options) }

    fun exchangeCodeForSessionBlocking(codeOrUrl: String): Session =
        call { p, a -> sessionOut { GoTrueNative.gotrue_client_exchange_code_for_session(p, a.s(codeOrUrl), it) } }

    suspend fun exchangeCodeForSession(codeOrUrl: String): Session = request(Requests::takeSession) { p, a, r ->
        GoTrueNative.gotrue_client_exchange_code_for_session_start(p, a.s(codeOrUrl), r.cb, r.ud, r.fin, r.out)
    }

    fun getSessionFromUrlBlocking(url: String): Session =
        call { p, a -> sessionOut { GoTrueNative.gotrue_client_get_session_from_url(p, a.s(url), it) } }

    suspend fun getSessionFromUrl(url: String): Session = request(Requests::takeSession) { p, a, r ->
        GoTrueNative.gotrue_client_get_session_from_url_start(p, a.s(url), r.cb, r.ud, r.fin, r.out)
    }

    /**
     * Opens a loopback listener on 127.0.0.1 for a desktop browser sign-in. [providerOrFlow]: an OAuth
     * provider ("github", ...), whose authorize URL [Loopback.url] then is, or "redirect" for a flow the app
     * starts itself with [Loopback.redirectTo] as its redirect URL. Options: {"port", "path", "scopes",
     * "query_params"}. Close the returned [Loopback] when done.
     */
    @JvmOverloads
    fun startLoopbackSignIn(providerOrFlow: String, options: JsonObject? = null): Loopback = call { p, a ->
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_client_start_loopback_sign_in(p, a.s(providerOrFlow), a.json(options), out))
        Loopback(out.value)
    }

    @JvmOverloads
    fun signInWithIdTokenBlocking(
        provider: String,
        idToken: String,
        accessToken: String? = null,
        nonce: String? = null,
        options: JsonObject? = null,
    ): Session = call { p, a ->
        sessionOut {
            GoTrueNative.gotrue_client_sign_in_with_id_token(p, a.s(provider), a.s(idToken), a.s(accessToken), a.s(nonce), a.json(options), it)
        }
    }

    suspend fun signInWithIdToken(
        provider: String,
        idToken: String,
        accessToken: String? = null,
        nonce: String? = null,
        options: JsonObject? = null,
    ): Session = request(Requests::takeSession) { p, a, r ->
        GoTrueNative.gotrue_client_sign_in_with_id_token_start(
            p, a.s(provider), a.s(idToken), a.s(accessToken), a.s(nonce), a.json(options), r.cb, r.ud, r.fin, r.out,
        )
    }

    /** Starts SSO by email [domain] or [providerId] (exactly one); returns the identity provider URL. */
    @JvmOverloads
    fun signInWithSsoBlocking(domain: String?, providerId: String?, options: JsonObject? = null): String =
        call { p, a -> stringOut { GoTrueNative.gotrue_client_sign_in_with_sso(p, a.s(domain), a.s(providerId), a.json(options), it) } }

    suspend fun signInWithSso(domain: String? = null, providerId: String? = null, options: JsonObject? = null): String =
        request(Requests::takeString) { p, a, r ->
            GoTrueNative.gotrue_client_sign_in_with_sso_start(p, a.s(domain), a.s(providerId), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

    fun getUserIdentitiesBlocking(): List<Identity> = call { p, _ ->
        jsonOut<JsonElement> { GoTrueNative.gotrue_client_get_user_identities(p, it) }.jsonArray.map { Identity.fromJson(it.jsonObject) }
    }

    suspend fun getUserIdentities(): List<Identity> =
        request({ Requests.takeJson<JsonElement>(it).jsonArray.map { i -> Identity.fromJson(i.jsonObject) } }) { p, _, r ->
            GoTrueNative.gotrue_client_get_user_identities_start(p, r.cb, r.ud, r.fin, r.out)
        }

    @JvmOverloads
    fun linkIdentityBlocking(provider: String, options: JsonObject? = null): String =
        call { p, a -> stringOut { GoTrueNative.gotrue_client_link_identity(p, a.s(provider), a.json(options), it) } }

    suspend fun linkIdentity(provider: String, options: JsonObject? = null): String = request(Requests::takeString) { p, a, r ->
        GoTrueNative.gotrue_client_link_identity_start(p, a.s(provider), a.json(options), r.cb, r.ud, r.fin, r.out)
    }

    @JvmOverloads
    fun linkIdentityWithIdTokenBlocking(
        provider: String,
        idToken: String,
        accessToken: String? = null,
        nonce: String? = null,
        options: JsonObject? = null,
    ): Session = call { p, a ->
        sessionOut {
            GoTrueNative.gotrue_client_link_identity_with_id_token(p, a.s(provider), a.s(idToken), a.s(accessToken), a.s(nonce), a.json(options), it)
        }
    }

    suspend fun linkIdentityWithIdToken(
        provider: String,
        idToken: String,
        accessToken: String? = null,
        nonce: String? = null,
        options: JsonObject? = null,
    ): Session = request(Requests::takeSession) { p, a, r ->
        GoTrueNative.gotrue_client_link_identity_with_id_token_start(
            p, a.s(provider), a.s(idToken), a.s(accessToken), a.s(nonce), a.json(options), r.cb, r.ud, r.fin, r.out,
        )
    }

    fun unlinkIdentityBlocking(identityId: String) = call { p, a -> checkError(GoTrueNative.gotrue_client_unlink_identity(p, a.s(identityId))) }

    suspend fun unlinkIdentity(identityId: String) = request(Requests::takeNothing) { p, a, r ->
        GoTrueNative.gotrue_client_unlink_identity_start(p, a.s(identityId), r.cb, r.ud, r.fin, r.out)
    }

    // ---- user, server, claims ----

    /** Fetches the user for [jwt], or for the current session when null. */
    @JvmOverloads
    fun getUserBlocking(jwt: String? = null): User = call { p, a ->
        User.fromJson(jsonOut<JsonObject> { GoTrueNative.gotrue_client_get_user(p, a.s(jwt), it) })
    }

    suspend fun getUser(jwt: String? = null): User = request({ User.fromJson(Requests.takeJson<JsonObject>(it)) }) { p, a, r ->
        GoTrueNative.gotrue_client_get_user_start(p, a.s(jwt), r.cb, r.ud, r.fin, r.out)
    }

    /** Updates the signed-in user: "email", "phone", "password", "nonce", "data". */
    @JvmOverloads
    fun updateUserBlocking(attributes: JsonObject, options: JsonObject? = null): User = call { p, a ->
        User.fromJson(jsonOut<JsonObject> { GoTrueNative.gotrue_client_update_user(p, a.json(attributes), a.json(options), it) })
    }

    suspend fun updateUser(attributes: JsonObject, options: JsonObject? = null): User = request({ User.fromJson(Requests.takeJson<JsonObject>(it)) }) { p, a, r ->
        GoTrueNative.gotrue_client_update_user_start(p, a.json(attributes), a.json(options), r.cb, r.ud, r.fin, r.out)
    }

    fun getSettingsBlocking(): JsonObject = call { p, _ -> jsonOut { GoTrueNative.gotrue_client_get_settings(p, it) } }

    suspend fun getSettings(): JsonObject = request(Requests::takeJson) { p, _, r -> GoTrueNative.gotrue_client_get_settings_start(p, r.cb, r.ud, r.fin, r.out) }

    fun healthBlocking(): JsonObject = call { p, _ -> jsonOut { GoTrueNative.gotrue_client_health(p, it) } }

    suspend fun health(): JsonObject = request(Requests::takeJson) { p, _, r -> GoTrueNative.gotrue_client_health_start(p, r.cb, r.ud, r.fin, r.out) }

    /** Verifies [jwt] (the current access token when null) and returns {"claims", "header"}. */
    @JvmOverloads
    fun getClaimsBlocking(jwt: String? = null, options: JsonObject? = null): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_get_claims(p, a.s(jwt), a.json(options), it) } }

    suspend fun getClaims(jwt: String? = null, options: JsonObject? = null): JsonObject = request(Requests::takeJson) { p, a, r ->
        GoTrueNative.gotrue_client_get_claims_start(p, a.s(jwt), a.json(options), r.cb, r.ud, r.fin, r.out)
    }

    // ---- OAuth 2.1 server consent, Web3, passkeys (open-ended answers as JSON) ----

    /** A pending OAuth authorization's details, or {"redirect_url"} when the server approved it at once. */
    fun oauthGetAuthorizationDetailsBlocking(authorizationId: String): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_oauth_get_authorization_details(p, a.s(authorizationId), it) } }

    suspend fun oauthGetAuthorizationDetails(authorizationId: String): JsonObject = request(Requests::takeJson) { p, a, r ->
        GoTrueNative.gotrue_client_oauth_get_authorization_details_start(p, a.s(authorizationId), r.cb, r.ud, r.fin, r.out)
    }

    /** Approves: {"redirect_url"} with the code. */
    fun oauthApproveAuthorizationBlocking(authorizationId: String): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_oauth_approve_authorization(p, a.s(authorizationId), it) } }

    suspend fun oauthApproveAuthorization(authorizationId: String): JsonObject = request(Requests::takeJson) { p, a, r ->
        GoTrueNative.gotrue_client_oauth_approve_authorization_start(p, a.s(authorizationId), r.cb, r.ud, r.fin, r.out)
    }

    /** Denies: {"redirect_url"} with error=access_denied. */
    fun oauthDenyAuthorizationBlocking(authorizationId: String): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_oauth_deny_authorization(p, a.s(authorizationId), it) } }

    suspend fun oauthDenyAuthorization(authorizationId: String): JsonObject = request(Requests::takeJson) { p, a, r ->
        GoTrueNative.gotrue_client_oauth_deny_authorization_start(p, a.s(authorizationId), r.cb, r.ud, r.fin, r.out)
    }

    fun oauthListGrantsBlocking(): JsonArray = call { p, _ -> jsonOut { GoTrueNative.gotrue_client_oauth_list_grants(p, it) } }

    suspend fun oauthListGrants(): JsonArray =
        request(Requests::takeJson) { p, _, r -> GoTrueNative.gotrue_client_oauth_list_grants_start(p, r.cb, r.ud, r.fin, r.out) }

    fun oauthRevokeGrantBlocking(oauthClientId: String) =
        call { p, a -> checkError(GoTrueNative.gotrue_client_oauth_revoke_grant(p, a.s(oauthClientId))) }

    suspend fun oauthRevokeGrant(oauthClientId: String) = request(Requests::takeNothing) { p, a, r ->
        GoTrueNative.gotrue_client_oauth_revoke_grant_start(p, a.s(oauthClientId), r.cb, r.ud, r.fin, r.out)
    }

    /** Signs in with a wallet's [signature] of [message]: hex for "ethereum", base64 for "solana". */
    @JvmOverloads
    fun signInWithWeb3Blocking(chain: String, message: String, signature: String, options: JsonObject? = null): Session =
        call { p, a -> sessionOut { GoTrueNative.gotrue_client_sign_in_with_web3(p, a.s(chain), a.s(message), a.s(signature), a.json(options), it) } }

    suspend fun signInWithWeb3(chain: String, message: String, signature: String, options: JsonObject? = null): Session =
        request(Requests::takeSession) { p, a, r ->
            GoTrueNative.gotrue_client_sign_in_with_web3_start(p, a.s(chain), a.s(message), a.s(signature), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

    /** {"challenge_id", "options", "expires_at"}: hand "options" to the platform authenticator. */
    fun passkeyRegistrationOptionsBlocking(): JsonObject =
        call { p, _ -> jsonOut { GoTrueNative.gotrue_client_passkey_registration_options(p, it) } }

    suspend fun passkeyRegistrationOptions(): JsonObject =
        request(Requests::takeJson) { p, _, r -> GoTrueNative.gotrue_client_passkey_registration_options_start(p, r.cb, r.ud, r.fin, r.out) }

    fun passkeyRegistrationVerifyBlocking(challengeId: String, credential: JsonObject): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_passkey_registration_verify(p, a.s(challengeId), a.json(credential), it) } }

    suspend fun passkeyRegistrationVerify(challengeId: String, credential: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
        GoTrueNative.gotrue_client_passkey_registration_verify_start(p, a.s(challengeId), a.json(credential), r.cb, r.ud, r.fin, r.out)
    }

    @JvmOverloads
    fun passkeyAuthenticationOptionsBlocking(options: JsonObject? = null): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_passkey_authentication_options(p, a.json(options), it) } }

    suspend fun passkeyAuthenticationOptions(options: JsonObject? = null): JsonObject = request(Requests::takeJson) { p, a, r ->
        GoTrueNative.gotrue_client_passkey_authentication_options_start(p, a.json(options), r.cb, r.ud, r.fin, r.out)
    }

    fun passkeyAuthenticationVerifyBlocking(challengeId: String, credential: JsonObject): Session =
        call { p, a -> sessionOut { GoTrueNative.gotrue_client_passkey_authentication_verify(p, a.s(challengeId), a.json(credential), it) } }

    suspend fun passkeyAuthenticationVerify(challengeId: String, credential: JsonObject): Session = request(Requests::takeSession) { p, a, r ->
        GoTrueNative.gotrue_client_passkey_authentication_verify_start(p, a.s(challengeId), a.json(credential), r.cb, r.ud, r.fin, r.out)
    }

    fun listPasskeysBlocking(): JsonArray = call { p, _ -> jsonOut { GoTrueNative.gotrue_client_list_passkeys(p, it) } }

    suspend fun listPasskeys(): JsonArray =
        request(Requests::takeJson) { p, _, r -> GoTrueNative.gotrue_client_list_passkeys_start(p, r.cb, r.ud, r.fin, r.out) }

    fun updatePasskeyBlocking(passkeyId: String, attributes: JsonObject): JsonObject =
        call { p, a -> jsonOut { GoTrueNative.gotrue_client_update_passkey(p, a.s(passkeyId), a.json(attributes), it) } }

    suspend fun updatePasskey(passkeyId: String, attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
        GoTrueNative.gotrue_client_update_passkey_start(p, a.s(passkeyId), a.json(attributes), r.cb, r.ud, r.fin, r.out)
    }

    fun deletePasskeyBlocking(passkeyId: String) = call { p, a -> checkError(GoTrueNative.gotrue_client_delete_passkey(p, a.s(passkeyId))) }

    suspend fun deletePasskey(passkeyId: String) = request(Requests::takeNothing) { p, a, r ->
        GoTrueNative.gotrue_client_delete_passkey_start(p, a.s(passkeyId), r.cb, r.ud, r.fin, r.out)
    }

    // ---- MFA ----

    /** MFA for the signed-in user. */
    val mfa: Mfa = Mfa()

    inner class Mfa internal constructor() {
        /** Returns {"id", "type", "friendly_name", "totp":{"qr_code", "secret", "uri"}}: the secret is in it. */
        @JvmOverloads
        fun enrollTotpBlocking(friendlyName: String? = null, issuer: String? = null): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_client_mfa_enroll_totp(p, a.s(friendlyName), a.s(issuer), it) } }

        suspend fun enrollTotp(friendlyName: String? = null, issuer: String? = null): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_client_mfa_enroll_totp_start(p, a.s(friendlyName), a.s(issuer), r.cb, r.ud, r.fin, r.out)
        }

        @JvmOverloads
        fun enrollPhoneBlocking(phone: String, friendlyName: String? = null): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_client_mfa_enroll_phone(p, a.s(phone), a.s(friendlyName), it) } }

        suspend fun enrollPhone(phone: String, friendlyName: String? = null): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_client_mfa_enroll_phone_start(p, a.s(phone), a.s(friendlyName), r.cb, r.ud, r.fin, r.out)
        }

        /** Returns {"id", "type", "expires_at"}. */
        @JvmOverloads
        fun challengeBlocking(factorId: String, options: JsonObject? = null): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_client_mfa_challenge(p, a.s(factorId), a.json(options), it) } }

        suspend fun challenge(factorId: String, options: JsonObject? = null): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_client_mfa_challenge_start(p, a.s(factorId), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

        fun verifyBlocking(factorId: String, challengeId: String, code: String): Session =
            call { p, a -> sessionOut { GoTrueNative.gotrue_client_mfa_verify(p, a.s(factorId), a.s(challengeId), a.s(code), it) } }

        suspend fun verify(factorId: String, challengeId: String, code: String): Session = request(Requests::takeSession) { p, a, r ->
            GoTrueNative.gotrue_client_mfa_verify_start(p, a.s(factorId), a.s(challengeId), a.s(code), r.cb, r.ud, r.fin, r.out)
        }

        fun challengeAndVerifyBlocking(factorId: String, code: String): Session =
            call { p, a -> sessionOut { GoTrueNative.gotrue_client_mfa_challenge_and_verify(p, a.s(factorId), a.s(code), it) } }

        suspend fun challengeAndVerify(factorId: String, code: String): Session = request(Requests::takeSession) { p, a, r ->
            GoTrueNative.gotrue_client_mfa_challenge_and_verify_start(p, a.s(factorId), a.s(code), r.cb, r.ud, r.fin, r.out)
        }

        fun unenrollBlocking(factorId: String) = call { p, a -> checkError(GoTrueNative.gotrue_client_mfa_unenroll(p, a.s(factorId))) }

        suspend fun unenroll(factorId: String) = request(Requests::takeNothing) { p, a, r ->
            GoTrueNative.gotrue_client_mfa_unenroll_start(p, a.s(factorId), r.cb, r.ud, r.fin, r.out)
        }

        fun listFactorsBlocking(): FactorList =
            call { p, _ -> FactorList.fromJson(jsonOut { GoTrueNative.gotrue_client_mfa_list_factors(p, it) }) }

        suspend fun listFactors(): FactorList = request({ FactorList.fromJson(Requests.takeJson(it)) }) { p, _, r ->
            GoTrueNative.gotrue_client_mfa_list_factors_start(p, r.cb, r.ud, r.fin, r.out)
        }

        /** {"current_level", "next_level", "current_authentication_methods"}, computed locally. */
        fun getAuthenticatorAssuranceLevelBlocking(): JsonObject =
            call { p, _ -> jsonOut { GoTrueNative.gotrue_client_mfa_get_authenticator_assurance_level(p, it) } }

        suspend fun getAuthenticatorAssuranceLevel(): JsonObject = io { getAuthenticatorAssuranceLevelBlocking() }

        /** Enrolls a WebAuthn factor: {"id", "type":"webauthn", "friendly_name"}. */
        @JvmOverloads
        fun enrollWebAuthnBlocking(friendlyName: String? = null): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_client_mfa_enroll_webauthn(p, a.s(friendlyName), it) } }

        suspend fun enrollWebAuthn(friendlyName: String? = null): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_client_mfa_enroll_webauthn_start(p, a.s(friendlyName), r.cb, r.ud, r.fin, r.out)
        }

        /** Verifies a WebAuthn challenge; [webauthnType] is "create" or "request". */
        fun verifyWebAuthnBlocking(factorId: String, challengeId: String, webauthnType: String, credential: JsonObject): Session = call { p, a ->
            sessionOut { GoTrueNative.gotrue_client_mfa_verify_webauthn(p, a.s(factorId), a.s(challengeId), a.s(webauthnType), a.json(credential), it) }
        }

        suspend fun verifyWebAuthn(factorId: String, challengeId: String, webauthnType: String, credential: JsonObject): Session =
            request(Requests::takeSession) { p, a, r ->
                GoTrueNative.gotrue_client_mfa_verify_webauthn_start(
                    p, a.s(factorId), a.s(challengeId), a.s(webauthnType), a.json(credential), r.cb, r.ud, r.fin, r.out,
                )
            }
    }

    // ---- admin (needs the service-role key) ----

    val admin: Admin = Admin()

    inner class Admin internal constructor() {
        fun createUserBlocking(attributes: JsonObject): User =
            call { p, a -> User.fromJson(jsonOut<JsonObject> { GoTrueNative.gotrue_admin_create_user(p, a.json(attributes), it) }) }

        suspend fun createUser(attributes: JsonObject): User = request({ User.fromJson(Requests.takeJson<JsonObject>(it)) }) { p, a, r ->
            GoTrueNative.gotrue_admin_create_user_start(p, a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun getUserByIdBlocking(userId: String): User =
            call { p, a -> User.fromJson(jsonOut<JsonObject> { GoTrueNative.gotrue_admin_get_user_by_id(p, a.s(userId), it) }) }

        suspend fun getUserById(userId: String): User = request({ User.fromJson(Requests.takeJson<JsonObject>(it)) }) { p, a, r ->
            GoTrueNative.gotrue_admin_get_user_by_id_start(p, a.s(userId), r.cb, r.ud, r.fin, r.out)
        }

        fun updateUserByIdBlocking(userId: String, attributes: JsonObject): User = call { p, a ->
            User.fromJson(jsonOut<JsonObject> { GoTrueNative.gotrue_admin_update_user_by_id(p, a.s(userId), a.json(attributes), it) })
        }

        suspend fun updateUserById(userId: String, attributes: JsonObject): User = request({ User.fromJson(Requests.takeJson<JsonObject>(it)) }) { p, a, r ->
            GoTrueNative.gotrue_admin_update_user_by_id_start(p, a.s(userId), a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        @JvmOverloads
        fun deleteUserBlocking(userId: String, shouldSoftDelete: Boolean = false) = call { p, a ->
            checkError(GoTrueNative.gotrue_admin_delete_user(p, a.s(userId), if (shouldSoftDelete) 1 else 0))
        }

        suspend fun deleteUser(userId: String, shouldSoftDelete: Boolean = false) = request(Requests::takeNothing) { p, a, r ->
            GoTrueNative.gotrue_admin_delete_user_start(p, a.s(userId), if (shouldSoftDelete) 1 else 0, r.cb, r.ud, r.fin, r.out)
        }

        /** [options]: {"page", "per_page", "filter"}. */
        @JvmOverloads
        fun listUsersBlocking(options: JsonObject? = null): UserPage = call { p, a ->
            val o = jsonOut<JsonObject> { GoTrueNative.gotrue_admin_list_users(p, a.json(options), it) }
            UserPage(o.list("users").map { User.fromJson(it.jsonObject) }, o.long("next_page"), o.long("last_page") ?: 0, o.long("total") ?: 0)
        }

        suspend fun listUsers(options: JsonObject? = null): UserPage = request({
            val o = Requests.takeJson<JsonObject>(it)
            UserPage(o.list("users").map { u -> User.fromJson(u.jsonObject) }, o.long("next_page"), o.long("last_page") ?: 0, o.long("total") ?: 0)
        }) { p, a, r -> GoTrueNative.gotrue_admin_list_users_start(p, a.json(options), r.cb, r.ud, r.fin, r.out) }

        @JvmOverloads
        fun inviteUserByEmailBlocking(email: String, options: JsonObject? = null): User = call { p, a ->
            User.fromJson(jsonOut<JsonObject> { GoTrueNative.gotrue_admin_invite_user_by_email(p, a.s(email), a.json(options), it) })
        }

        suspend fun inviteUserByEmail(email: String, options: JsonObject? = null): User = request({ User.fromJson(Requests.takeJson<JsonObject>(it)) }) { p, a, r ->
            GoTrueNative.gotrue_admin_invite_user_by_email_start(p, a.s(email), a.json(options), r.cb, r.ud, r.fin, r.out)
        }

        /** Returns {"properties":{"action_link", "email_otp", "hashed_token", ...}, "user"}: secrets inside. */
        @JvmOverloads
        fun generateLinkBlocking(type: String, email: String, password: String? = null, options: JsonObject? = null): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_generate_link(p, a.s(type), a.s(email), a.s(password), a.json(options), it) } }

        suspend fun generateLink(type: String, email: String, password: String? = null, options: JsonObject? = null): JsonObject =
            request(Requests::takeJson) { p, a, r ->
                GoTrueNative.gotrue_admin_generate_link_start(p, a.s(type), a.s(email), a.s(password), a.json(options), r.cb, r.ud, r.fin, r.out)
            }

        @JvmOverloads
        fun signOutBlocking(jwt: String, scope: SignOutScope = SignOutScope.GLOBAL) =
            call { p, a -> checkError(GoTrueNative.gotrue_admin_sign_out(p, a.s(jwt), scope.value)) }

        suspend fun signOut(jwt: String, scope: SignOutScope = SignOutScope.GLOBAL) = request(Requests::takeNothing) { p, a, r ->
            GoTrueNative.gotrue_admin_sign_out_start(p, a.s(jwt), scope.value, r.cb, r.ud, r.fin, r.out)
        }

        fun listFactorsBlocking(userId: String): List<Factor> = call { p, a ->
            jsonOut<JsonArray> { GoTrueNative.gotrue_admin_mfa_list_factors(p, a.s(userId), it) }.map { Factor.fromJson(it.jsonObject) }
        }

        suspend fun listFactors(userId: String): List<Factor> = request({ Requests.takeJson<JsonArray>(it).map { f -> Factor.fromJson(f.jsonObject) } }) { p, a, r ->
            GoTrueNative.gotrue_admin_mfa_list_factors_start(p, a.s(userId), r.cb, r.ud, r.fin, r.out)
        }

        fun deleteFactorBlocking(userId: String, factorId: String) = call { p, a ->
            checkError(GoTrueNative.gotrue_admin_mfa_delete_factor(p, a.s(userId), a.s(factorId), null))
        }

        suspend fun deleteFactor(userId: String, factorId: String) = request(Requests::takeNothing) { p, a, r ->
            GoTrueNative.gotrue_admin_mfa_delete_factor_start(p, a.s(userId), a.s(factorId), r.cb, r.ud, r.fin, r.out)
        }

        /** One page of the audit log: {"entries", "next_page", "last_page", "total"}. */
        @JvmOverloads
        fun listAuditLogBlocking(options: JsonObject? = null): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_list_audit_log(p, a.json(options), it) } }

        suspend fun listAuditLog(options: JsonObject? = null): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_list_audit_log_start(p, a.json(options), r.cb, r.ud, r.fin, r.out)
        }

        fun updateFactorBlocking(userId: String, factorId: String, attributes: JsonObject): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_mfa_update_factor(p, a.s(userId), a.s(factorId), a.json(attributes), it) } }

        suspend fun updateFactor(userId: String, factorId: String, attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_mfa_update_factor_start(p, a.s(userId), a.s(factorId), a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun listUserPasskeysBlocking(userId: String): JsonArray =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_list_user_passkeys(p, a.s(userId), it) } }

        suspend fun listUserPasskeys(userId: String): JsonArray = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_list_user_passkeys_start(p, a.s(userId), r.cb, r.ud, r.fin, r.out)
        }

        fun deleteUserPasskeyBlocking(userId: String, passkeyId: String) =
            call { p, a -> checkError(GoTrueNative.gotrue_admin_delete_user_passkey(p, a.s(userId), a.s(passkeyId))) }

        suspend fun deleteUserPasskey(userId: String, passkeyId: String) = request(Requests::takeNothing) { p, a, r ->
            GoTrueNative.gotrue_admin_delete_user_passkey_start(p, a.s(userId), a.s(passkeyId), r.cb, r.ud, r.fin, r.out)
        }

        fun listOAuthClientsBlocking(): JsonArray = call { p, _ -> jsonOut { GoTrueNative.gotrue_admin_oauth_list_clients(p, it) } }

        suspend fun listOAuthClients(): JsonArray = request(Requests::takeJson) { p, _, r ->
            GoTrueNative.gotrue_admin_oauth_list_clients_start(p, r.cb, r.ud, r.fin, r.out)
        }

        fun createOAuthClientBlocking(attributes: JsonObject): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_oauth_create_client(p, a.json(attributes), it) } }

        suspend fun createOAuthClient(attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_oauth_create_client_start(p, a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun getOAuthClientBlocking(clientId: String): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_oauth_get_client(p, a.s(clientId), it) } }

        suspend fun getOAuthClient(clientId: String): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_oauth_get_client_start(p, a.s(clientId), r.cb, r.ud, r.fin, r.out)
        }

        fun updateOAuthClientBlocking(clientId: String, attributes: JsonObject): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_oauth_update_client(p, a.s(clientId), a.json(attributes), it) } }

        suspend fun updateOAuthClient(clientId: String, attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_oauth_update_client_start(p, a.s(clientId), a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun deleteOAuthClientBlocking(clientId: String) = call { p, a -> checkError(GoTrueNative.gotrue_admin_oauth_delete_client(p, a.s(clientId))) }

        suspend fun deleteOAuthClient(clientId: String) = request(Requests::takeNothing) { p, a, r ->
            GoTrueNative.gotrue_admin_oauth_delete_client_start(p, a.s(clientId), r.cb, r.ud, r.fin, r.out)
        }

        fun regenerateOAuthClientSecretBlocking(clientId: String): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_oauth_regenerate_client_secret(p, a.s(clientId), it) } }

        suspend fun regenerateOAuthClientSecret(clientId: String): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_oauth_regenerate_client_secret_start(p, a.s(clientId), r.cb, r.ud, r.fin, r.out)
        }

        @JvmOverloads
        fun listCustomProvidersBlocking(options: JsonObject? = null): JsonArray =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_list_custom_providers(p, a.json(options), it) } }

        suspend fun listCustomProviders(options: JsonObject? = null): JsonArray = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_list_custom_providers_start(p, a.json(options), r.cb, r.ud, r.fin, r.out)
        }

        fun createCustomProviderBlocking(attributes: JsonObject): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_create_custom_provider(p, a.json(attributes), it) } }

        suspend fun createCustomProvider(attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_create_custom_provider_start(p, a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun getCustomProviderBlocking(identifier: String): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_get_custom_provider(p, a.s(identifier), it) } }

        suspend fun getCustomProvider(identifier: String): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_get_custom_provider_start(p, a.s(identifier), r.cb, r.ud, r.fin, r.out)
        }

        fun updateCustomProviderBlocking(identifier: String, attributes: JsonObject): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_update_custom_provider(p, a.s(identifier), a.json(attributes), it) } }

        suspend fun updateCustomProvider(identifier: String, attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_update_custom_provider_start(p, a.s(identifier), a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun deleteCustomProviderBlocking(identifier: String) =
            call { p, a -> checkError(GoTrueNative.gotrue_admin_delete_custom_provider(p, a.s(identifier))) }

        suspend fun deleteCustomProvider(identifier: String) = request(Requests::takeNothing) { p, a, r ->
            GoTrueNative.gotrue_admin_delete_custom_provider_start(p, a.s(identifier), r.cb, r.ud, r.fin, r.out)
        }

        @JvmOverloads
        fun listSsoProvidersBlocking(options: JsonObject? = null): JsonArray =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_list_sso_providers(p, a.json(options), it) } }

        suspend fun listSsoProviders(options: JsonObject? = null): JsonArray = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_list_sso_providers_start(p, a.json(options), r.cb, r.ud, r.fin, r.out)
        }

        fun createSsoProviderBlocking(attributes: JsonObject): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_create_sso_provider(p, a.json(attributes), it) } }

        suspend fun createSsoProvider(attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_create_sso_provider_start(p, a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun getSsoProviderBlocking(providerId: String): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_get_sso_provider(p, a.s(providerId), it) } }

        suspend fun getSsoProvider(providerId: String): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_get_sso_provider_start(p, a.s(providerId), r.cb, r.ud, r.fin, r.out)
        }

        fun updateSsoProviderBlocking(providerId: String, attributes: JsonObject): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_update_sso_provider(p, a.s(providerId), a.json(attributes), it) } }

        suspend fun updateSsoProvider(providerId: String, attributes: JsonObject): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_update_sso_provider_start(p, a.s(providerId), a.json(attributes), r.cb, r.ud, r.fin, r.out)
        }

        fun deleteSsoProviderBlocking(providerId: String): JsonObject =
            call { p, a -> jsonOut { GoTrueNative.gotrue_admin_delete_sso_provider(p, a.s(providerId), it) } }

        suspend fun deleteSsoProvider(providerId: String): JsonObject = request(Requests::takeJson) { p, a, r ->
            GoTrueNative.gotrue_admin_delete_sso_provider_start(p, a.s(providerId), r.cb, r.ud, r.fin, r.out)
        }
    }

    // ---- result helpers ----

    private inline fun sessionOut(native: (PointerByReference) -> Pointer?): Session {
        val out = PointerByReference()
        checkError(native(out))
        return Session.take(out) ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no session")
    }

    private inline fun stringOut(native: (PointerByReference) -> Pointer?): String {
        val out = PointerByReference()
        checkError(native(out))
        return out.takeString() ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no string")
    }

    @Suppress("UNCHECKED_CAST")
    private inline fun <T : JsonElement> jsonOut(native: (PointerByReference) -> Pointer?): T {
        val out = PointerByReference()
        checkError(native(out))
        return (out.takeJson() ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no JSON")) as T
    }

    companion object {
        private const val EVENT_BUFFER = 256
        private val CLEANER: Cleaner = Cleaner.create()

        /** Builds the EIP-4361 (or Sign-In-With-Solana) message a wallet signs; no client needed. */
        @JvmStatic
        fun buildWeb3Message(options: JsonObject): String = CArgs().use { a ->
            val out = PointerByReference()
            checkError(GoTrueNative.gotrue_web3_build_message(a.json(options), out))
            out.takeString() ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no string")
        }
    }
}

/** Keeps the session of the latest event; updated on the thread that caused it. */
internal class SessionHolder {
    @Volatile
    var session: Session? = null
        private set

    /** The native client, set once it exists (events only come after that). */
    @Volatile
    var native: Pointer? = null

    fun onEvent(e: AuthEvent, events: MutableSharedFlow<AuthEvent>, status: MutableStateFlow<SessionStatus>) {
        session = e.session
        // Callbacks run with no library lock held and while the client is alive, so the status
        // can be read from the library here; it is the one source of truth (REFRESH_FAILED's error included).
        native?.let { p -> runCatching { statusOf(p, e) }.getOrNull() }?.let { status.value = it }
        events.tryEmit(e)
    }

    private fun statusOf(p: Pointer, e: AuthEvent): SessionStatus {
        val kind = IntByReference()
        val signOut = ByteByReference()
        val last = PointerByReference()
        checkError(GoTrueNative.gotrue_client_session_status(p, kind, signOut, last))
        val error = last.value?.let { GoTrueException.take(it) }
        return when (SessionStatusKind.fromValue(kind.value)) {
            SessionStatusKind.AUTHENTICATED -> e.session?.let { SessionStatus.Authenticated(it, e.event) } ?: SessionStatus.Initializing
            SessionStatusKind.NOT_AUTHENTICATED -> SessionStatus.NotAuthenticated(isSignOut = signOut.value.toInt() != 0)
            SessionStatusKind.REFRESH_FAILING ->
                SessionStatus.RefreshFailure(error ?: GoTrueException(ErrorCode.UNKNOWN, "refresh failing"))
            else -> SessionStatus.Initializing
        }
    }
}

/** The library's own verdict: a transient cause, for which it keeps the session. */
internal fun GoTrueException.isTransient(): Boolean = isRetryable
