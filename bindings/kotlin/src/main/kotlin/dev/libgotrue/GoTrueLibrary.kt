package dev.libgotrue

import com.sun.jna.NativeLibrary
import java.io.File

/**
 * Finds and opens libgotrue, and checks its ABI version.
 *
 * Where the library comes from, first match wins:
 *  1. the system property `gotrue.library.path` or the environment variable `GOTRUE_LIBRARY_PATH`:
 *     a directory holding `libgotrue.so` (`libgotrue.dylib`, `gotrue.dll`) or the library file itself;
 *  2. JNA's own search: `jna.library.path`, `java.library.path`, the system's paths, and the class path
 *     under JNA's resource prefix (`linux-x86-64/libgotrue.so`; on Android the APK's `lib/<abi>/`).
 */
object GoTrueLibrary {
    private const val NAME = "gotrue"

    /** The library version, e.g. "0.2.0" (gotrue_version()). Loads the library on first use. */
    @JvmStatic
    val version: String
        get() = GoTrueNative.gotrue_version()!!.getString(0, "UTF-8")

    /** The ABI version of the loaded library; equal to the one this binding was generated for. */
    @JvmStatic
    val abiVersion: Int
        get() = GoTrueNative.gotrue_abi_version()

    internal fun open(): NativeLibrary {
        val configured = System.getProperty("gotrue.library.path")?.takeIf { it.isNotEmpty() }
            ?: System.getenv("GOTRUE_LIBRARY_PATH")?.takeIf { it.isNotEmpty() }
        if (configured != null) {
            val file = File(configured)
            val path = if (file.isDirectory) File(file, System.mapLibraryName(NAME)).path else file.path
            return NativeLibrary.getInstance(path)
        }
        return NativeLibrary.getInstance(NAME)
    }

    /** Fails fast (before any other call) when the library was built for a different ABI. */
    internal fun checkAbi(actual: Int, expected: Int) {
        if (actual != expected) {
            throw UnsatisfiedLinkError(
                "libgotrue ABI version $actual does not match the version this binding was generated for " +
                    "($expected): use the library and the binding from the same release"
            )
        }
    }
}
