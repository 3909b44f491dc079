using System;

namespace GoTrue
{
    /// <summary>Thrown when the loaded libgotrue was built for a different ABI than these bindings.</summary>
    public sealed class LibraryMismatchException : Exception
    {
        public LibraryMismatchException(string message) : base(message) { }
    }

    /// <summary>Facts about the loaded native library.</summary>
    public static class GoTrueLibrary
    {
        private static readonly object Gate = new object();
        private static bool checkedOk;

        /// <summary>The library version, e.g. "0.2.0".</summary>
        public static string Version => Utf8.Decode(Native.gotrue_version());

        /// <summary>The ABI version of the loaded library.</summary>
        public static uint AbiVersion => Native.gotrue_abi_version();

        /// <summary>The ABI version these bindings were generated for (GOTRUE_ABI_VERSION in gotrue.h).</summary>
        public static uint ExpectedAbiVersion => Native.HeaderAbiVersion;

        /// <summary>The library's stable name for a code ("invalid_credentials", "Network"), or null.</summary>
        public static string ErrorCodeName(ErrorCode code) => Utf8.Decode(Native.gotrue_error_code_name((int)code));

        /// <summary>
        /// Fails fast when the loaded library's ABI differs from the header the bindings were generated
        /// from. Called before the first handle is created; cheap after the first success.
        /// </summary>
        public static void EnsureCompatible()
        {
            if (checkedOk) return;
            lock (Gate)
            {
                if (checkedOk) return;
                uint loaded = Native.gotrue_abi_version();
                if (loaded != Native.HeaderAbiVersion)
                    throw new LibraryMismatchException(string.Format(
                        "libgotrue ABI version {0} (library {1}) does not match the bindings' ABI version {2}; " +
                        "use the library these bindings were built for", loaded, Version, Native.HeaderAbiVersion));
                checkedOk = true;
            }
        }
    }
}
