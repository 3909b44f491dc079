using System;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace GoTrue.Tests
{
    /// <summary>
    /// Flows against the real Supabase Auth server (the harness in tests/server/ exports GOTRUE_TEST_*).
    /// Excluded by default (`nunit-console -exclude=RealServer`); test.sh includes them when
    /// GOTRUE_TEST_URL is set and the server answers /health. Without a server each test is ignored.
    /// </summary>
    [TestFixture, Category("RealServer")]
    public class RealServerTests
    {
        private static string Env(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(v)) Assert.Ignore(name + " is not set: needs the real Supabase Auth server (./x start)");
            return v;
        }

        private static string Url => Env("GOTRUE_TEST_URL");
        private static string AnonKey => Env("GOTRUE_TEST_ANON_KEY");
        private static string ServiceRoleKey => Env("GOTRUE_TEST_SERVICE_ROLE_KEY");

        [TestFixtureSetUp]
        public void ServerIsUp()
        {
            try
            {
                using (var web = new WebClient()) web.DownloadString(Url.TrimEnd('/') + "/health");
            }
            catch (WebException e) { Assert.Ignore("the server at GOTRUE_TEST_URL does not answer /health: " + e.Message); }
        }

        private static int counter;
        private static string UniqueEmail(string tag)
            => string.Format("cs-{0}-{1}-{2}-{3}@example.com", tag, System.Diagnostics.Process.GetCurrentProcess().Id,
                DateTime.UtcNow.Ticks, System.Threading.Interlocked.Increment(ref counter));

        private static string Field(string json, string key)
        {
            var m = Regex.Match(json, "\"" + Regex.Escape(key) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
            Assert.IsTrue(m.Success, key + " not in " + json);
            return m.Groups[1].Value;
        }

        private const string Password = "correct-horse-battery-9";

        // struct sigaction, kept opaque (152 bytes on x86_64 glibc; room to spare).
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int sigaction(int signum, byte[] act, byte[] oldact);
        private const int SIGPIPE = 13;

        /// <summary>
        /// The server answers a request with a 10 MB header with 431 and closes before reading it
        /// all; the unsent rest is written during the next call. Mono ignores SIGPIPE, which would
        /// hide the fault, so this test gives SIGPIPE its default action (killing the process, as in
        /// a C host) for the duration and restores Mono's afterwards.
        /// </summary>
        [Test]
        public void HugeHeaderThenNextCallDoesNotRaiseSigpipe()
        {
            var saved = new byte[512];
            Assert.AreEqual(0, sigaction(SIGPIPE, null, saved));
            Assert.AreEqual(0, sigaction(SIGPIPE, new byte[512], null)); // all zero: SIG_DFL
            try
            {
                using (var client = new Client(Url, AnonKey, "{\"max_retries\":0}"))
                {
                    var jwt = new string('a', 10 << 20);
                    for (int i = 0; i < 4; i++)
                    {
                        var e = Assert.Throws<GoTrueException>(() => client.GetUser(jwt));
                        Assert.IsTrue(e.HttpStatus == 431 || e.Code == ErrorCode.Network, e.ToString());
                        StringAssert.Contains("GoTrue", client.Health());
                    }
                }
            }
            finally
            {
                sigaction(SIGPIPE, saved, null);
            }
        }

        private Client SignedIn(string tag, out string email)
        {
            email = UniqueEmail(tag);
            var client = new Client(Url, AnonKey);
            using (var result = client.SignUp(email, Password))
                Assert.IsNotNull(result.Session, "the main server autoconfirms");
            return client;
        }

        [Test]
        public void SignUpSignInAndSignOut()
        {
            string email = UniqueEmail("signup");
            using (var client = new Client(Url, AnonKey))
            {
                using (var result = client.SignUp(email, Password, "{\"data\":{\"plan\":\"pro\"}}"))
                {
                    Assert.IsNotNull(result.Session);
                    Assert.AreEqual(email, result.Session.UserEmail);
                    StringAssert.Contains("\"plan\":\"pro\"", result.UserJson);
                }
                client.SignOut(SignOutScope.Local);
                Assert.IsNull(client.GetSession());
                using (var session = client.SignInWithPassword(email, Password))
                {
                    Assert.AreEqual(email, session.UserEmail);
                    Assert.That(session.TimeLeft.TotalSeconds, Is.GreaterThan(60));
                }
                using (var current = client.GetSession()) Assert.AreEqual(email, current.UserEmail);
                var e = Assert.Throws<GoTrueException>(() => client.SignInWithPassword(email, "wrong-password-1"));
                Assert.AreEqual(ErrorCode.InvalidCredentials, e.Code);
                Assert.AreEqual(400, e.HttpStatus);
                client.SignOut();
                Assert.IsNull(client.GetSession());
            }
        }

        [Test]
        public void CachedReadsStatusEventAndLog()
        {
            string email = UniqueEmail("status");
            var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var statuses = new System.Collections.Concurrent.ConcurrentQueue<SessionStatus>();
            using (var client = new Client(Url, AnonKey))
            {
                Assert.AreEqual(SessionStatus.Initializing, client.GetSessionStatus().Status);
                client.SessionStatusChanged += (sender, info) => statuses.Enqueue(info.Status);
                GoTrueLog.SetHandler((level, line) => lines.Enqueue(line), LogLevel.Debug);
                try
                {
                    string accessToken, refreshToken;
                    using (var result = client.SignUp(email, Password))
                    {
                        accessToken = result.Session.AccessToken;
                        refreshToken = result.Session.RefreshToken;
                    }
                    using (var cached = client.CurrentSession()) Assert.AreEqual(refreshToken, cached.RefreshToken);
                    StringAssert.Contains(email, client.CurrentUser());
                    client.SignOut(SignOutScope.Local);
                    Assert.IsNull(client.CurrentSession());
                    Assert.IsNull(client.CurrentUser());
                    var after = client.GetSessionStatus();
                    Assert.AreEqual(SessionStatus.NotAuthenticated, after.Status);
                    Assert.IsTrue(after.IsSignOut);
                    Assert.IsNull(after.LastError);
                    GoTrueLog.SetHandler(null);
                    CollectionAssert.AreEqual(new[] { SessionStatus.Authenticated, SessionStatus.NotAuthenticated }, statuses.ToArray());
                    Assert.That(lines, Has.Some.Contains("path=/logout"));
                    foreach (var line in lines)
                        foreach (var secret in new[] { Password, accessToken, refreshToken, email })
                            StringAssert.DoesNotContain(secret, line);
                }
                finally { GoTrueLog.SetHandler(null); }
            }
        }

        [Test]
        public void SignInAsync()
        {
            string email;
            using (var client = SignedIn("async", out email))
            using (var session = client.SignInWithPasswordAsync(email, Password).Result)
                Assert.AreEqual(email, session.UserEmail);
        }

        [Test]
        public void AsyncCallsAreCancellableAndLeaveTheSessionUsable()
        {
            string email;
            using (var client = SignedIn("async-cancel", out email))
            {
                // Refreshes and user reads cancelled at random moments: each task ends once, as
                // cancelled or with the server's answer, and the session stays usable.
                var random = new Random(11);
                var sources = new System.Collections.Generic.List<System.Threading.CancellationTokenSource>();
                var tasks = new System.Collections.Generic.List<System.Threading.Tasks.Task>();
                for (int i = 0; i < 30; i++)
                {
                    var cts = new System.Threading.CancellationTokenSource();
                    sources.Add(cts);
                    tasks.Add(i % 3 == 0 ? (System.Threading.Tasks.Task)client.RefreshSessionAsync(null, cts.Token) : client.GetUserAsync(null, cts.Token));
                    cts.CancelAfter(random.Next(0, 40));
                }
                foreach (var t in tasks)
                {
                    try { t.Wait(TimeSpan.FromSeconds(60)); }
                    catch (AggregateException e) { Assert.IsInstanceOf<System.Threading.Tasks.TaskCanceledException>(e.InnerException, e.ToString()); }
                    Assert.IsTrue(t.IsCompleted);
                }
                foreach (var cts in sources) cts.Dispose();
                StringAssert.Contains(email, client.GetUserAsync().Result);
                using (var refreshed = client.RefreshSessionAsync().Result)
                    Assert.AreEqual(email, refreshed.UserEmail);
                StringAssert.Contains(email, client.GetUser());
            }
        }

        [Test]
        public void PhoneOtpSignIn()
        {
            // The harness maps test phones 15555550100..09 to OTP 123456.
            using (var client = new Client(Url, AnonKey))
            {
                client.SignInWithPhoneOtp("+15555550107");
                using (var result = client.VerifyPhoneOtp("+15555550107", "123456", "sms"))
                {
                    Assert.IsNotNull(result.Session);
                    Assert.AreEqual("15555550107", result.Session.UserPhone);
                }
            }
        }

        [Test]
        public void EmailOtpViaAdminGeneratedLink()
        {
            string email = UniqueEmail("otp");
            using (var admin = new Client(Url, ServiceRoleKey))
            using (var client = new Client(Url, AnonKey))
            {
                admin.Admin.CreateUser("{\"email\":\"" + email + "\",\"email_confirm\":true}");
                string link = admin.Admin.GenerateLink("magiclink", email);
                using (var result = client.VerifyOtp(email, Field(link, "email_otp"), "email"))
                    Assert.AreEqual(email, result.Session.UserEmail);
            }
        }

        [Test]
        public void SessionGetSetRefresh()
        {
            string email;
            using (var client = SignedIn("session", out email))
            using (var other = new Client(Url, AnonKey))
            using (var first = client.GetSession())
            {
                using (var refreshed = client.RefreshSession())
                {
                    Assert.AreNotEqual(first.RefreshToken, refreshed.RefreshToken);
                    using (var adopted = other.SetSession(refreshed.AccessToken, refreshed.RefreshToken))
                        Assert.AreEqual(email, adopted.UserEmail);
                }
                // The server's promise (v2.196.0): a rotated token that is the parent of the active one is
                // still accepted ("fail-to-save") and answers with the active refresh token, not a new one.
                using (var third = new Client(Url, AnonKey))
                using (var replay = third.RefreshSession(first.RefreshToken))
                using (var current = client.GetSession())
                    Assert.AreEqual(current.RefreshToken, replay.RefreshToken);
                using (var restored = Session.FromJson(client.GetSession().ToJson()))
                    Assert.AreEqual(email, restored.UserEmail);
                // After a global sign-out every refresh token of the session is refused.
                client.SignOut(SignOutScope.Global);
                using (var fourth = new Client(Url, AnonKey))
                {
                    var e = Assert.Throws<GoTrueException>(() => fourth.RefreshSession(first.RefreshToken));
                    Assert.AreEqual(ErrorCode.RefreshTokenNotFound, e.Code);
                }
                Assert.IsNull(client.GetSession());
            }
        }

        [Test]
        public void UserGetAndUpdate()
        {
            string email;
            using (var client = SignedIn("user", out email))
            {
                Assert.AreEqual(email, Field(client.GetUser(), "email"));
                string updated = client.UpdateUser("{\"data\":{\"nickname\":\"Zoë\"}}");
                StringAssert.Contains("Zoë", updated);
                using (var session = client.GetSession()) StringAssert.Contains("Zoë", session.UserJson);
                var identities = client.GetUserIdentities();
                StringAssert.Contains("\"provider\":\"email\"", identities);
            }
        }

        [Test]
        public void MfaTotpEnrollVerifyUnenroll()
        {
            string email;
            using (var client = SignedIn("mfa", out email))
            {
                string factor = client.Mfa.EnrollTotp("laptop");
                string factorId = Field(factor, "id");
                string secret = Field(factor, "secret");
                StringAssert.Contains("\"current_level\":\"aal1\"", client.Mfa.GetAuthenticatorAssuranceLevel());
                var wrong = Assert.Throws<GoTrueException>(() => client.Mfa.ChallengeAndVerify(factorId, "000000" == Totp(secret) ? "111111" : "000000"));
                Assert.AreEqual(ErrorCode.MfaVerificationFailed, wrong.Code);
                using (var aal2 = client.Mfa.ChallengeAndVerify(factorId, Totp(secret)))
                    Assert.IsNotNull(aal2.AccessToken);
                StringAssert.Contains("\"current_level\":\"aal2\"", client.Mfa.GetAuthenticatorAssuranceLevel());
                StringAssert.Contains(factorId, client.Mfa.ListFactors());
                client.Mfa.Unenroll(factorId);
                StringAssert.DoesNotContain(factorId, client.Mfa.ListFactors());
            }
        }

        [Test]
        public void AdminUsers()
        {
            string email = UniqueEmail("admin");
            using (var admin = new Client(Url, ServiceRoleKey))
            {
                string user = admin.Admin.CreateUser("{\"email\":\"" + email + "\",\"password\":\"" + Password + "\",\"email_confirm\":true}");
                string id = Field(user, "id");
                Assert.AreEqual(email, Field(admin.Admin.GetUserById(id), "email"));
                StringAssert.Contains("\"role\":\"x\"", admin.Admin.UpdateUserById(id, "{\"app_metadata\":{\"role\":\"x\"}}"));
                StringAssert.Contains("\"users\"", admin.Admin.ListUsers("{\"page\":1,\"per_page\":5}"));
                StringAssert.Contains("[", admin.Admin.ListFactors(id));
                admin.Admin.DeleteUser(id);
                Assert.AreEqual(ErrorCode.UserNotFound, Assert.Throws<GoTrueException>(() => admin.Admin.GetUserById(id)).Code);
            }
            using (var anon = new Client(Url, AnonKey))
                Assert.AreEqual(403, Assert.Throws<GoTrueException>(() => anon.Admin.ListUsers()).HttpStatus);
        }

        [Test]
        public void SettingsAndHealth()
        {
            using (var client = new Client(Url, AnonKey))
            {
                StringAssert.Contains("\"external\"", client.GetSettings());
                StringAssert.Contains("\"version\"", client.HealthAsync().Result);
            }
        }

        [Test]
        public void EventsFollowTheSession()
        {
            string email = UniqueEmail("events");
            using (var client = new Client(Url, AnonKey))
            {
                var events = new System.Collections.Concurrent.ConcurrentQueue<AuthEvent>();
                using (client.OnAuthStateChange((e, s) => { events.Enqueue(e); s?.Dispose(); }))
                {
                    client.SignUp(email, Password).Dispose();
                    client.RefreshSession().Dispose();
                    client.UpdateUser("{\"data\":{\"n\":1}}");
                    client.SignOut();
                }
                CollectionAssert.AreEqual(new[] { AuthEvent.SignedIn, AuthEvent.TokenRefreshed, AuthEvent.UserUpdated, AuthEvent.SignedOut }, events.ToArray());
            }
        }

        [Test]
        public void StorageResumesTheSessionInANewClient()
        {
            var storage = new DictionaryStorage();
            string email = UniqueEmail("storage");
            using (var first = new Client(Url, AnonKey, storage))
                first.SignUp(email, Password).Dispose();
            StringAssert.Contains("refresh_token", storage.Items["sb-auth-token"]);
            using (var second = new Client(Url, AnonKey, storage))
            using (var resumed = second.Initialize())
            {
                Assert.AreEqual(email, resumed.UserEmail);
                Assert.AreEqual(email, Field(second.GetUser(), "email"));
                second.SignOut();
            }
            Assert.IsFalse(storage.Items.ContainsKey("sb-auth-token"), "sign-out removes the stored session");
        }

        [Test]
        public void ClaimsOfTheCurrentSession()
        {
            string email;
            using (var client = SignedIn("claims", out email))
            using (var session = client.GetSession())
            {
                string claims = client.GetClaims();
                StringAssert.Contains("\"sub\":\"" + session.UserId + "\"", claims);
                StringAssert.Contains("\"email\":\"" + email + "\"", claims);
                StringAssert.Contains(session.UserId, client.GetClaims(session.AccessToken));
            }
        }

        // RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for the enrolled factor's base32 secret.
        private static string Totp(string base32Secret)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            var bytes = new System.Collections.Generic.List<byte>();
            int buffer = 0, bits = 0;
            foreach (char c in base32Secret.TrimEnd('=').ToUpperInvariant())
            {
                buffer = (buffer << 5) | alphabet.IndexOf(c);
                bits += 5;
                if (bits >= 8) { bytes.Add((byte)(buffer >> (bits - 8))); bits -= 8; }
            }
            long counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var message = BitConverter.GetBytes(counter);
            if (BitConverter.IsLittleEndian) Array.Reverse(message);
            using (var hmac = new HMACSHA1(bytes.ToArray()))
            {
                var hash = hmac.ComputeHash(message);
                int offset = hash[hash.Length - 1] & 0x0f;
                int binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
                return (binary % 1000000).ToString("D6");
            }
        }
    }
}
