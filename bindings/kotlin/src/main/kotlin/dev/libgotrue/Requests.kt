package dev.libgotrue

import com.sun.jna.Pointer
import com.sun.jna.ptr.PointerByReference
import kotlinx.coroutines.CancellableContinuation
import kotlinx.serialization.json.JsonElement
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * The `suspend` calls run on the library's non-blocking requests (`gotrue_*_start`): the call starts
 * at once, a library worker does the HTTP, and the completion callback resumes the coroutine. No JVM
 * thread waits for the network. Cancelling the coroutine cancels the native request: its HTTP request
 * is dropped, and the coroutine ends with a CancellationException at once.
 */
internal class StartArgs(userData: Pointer) {
    val cb: GoTrueRequestCallback = Requests.done
    val ud: Pointer = userData
    val fin: GoTrueReleaseFn = Callbacks.release
    val out = PointerByReference()
}

/** One request in flight: its continuation, how to read its result, and its native handle. */
internal class PendingRequest<T>(
    private val cont: CancellableContinuation<T>,
    private val take: (Pointer) -> T,
) {
    private var request: Pointer? = null
    private var freed = false

    @Synchronized
    fun started(p: Pointer) {
        request = p
    }

    /** On a library worker (or inside [cancel], for a request that had not started). */
    fun complete(p: Pointer) {
        synchronized(this) { if (request == null) request = p }
        val result = runCatching { take(p) }
        synchronized(this) {
            if (!freed) {
                freed = true
                GoTrueNative.gotrue_request_free(p)
            }
        }
        // A cancelled continuation ignores the resume.
        result.fold({ cont.resume(it) }, { cont.resumeWithException(it) })
    }

    @Synchronized
    fun cancel() {
        val p = request
        if (p != null && !freed) GoTrueNative.gotrue_request_cancel(p)
    }
}

internal object Requests {
    /** Every request's completion: resumes the coroutine registered under user_data. */
    val done = GoTrueRequestCallback { request, userData ->
        try {
            if (request != null) Callbacks.target<PendingRequest<*>>(userData)?.complete(request)
        } catch (t: Throwable) {
            // Nothing may unwind into the library.
            Thread.currentThread().uncaughtExceptionHandler?.uncaughtException(Thread.currentThread(), t)
        }
    }

    fun takeSession(r: Pointer): Session {
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_request_take_session(r, out))
        return Session.take(out) ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no session")
    }

    fun takeOptionalSession(r: Pointer): Session? {
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_request_take_session(r, out))
        return Session.take(out)
    }

    fun takeOptionalString(r: Pointer): String? {
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_request_take_string(r, out))
        return out.takeString()
    }

    fun takeString(r: Pointer): String =
        takeOptionalString(r) ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no string")

    @Suppress("UNCHECKED_CAST")
    fun <T : JsonElement> takeJson(r: Pointer): T {
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_request_take_string(r, out))
        return (out.takeJson() ?: throw GoTrueException(ErrorCode.INVALID_RESPONSE, "the library returned no JSON")) as T
    }

    fun takeNothing(r: Pointer) = checkError(GoTrueNative.gotrue_request_error(r))
}
