using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace GoTrue.Tests
{
    [TestFixture]
    public class LibraryTests
    {
        [Test]
        public void AbiVersionMatchesTheHeader()
        {
            var header = File.ReadAllText(Helpers.HeaderPath());
            var m = Regex.Match(header, @"#define GOTRUE_ABI_VERSION (\d+)");
            Assert.IsTrue(m.Success);
            uint fromHeader = uint.Parse(m.Groups[1].Value);
            Assert.AreEqual(fromHeader, GoTrueLibrary.ExpectedAbiVersion, "Native.g.cs is stale");
            Assert.AreEqual(fromHeader, GoTrueLibrary.AbiVersion, "loaded library has another ABI");
            GoTrueLibrary.EnsureCompatible();
            StringAssert.IsMatch(@"^\d+\.\d+\.\d+", GoTrueLibrary.Version);
        }

        [Test]
        public void EveryErrorCodeInTheHeaderIsKnownToTheEnum()
        {
            var header = File.ReadAllText(Helpers.HeaderPath());
            var codes = Regex.Matches(header, @"GOTRUE_ERROR_CODE_(\w+) = (\d+),").Cast<Match>().ToList();
            Assert.Greater(codes.Count, 100);
            foreach (var m in codes)
            {
                int value = int.Parse(m.Groups[2].Value);
                string pascal = string.Concat(m.Groups[1].Value.ToLowerInvariant().Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
                Assert.IsTrue(Enum.IsDefined(typeof(ErrorCode), value), "enum lacks " + m.Value);
                Assert.AreEqual(pascal, ((ErrorCode)value).ToString(), m.Value);
                if (value != 0) Assert.IsNotNull(GoTrueLibrary.ErrorCodeName((ErrorCode)value), "library has no name for " + m.Value);
            }
            Assert.AreEqual(codes.Count, Enum.GetValues(typeof(ErrorCode)).Length, "enum has codes the header lacks");
            Assert.AreEqual("invalid_credentials", GoTrueLibrary.ErrorCodeName(ErrorCode.InvalidCredentials));
            Assert.IsNull(GoTrueLibrary.ErrorCodeName((ErrorCode)12345));
        }

        [Test]
        public void EveryFunctionInTheHeaderIsDeclared()
        {
            var header = File.ReadAllText(Helpers.HeaderPath());
            var inHeader = Regex.Matches(header, @"\b(gotrue_\w+)\(").Cast<Match>().Select(m => m.Groups[1].Value)
                .Where(n => Regex.IsMatch(header, @"^[^/\n].*\b" + n + @"\(.*\);$", RegexOptions.Multiline)).Distinct().ToList();
            var declared = typeof(Client).Assembly.GetType("GoTrue.Native", true)
                .GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic).Select(m => m.Name).ToList();
            CollectionAssert.IsSubsetOf(inHeader, declared);
            Assert.GreaterOrEqual(inHeader.Count, 69);
        }
    }

    [TestFixture]
    public class ErrorMappingTests
    {
        [Test]
        public void RefusedPortIsANetworkError()
        {
            int port = Fixture.FreePort(); // nothing listens there now
            using (var client = new Client("http://127.0.0.1:" + port, "anon", Helpers.FastOptions))
            {
                var e = Assert.Throws<GoTrueException>(() => client.Health());
                Assert.AreEqual(ErrorCode.Network, e.Code);
                Assert.AreEqual(0, e.HttpStatus);
                Assert.IsNull(e.ServerCode);
                Assert.IsNull(e.RetryAfter);
                Assert.IsNotEmpty(e.Message);
            }
        }

        [Test]
        public void IsRetryableMarksOnlyTransientFailures()
        {
            int port = Fixture.FreePort();
            using (var client = new Client("http://127.0.0.1:" + port, "anon", Helpers.FastOptions))
            {
                Assert.IsTrue(Assert.Throws<GoTrueException>(() => client.Health()).IsRetryable, "refused connection");
                Assert.IsFalse(Assert.Throws<GoTrueException>(() => client.SignInWithPassword("", "pw")).IsRetryable,
                    "argument error");
            }
            using (var fixture = new Fixture())
            {
                fixture.On("/token", 503, "{\"message\":\"down\"}");
                Assert.IsTrue(SignInAgainst(fixture).IsRetryable, "503");
                fixture.On("/token", 429, "{\"code\":\"over_request_rate_limit\",\"message\":\"slow\"}");
                Assert.IsTrue(SignInAgainst(fixture).IsRetryable, "429");
                fixture.On("/token", 400, "{\"code\":\"invalid_credentials\",\"message\":\"no\"}");
                Assert.IsFalse(SignInAgainst(fixture).IsRetryable, "400");
            }
        }

        private static GoTrueException SignInAgainst(Fixture fixture)
        {
            using (var client = new Client(fixture.Url, "anon", Helpers.FastOptions))
                return Assert.Throws<GoTrueException>(() => client.SignInWithPassword("a@example.com", "wrong-password"));
        }

        [Test]
        public void Decodes2024Shape_WeakPassword()
        {
            using (var fixture = new Fixture())
            {
                fixture.On("/token", 422, "{\"code\":\"weak_password\",\"message\":\"Password is too weak\",\"weak_password\":{\"reasons\":[\"length\",\"characters\"]}}");
                var e = SignInAgainst(fixture);
                Assert.AreEqual(ErrorCode.WeakPassword, e.Code);
                Assert.AreEqual("weak_password", e.ServerCode);
                Assert.AreEqual(422, e.HttpStatus);
                Assert.AreEqual("Password is too weak", e.Message);
                CollectionAssert.AreEqual(new[] { "length", "characters" }, e.WeakPasswordReasons);
                Assert.AreEqual("weak_password", e.CodeName);
            }
        }

        [Test]
        public void DecodesLegacyShape()
        {
            using (var fixture = new Fixture())
            {
                fixture.On("/token", 400, "{\"code\":400,\"error_code\":\"invalid_credentials\",\"msg\":\"Invalid login credentials\"}");
                var e = SignInAgainst(fixture);
                Assert.AreEqual(ErrorCode.InvalidCredentials, e.Code);
                Assert.AreEqual("invalid_credentials", e.ServerCode);
                Assert.AreEqual(400, e.HttpStatus);
                Assert.AreEqual("Invalid login credentials", e.Message);
                Assert.IsEmpty(e.WeakPasswordReasons);
            }
        }

        [Test]
        public void DecodesOAuthShape()
        {
            using (var fixture = new Fixture())
            {
                fixture.On("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid Refresh Token\"}");
                var e = SignInAgainst(fixture);
                Assert.AreEqual(ErrorCode.InvalidGrant, e.Code);
                Assert.AreEqual("Invalid Refresh Token", e.Message);
            }
        }

        [Test]
        public void UnknownServerCodeKeepsTheString_AndRetryAfter()
        {
            using (var fixture = new Fixture())
            {
                fixture.On("/token", 429, "{\"code\":\"brand_new_code\",\"message\":\"slow down\"}", 0,
                    new Dictionary<string, string> { { "Retry-After", "7" } });
                var e = SignInAgainst(fixture);
                Assert.AreEqual(ErrorCode.UnknownServerCode, e.Code);
                Assert.AreEqual("brand_new_code", e.ServerCode);
                Assert.AreEqual(429, e.HttpStatus);
                Assert.AreEqual(TimeSpan.FromSeconds(7), e.RetryAfter);
            }
        }

        [Test]
        public void NonJsonBodyIsAnHttpError()
        {
            using (var fixture = new Fixture())
            {
                fixture.On("/health", 503, "<html>bad gateway</html>");
                using (var client = new Client(fixture.Url, "anon", Helpers.FastOptions))
                {
                    var e = Assert.Throws<GoTrueException>(() => client.Health());
                    Assert.AreEqual(ErrorCode.HttpError, e.Code);
                    Assert.AreEqual(503, e.HttpStatus);
                }
            }
        }

        [Test]
        public void InvalidOptionsJson()
        {
            var e = Assert.Throws<GoTrueException>(() => new Client("http://127.0.0.1:1", "", "{\"no_such_option\":1}"));
            Assert.AreEqual(ErrorCode.InvalidJson, e.Code);
            e = Assert.Throws<GoTrueException>(() => new Client("http://127.0.0.1:1", "", "{not json"));
            Assert.AreEqual(ErrorCode.InvalidJson, e.Code);
        }

        [Test]
        public void SignedOutCallsReportSessionMissing()
        {
            using (var client = new Client("http://127.0.0.1:1", "anon", Helpers.FastOptions))
            {
                Assert.IsNull(client.GetSession());
                Assert.AreEqual(ErrorCode.SessionMissing, Assert.Throws<GoTrueException>(() => client.Reauthenticate()).Code);
                Assert.AreEqual(ErrorCode.SessionMissing, Assert.Throws<GoTrueException>(() => client.GetUserIdentities()).Code);
                client.SignOut(); // signing out while signed out succeeds
            }
        }
    }

    [TestFixture]
    public class SessionTests
    {
        [Test]
        public void JsonRoundTrip()
        {
            string json = Helpers.SessionJson("refresh-ü", "zoë@example.com");
            using (var session = Session.FromJson(json))
            {
                Assert.AreEqual("refresh-ü", session.RefreshToken);
                Assert.AreEqual("zoë@example.com", session.UserEmail); // explicit UTF-8 both ways
                Assert.AreEqual("11111111-2222-3333-4444-555555555555", session.UserId);
                Assert.IsNull(session.UserPhone);
                Assert.AreEqual("bearer", session.TokenType);
                Assert.AreEqual(TimeSpan.FromSeconds(3600), session.ExpiresIn);
                Assert.That(session.TimeLeft.TotalSeconds, Is.InRange(3500, 3601));
                Assert.That((session.ExpiresAt - DateTimeOffset.UtcNow).TotalSeconds, Is.InRange(3500, 3601));
                StringAssert.Contains("Zoë 🚀", session.UserJson);
                using (var again = Session.FromJson(session.ToJson()))
                {
                    Assert.AreEqual(session.AccessToken, again.AccessToken);
                    Assert.AreEqual(session.RefreshToken, again.RefreshToken);
                    Assert.AreEqual(session.ExpiresAtUnix, again.ExpiresAtUnix);
                    Assert.AreEqual(session.UserJson, again.UserJson);
                }
            }
        }

        [Test]
        public void BadSessionJson()
        {
            Assert.AreEqual(ErrorCode.InvalidJson, Assert.Throws<GoTrueException>(() => Session.FromJson("{}")).Code);
            Assert.AreEqual(ErrorCode.InvalidJson, Assert.Throws<GoTrueException>(() => Session.FromJson("nope")).Code);
            Assert.Throws<ArgumentNullException>(() => Session.FromJson(null));
        }

        [Test]
        public void SessionUseAfterDispose()
        {
            var session = Session.FromJson(Helpers.SessionJson());
            session.Dispose();
            session.Dispose(); // idempotent
            Assert.Throws<ObjectDisposedException>(() => { var _ = session.AccessToken; });
            Assert.Throws<ObjectDisposedException>(() => { var _ = session.ExpiresAtUnix; });
            Assert.Throws<ObjectDisposedException>(() => session.ToJson());
        }

        [Test]
        public void ConcurrentReadsAndDisposeDoNotCrash()
        {
            for (int round = 0; round < 20; round++)
            {
                var session = Session.FromJson(Helpers.SessionJson());
                var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                {
                    for (int i = 0; i < 200; i++)
                    {
                        try { Assert.IsNotEmpty(session.AccessToken); Assert.IsNotEmpty(session.UserJson); }
                        catch (ObjectDisposedException) { return; }
                    }
                })).ToArray();
                Thread.Sleep(1);
                session.Dispose();
                Task.WaitAll(readers);
            }
        }
    }

    [TestFixture]
    public class MisuseTests
    {
        [Test]
        public void NullRequiredArgumentsThrowArgumentNullException()
        {
            Assert.Throws<ArgumentNullException>(() => new Client(null, ""));
            Assert.Throws<ArgumentNullException>(() => new Client("http://127.0.0.1:1", null));
            using (var client = new Client("http://127.0.0.1:1", "anon", Helpers.FastOptions))
            {
                Assert.AreEqual("email", Assert.Throws<ArgumentNullException>(() => client.SignInWithPassword(null, "pw")).ParamName);
                Assert.AreEqual("password", Assert.Throws<ArgumentNullException>(() => client.SignUp("a@example.com", null)).ParamName);
                Assert.Throws<ArgumentNullException>(() => client.SetSession("a", null));
                Assert.Throws<ArgumentNullException>(() => client.VerifyOtp("a@example.com", null, "email"));
                Assert.Throws<ArgumentNullException>(() => client.Mfa.Verify("f", null, "123456"));
                Assert.Throws<ArgumentNullException>(() => client.Admin.GetUserById(null));
                // Async twins surface the same exception through the task.
                var ae = Assert.Throws<AggregateException>(() => client.SignInWithPasswordAsync(null, "pw").Wait());
                Assert.IsInstanceOf<ArgumentNullException>(ae.InnerException);
            }
        }

        [Test]
        public void EmbeddedNulAndLoneSurrogatesAreRejected()
        {
            using (var client = new Client("http://127.0.0.1:1", "anon", Helpers.FastOptions))
            {
                Assert.AreEqual("password", Assert.Throws<ArgumentException>(() => client.SignInWithPassword("a@example.com", "pw\0tail")).ParamName);
                Assert.AreEqual("email", Assert.Throws<ArgumentException>(() => client.SignInWithPassword("a\uD800@example.com", "pw")).ParamName);
            }
        }

        [Test]
        public void NullPointersAtTheAbiReportNullArgument()
        {
            // Below the wrapper: the library itself answers NULL with GOTRUE_ERROR_CODE_NULL_ARGUMENT.
            var e = Assert.Throws<GoTrueException>(() => Errors.Check(Native.gotrue_session_from_json(null, out SessionHandle _)));
            Assert.AreEqual(ErrorCode.NullArgument, e.Code);
            e = Assert.Throws<GoTrueException>(() => Errors.Check(Native.gotrue_client_new(null, new byte[] { 0 }, null, out ClientHandle _)));
            Assert.AreEqual(ErrorCode.NullArgument, e.Code);
        }

        [Test]
        public void InvalidArgumentsFromTheLibrary()
        {
            using (var client = new Client("http://127.0.0.1:1", "anon", Helpers.FastOptions))
            {
                Assert.AreEqual(ErrorCode.InvalidArgument, Assert.Throws<GoTrueException>(() => client.SignOut((SignOutScope)42)).Code);
                Assert.AreEqual(ErrorCode.InvalidJson, Assert.Throws<GoTrueException>(() => client.UpdateUser("[1,2]")).Code);
            }
        }
    }

    [TestFixture]
    public class LifetimeTests
    {
        [Test]
        public void DisposeIsIdempotent()
        {
            var client = new Client("http://127.0.0.1:1", "anon");
            client.Dispose();
            client.Dispose();
        }

        [Test]
        public void UseAfterDisposeThrowsObjectDisposedException()
        {
            var client = new Client("http://127.0.0.1:1", "anon");
            client.Dispose();
            Assert.Throws<ObjectDisposedException>(() => client.GetSession());
            Assert.Throws<ObjectDisposedException>(() => client.SignInWithPassword("a@example.com", "pw"));
            Assert.Throws<ObjectDisposedException>(() => client.Mfa.ListFactors());
            Assert.Throws<ObjectDisposedException>(() => client.Admin.ListUsers());
            var ae = Assert.Throws<AggregateException>(() => client.HealthAsync().Wait());
            Assert.IsInstanceOf<ObjectDisposedException>(ae.InnerException);
        }

        [Test]
        public void DisposeDuringACallWaitsForTheCall()
        {
            // The SafeHandle is AddRef'd for the call: Dispose on this thread only marks it closed,
            // and the native free runs when the in-flight call returns (no use-after-free).
            using (var fixture = new Fixture())
            {
                fixture.On("/health", 200, "{\"version\":\"fixture\",\"name\":\"GoTrue\"}", 400);
                var client = new Client(fixture.Url, "anon", Helpers.FastOptions);
                var calls = Enumerable.Range(0, 4).Select(_ => Task.Run(() => client.Health())).ToArray();
                Thread.Sleep(100);
                client.Dispose();
                foreach (var call in calls)
                {
                    try { StringAssert.Contains("fixture", call.Result); }
                    catch (AggregateException e) { Assert.IsInstanceOf<ObjectDisposedException>(e.InnerException); }
                }
                Assert.Throws<ObjectDisposedException>(() => client.Health());
            }
        }

        [Test]
        public void DisposeCancelsPendingAsyncCalls()
        {
            using (var fixture = new Fixture())
            {
                fixture.On("/health", 200, "{\"version\":\"fixture\"}", 5000);
                var client = new Client(fixture.Url, "anon", Helpers.FastOptions);
                var calls = Enumerable.Range(0, 6).Select(_ => client.HealthAsync()).ToArray();
                Thread.Sleep(200);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                client.Dispose();
                Assert.Less(watch.ElapsedMilliseconds, 3000, "Dispose waited for the pending requests");
                foreach (var call in calls)
                {
                    try { call.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
                    Assert.IsTrue(call.IsCanceled, "a pending call must end as cancelled when its client is disposed");
                }
            }
        }

        [Test]
        public void CancellationTokenCancelsTheNativeRequest()
        {
            using (var fixture = new Fixture())
            using (var client = new Client(fixture.Url, "anon", Helpers.FastOptions))
            {
                fixture.On("/health", 200, "{\"version\":\"fixture\"}", 5000);
                using (var cts = new CancellationTokenSource())
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var task = client.HealthAsync(cts.Token);
                    Assert.Less(watch.ElapsedMilliseconds, 300, "the async call blocked its caller");
                    Thread.Sleep(300); // the request is at the fixture now
                    cts.Cancel();
                    var ae = Assert.Throws<AggregateException>(() => task.Wait(TimeSpan.FromSeconds(10)));
                    Assert.IsInstanceOf<TaskCanceledException>(ae.InnerException);
                    Assert.IsTrue(task.IsCanceled);
                    Assert.Less(watch.ElapsedMilliseconds, 2500, "cancel did not drop the request in flight");
                    Assert.AreEqual(cts.Token, ((TaskCanceledException)ae.InnerException).CancellationToken);
                }
                // A token cancelled before the call: no request at all.
                int before;
                lock (fixture.Requests) before = fixture.Requests.Count;
                var pre = client.HealthAsync(new CancellationToken(true));
                Assert.IsTrue(pre.IsCanceled);
                lock (fixture.Requests) Assert.AreEqual(before, fixture.Requests.Count);
                // The client works normally afterwards.
                fixture.On("/health", 200, "{\"version\":\"fixture\"}", 0);
                StringAssert.Contains("fixture", client.HealthAsync(CancellationToken.None).Result);
            }
        }

        [Test]
        public void ManyAsyncCallsWithRandomCancelsEachCompleteOnce()
        {
            using (var fixture = new Fixture())
            using (var client = new Client(fixture.Url, "anon", Helpers.FastOptions))
            {
                fixture.On("/health", 200, "{\"version\":\"fixture\"}", 20);
                var sources = Enumerable.Range(0, 200).Select(_ => new CancellationTokenSource()).ToArray();
                var tasks = sources.Select(c => client.HealthAsync(c.Token)).ToArray();
                var random = new Random(7);
                foreach (var c in sources.Where(_ => random.Next(3) == 0)) c.CancelAfter(random.Next(0, 200));
                Assert.IsTrue(Task.WaitAll(tasks.Select(t => t.ContinueWith(_ => { })).ToArray(), TimeSpan.FromSeconds(60)));
                foreach (var t in tasks)
                {
                    Assert.IsTrue(t.IsCompleted);
                    if (!t.IsCanceled) StringAssert.Contains("fixture", t.Result);
                }
                foreach (var c in sources) c.Dispose();
            }
        }

        [Test]
        public void AsyncMethodsDoNotBlockTheCallingThread()
        {
            using (var fixture = new Fixture())
            using (var client = new Client(fixture.Url, "anon", Helpers.FastOptions))
            {
                fixture.On("/health", 200, "{\"version\":\"fixture\"}", 500);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var task = client.HealthAsync();
                long returnedAfter = watch.ElapsedMilliseconds;
                Assert.Less(returnedAfter, 300, "the async call blocked its caller");
                Assert.IsFalse(task.IsCompleted);
                StringAssert.Contains("fixture", task.Result);
                Assert.GreaterOrEqual(watch.ElapsedMilliseconds, 450);

                // INITIAL_SESSION is delivered on the thread that runs the native call.
                int caller = Thread.CurrentThread.ManagedThreadId, ranOn = caller;
                using (client.OnAuthStateChange((e, s) => ranOn = Thread.CurrentThread.ManagedThreadId))
                    Assert.IsNull(client.InitializeAsync().Result);
                Assert.AreNotEqual(caller, ranOn);
            }
        }
    }
}
