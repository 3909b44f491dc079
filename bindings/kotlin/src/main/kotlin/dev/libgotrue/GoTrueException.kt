package dev.libgotrue

import com.sun.jna.NativeLong
import com.sun.jna.Pointer

/**
 * An error from libgotrue.
 *
 * @property code the stable code; [ErrorCode.UNKNOWN] for a number this binding does not know (see [rawCode]).
 * @property rawCode the library's number for the code.
 * @property serverCode the server's `error_code` string verbatim, or null when the server sent none.
 * @property httpStatus the HTTP status of the server's answer, or 0 when the error did not come from the server.
 * @property retryAfterSeconds seconds the server asked to wait (Retry-After), or null when it did not say.
 * @property weakPasswordReasons for [ErrorCode.WEAK_PASSWORD], the server's reasons (e.g. "length"); else empty.
 * @property isRetryable the library's verdict (gotrue_error_is_retryable): a transient cause (network, timeout,
 *   5xx, 429) where the same call may succeed later.
 */
class GoTrueException(
    val code: ErrorCode,
    message: String,
    val rawCode: Int = code.value,
    val serverCode: String? = null,
    val httpStatus: Int = 0,
    val retryAfterSeconds: Long? = null,
    val weakPasswordReasons: List<String> = emptyList(),
    val isRetryable: Boolean = false,
) : Exception(message) {
    override fun toString(): String =
        "GoTrueException(${code.short}${serverCode?.let { ", server $it" } ?: ""}" +
            "${if (httpStatus != 0) ", HTTP $httpStatus" else ""}): $message"

    internal companion object {
        /** Converts an owned GoTrueError* into an exception and frees it. */
        fun take(error: Pointer): GoTrueException = try {
            val raw = GoTrueNative.gotrue_error_code(error)
            val retry = GoTrueNative.gotrue_error_retry_after(error)
            GoTrueException(
                code = ErrorCode.fromValue(raw) ?: ErrorCode.UNKNOWN,
                message = GoTrueNative.gotrue_error_message(error).utf8() ?: "",
                rawCode = raw,
                serverCode = GoTrueNative.gotrue_error_server_code(error).utf8(),
                httpStatus = GoTrueNative.gotrue_error_http_status(error).toInt() and 0xffff,
                retryAfterSeconds = if (retry < 0) null else retry,
                weakPasswordReasons = (0 until GoTrueNative.gotrue_error_weak_password_reason_count(error).toInt()).map {
                    GoTrueNative.gotrue_error_weak_password_reason(error, NativeLong(it.toLong())).utf8() ?: ""
                },
                isRetryable = GoTrueNative.gotrue_error_is_retryable(error).toInt() != 0,
            )
        } finally {
            GoTrueNative.gotrue_error_free(error)
        }
    }
}

/** Throws the error a C function returned (NULL means success). */
internal fun checkError(error: Pointer?) {
    if (error != null) throw GoTrueException.take(error)
}
