using System;
using System.Runtime.InteropServices;
using System.Text;

namespace GoTrue
{
    /// <summary>
    /// Explicit UTF-8 marshalling. Mono's default string marshalling is not UTF-8 on every target, so
    /// strings go in as NUL-terminated UTF-8 byte arrays and come out through a UTF-8 decoder.
    /// </summary>
    internal static class Utf8
    {
        // Throws on lone surrogates instead of silently sending U+FFFD.
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>A required argument: null throws ArgumentNullException.</summary>
        internal static byte[] Required(string value, string paramName)
        {
            if (value == null) throw new ArgumentNullException(paramName);
            return Encode(value, paramName);
        }

        /// <summary>A nullable argument: null is passed as a NULL pointer.</summary>
        internal static byte[] Optional(string value, string paramName)
        {
            return value == null ? null : Encode(value, paramName);
        }

        private static byte[] Encode(string value, string paramName)
        {
            // C would silently truncate at an embedded NUL, e.g. a password "a\0b" becoming "a".
            if (value.IndexOf('\0') >= 0) throw new ArgumentException("string contains a NUL character", paramName);
            byte[] bytes;
            try { bytes = new byte[Strict.GetByteCount(value) + 1]; }
            catch (EncoderFallbackException e) { throw new ArgumentException("string is not valid UTF-16 (lone surrogate)", paramName, e); }
            Strict.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }

        /// <summary>Reads a NUL-terminated UTF-8 string; null for a NULL pointer.</summary>
        internal static string Decode(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int len = 0;
            while (Marshal.ReadByte(p, len) != 0) len++;
            var bytes = new byte[len];
            Marshal.Copy(p, bytes, 0, len);
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
