package dev.libgotrue

import com.sun.jna.Pointer
import java.util.concurrent.atomic.AtomicLong

/**
 * Owns one native client pointer: counts the calls in flight so the pointer is freed exactly once,
 * and never while a call is using it. `close()` marks it closed (new calls throw) and the free
 * happens at once, or when the last call in flight ends. Safe from any thread.
 */
internal class ClientHandle(private val pointer: Pointer, private val free: (Pointer) -> Unit) {
    // Bit 0: closed. The rest: twice the number of calls in flight.
    private val state = AtomicLong(0)

    val isClosed: Boolean get() = state.get() and CLOSED != 0L

    inline fun <T> use(block: (Pointer) -> T): T {
        val p = acquire()
        try {
            return block(p)
        } finally {
            release()
        }
    }

    fun acquire(): Pointer {
        while (true) {
            val s = state.get()
            check(s and CLOSED == 0L) { "GoTrueClient is closed" }
            if (state.compareAndSet(s, s + CALL)) return pointer
        }
    }

    fun release() {
        if (state.addAndGet(-CALL) == CLOSED) free(pointer)
    }

    /** Idempotent; the Cleaner and any number of threads may call it at once. */
    fun close() {
        while (true) {
            val s = state.get()
            if (s and CLOSED != 0L) return
            if (state.compareAndSet(s, s or CLOSED)) {
                if (s == 0L) free(pointer)
                return
            }
        }
    }

    private companion object {
        const val CLOSED = 1L
        const val CALL = 2L
    }
}
