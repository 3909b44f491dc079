package dev.libgotrue

/**
 * Where a client keeps its session and PKCE verifiers, for apps that bring their own store
 * (Android: EncryptedSharedPreferences, DataStore). Values hold tokens: keep them as secret as a
 * password.
 *
 * The library calls these from any thread, including its auto-refresh thread, and from several
 * threads at once, so implementations must be thread-safe. They must not call back into the client.
 * An exception is reported to the call that needed the storage as [ErrorCode.STORAGE].
 */
interface SessionStorage {
    /** The value stored under [key], or null when there is none. */
    fun get(key: String): String?

    /** Stores [value] under [key], replacing any old value. */
    fun set(key: String, value: String)

    /** Removes [key]; removing an absent key is not an error. */
    fun remove(key: String)
}

/** A thread-safe in-memory [SessionStorage] (the library's own memory storage needs none of this). */
class MemorySessionStorage : SessionStorage {
    private val map = java.util.concurrent.ConcurrentHashMap<String, String>()

    override fun get(key: String): String? = map[key]

    override fun set(key: String, value: String) {
        map[key] = value
    }

    override fun remove(key: String) {
        map.remove(key)
    }

    /** The keys stored now. */
    val keys: Set<String> get() = map.keys.toSet()
}
