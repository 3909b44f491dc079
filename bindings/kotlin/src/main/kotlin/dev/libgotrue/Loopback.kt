package dev.libgotrue

import com.sun.jna.Pointer
import com.sun.jna.ptr.PointerByReference
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.lang.ref.Cleaner
import kotlin.time.Duration

/**
 * A desktop sign-in in progress (gotrue_client_start_loopback_sign_in): a one-shot listener on 127.0.0.1
 * that takes the browser's redirect and completes the sign-in through the client. Open [url] in the
 * browser, then [await]. [cancel] (or [close]) from any thread ends a wait with [ErrorCode.CANCELLED].
 */
class Loopback internal constructor(pointer: Pointer) : AutoCloseable {
    private val handle = ClientHandle(pointer) { GoTrueNative.gotrue_loopback_free(it) }
    private val cleanable: Cleaner.Cleanable = CLEANER.register(this, handle::close)

    /** The URL to open in the browser. */
    val url: String = GoTrueNative.gotrue_loopback_url(pointer).utf8() ?: ""

    /** The listener's own URL (it carries the sign-in's state): the redirect URL for "redirect" flows. */
    val redirectTo: String = GoTrueNative.gotrue_loopback_redirect_to(pointer).utf8() ?: ""

    /**
     * Waits up to [timeoutMillis] for the session (also the client's current session). Throws the flow's
     * error, [ErrorCode.TIMEOUT] (the listener stays open: wait again) or [ErrorCode.CANCELLED].
     */
    fun awaitBlocking(timeoutMillis: Long): Session = handle.use { p ->
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_loopback_wait(p, timeoutMillis.coerceAtLeast(0), out))
        Session.take(out) ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no session")
    }

    /** As [awaitBlocking], on [Dispatchers.IO]. */
    suspend fun await(timeout: Duration): Session = withContext(Dispatchers.IO) { awaitBlocking(timeout.inWholeMilliseconds) }

    /** Stops the listener; waits in progress or later throw CANCELLED. Idempotent; a no-op after [close]. */
    fun cancel() {
        if (!handle.isClosed) runCatching { handle.use { GoTrueNative.gotrue_loopback_cancel(it) } }
    }

    /** Cancels, then frees the listener once no call uses it. */
    override fun close() {
        cancel()
        cleanable.clean()
    }

    private companion object {
        val CLEANER: Cleaner = Cleaner.create()
    }
}
