package dev.libgotrue

import com.sun.jna.Pointer
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

/**
 * The C ABI hands every callback its registration's `user_data`. A JVM object cannot be a C
 * pointer, so `user_data` is a number naming the registered Kotlin object here (what a GCHandle is
 * to C#). One static trampoline per callback type serves every client; the entry goes when the
 * library runs the registration's finalizer, [release] (after the last callback: on unsubscribe
 * or when the client is freed).
 */
internal object Callbacks {
    private val next = AtomicLong(1)
    private val targets = ConcurrentHashMap<Long, Any>()

    fun register(target: Any): Pointer {
        val id = next.getAndIncrement()
        targets[id] = target
        return Pointer(id)
    }

    fun unregister(userData: Pointer) {
        targets.remove(Pointer.nativeValue(userData))
    }

    inline fun <reified T> target(userData: Pointer?): T? =
        userData?.let { targets[Pointer.nativeValue(it)] } as? T

    val registered: Int get() = targets.size

    /** Auth state changes go to the client's [EventSink]. The borrowed session is copied here. */
    val authState = GoTrueAuthStateCallback { event, session, userData ->
        try {
            val sink = target<EventSink>(userData) ?: return@GoTrueAuthStateCallback
            val kind = AuthChangeEvent.fromValue(event) ?: return@GoTrueAuthStateCallback
            sink.onEvent(AuthEvent(kind, Session.copyOf(session)))
        } catch (t: Throwable) {
            // Nothing may unwind into the library; a broken event is dropped, the call goes on.
            Thread.currentThread().uncaughtExceptionHandler?.uncaughtException(Thread.currentThread(), t)
        }
    }

    val storageGet = GoTrueStorageGetFn { userData, key, outValue ->
        storageCall(userData) { storage ->
            val value = storage.get(key.utf8()!!)
            if (value != null) CArgs().use { a -> checkError(GoTrueNative.gotrue_storage_value_set(outValue, a.s(value))) }
        }
    }

    val storageSet = GoTrueStorageSetFn { userData, key, value ->
        storageCall(userData) { it.set(key.utf8()!!, value.utf8()!!) }
    }

    val storageRemove = GoTrueStorageRemoveFn { userData, key ->
        storageCall(userData) { it.remove(key.utf8()!!) }
    }

    val release = GoTrueReleaseFn { userData -> if (userData != null) unregister(userData) }

    private inline fun storageCall(userData: Pointer?, block: (SessionStorage) -> Unit): Int = try {
        val storage = target<SessionStorage>(userData)
        if (storage == null) 1 else {
            block(storage)
            0
        }
    } catch (t: Throwable) {
        // The library reports a non-zero answer as GOTRUE_ERROR_CODE_STORAGE to the call that needed it.
        1
    }
}

/** Receives a client's auth events on the thread that caused them. Holds no reference to the client. */
internal fun interface EventSink {
    fun onEvent(event: AuthEvent)
}
