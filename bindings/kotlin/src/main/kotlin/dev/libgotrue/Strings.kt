package dev.libgotrue

import com.sun.jna.Pointer
import com.sun.jna.ptr.PointerByReference
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/** A borrowed C string, read as UTF-8. */
internal fun Pointer?.utf8(): String? = this?.getString(0, "UTF-8")

/** Reads and frees (gotrue_string_free wipes it) an owned string an out-parameter received. */
internal fun PointerByReference.takeString(): String? {
    val p = value ?: return null
    try {
        return p.getString(0, "UTF-8")
    } finally {
        GoTrueNative.gotrue_string_free(p)
    }
}

internal fun PointerByReference.takeJson(): JsonElement? = takeString()?.let { Json.parseToJsonElement(it) }

internal fun PointerByReference.takeJsonObject(): JsonObject? = takeJson()?.jsonObject

/**
 * The NUL-terminated UTF-8 arguments of one call. Every array is wiped when the call ends, since
 * arguments include passwords and tokens.
 */
internal class CArgs : AutoCloseable {
    private val made = ArrayList<ByteArray>(4)

    fun s(value: String?): ByteArray? {
        if (value == null) return null
        if (value.indexOf('\u0000') >= 0) {
            throw GoTrueException(ErrorCode.INVALID_ARGUMENT, "a string argument contains a NUL character")
        }
        val utf8 = value.toByteArray(Charsets.UTF_8)
        val bytes = utf8.copyOf(utf8.size + 1)
        utf8.fill(0)
        made.add(bytes)
        return bytes
    }

    fun json(value: JsonElement?): ByteArray? = s(value?.toString())

    override fun close() {
        for (b in made) b.fill(0)
    }
}
