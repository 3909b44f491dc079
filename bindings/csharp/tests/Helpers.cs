using System;
using System.IO;
using System.Text;

namespace GoTrue.Tests
{
    internal static class Helpers
    {
        /// <summary>include/gotrue.h: $GOTRUE_HEADER, else found by walking up from the test assembly.</summary>
        internal static string HeaderPath()
        {
            var env = Environment.GetEnvironmentVariable("GOTRUE_HEADER");
            if (!string.IsNullOrEmpty(env) && File.Exists(env)) return Path.GetFullPath(env);
            var dir = new DirectoryInfo(AppDomain.CurrentDomain.BaseDirectory);
            for (; dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "include", "gotrue.h");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("include/gotrue.h not found; set GOTRUE_HEADER");
        }

        internal static string B64Url(string s)
            => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        internal static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <summary>An unsigned JWT-shaped token (the library does not verify it for these tests).</summary>
        internal static string FakeJwt(long exp)
            => B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." +
               B64Url("{\"sub\":\"11111111-2222-3333-4444-555555555555\",\"exp\":" + exp + ",\"aal\":\"aal1\",\"role\":\"authenticated\"}") + ".c2ln";

        /// <summary>A session JSON as the server sends it; <paramref name="email"/> may be non-ASCII.</summary>
        internal static string SessionJson(string refreshToken = "refresh-1", string email = "fixture@example.com", long expiresIn = 3600)
        {
            long now = Now;
            string emailField = email == null ? "" : "\"email\":\"" + email + "\",";
            return "{\"access_token\":\"" + FakeJwt(now + expiresIn) + "\",\"refresh_token\":\"" + refreshToken + "\"," +
                   "\"expires_in\":" + expiresIn + ",\"expires_at\":" + (now + expiresIn) + ",\"token_type\":\"bearer\"," +
                   "\"user\":{\"id\":\"11111111-2222-3333-4444-555555555555\",\"aud\":\"authenticated\",\"role\":\"authenticated\"," +
                   emailField + "\"app_metadata\":{\"provider\":\"email\"},\"user_metadata\":{\"name\":\"Zoë 🚀\"}}}";
        }

        /// <summary>Options that make fault tests fast and deterministic (no retries, short timeouts).</summary>
        internal const string FastOptions = "{\"max_retries\":0,\"timeout_ms\":5000,\"connect_timeout_ms\":2000}";
    }
}
