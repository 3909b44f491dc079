using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NUnit.Framework;

namespace GoTrue.Tests
{
    internal sealed class DictionaryStorage : ISessionStorage
    {
        public readonly ConcurrentDictionary<string, string> Items = new ConcurrentDictionary<string, string>();
        public readonly ConcurrentQueue<string> Log = new ConcurrentQueue<string>();
        public bool FailGets;

        public string Get(string key)
        {
            Log.Enqueue("get " + key);
            if (FailGets) throw new InvalidOperationException("disk on fire");
            return Items.TryGetValue(key, out string v) ? v : null;
        }
        public void Set(string key, string value) { Log.Enqueue("set " + key); Items[key] = value; }
        public void Remove(string key) { Log.Enqueue("remove " + key); Items.TryRemove(key, out _); }
    }

    [TestFixture]
    public class StorageAndEventTests
    {
        private const string Unreachable = "http://127.0.0.1:1";

        [Test]
        public void InitializeWithEmptyStorageEmitsInitialSessionWithoutSession()
        {
            var storage = new DictionaryStorage();
            using (var client = new Client(Unreachable, "anon", storage, Helpers.FastOptions))
            {
                var events = new List<Tuple<AuthEvent, Session>>();
                using (client.OnAuthStateChange((e, s) => events.Add(Tuple.Create(e, s))))
                    Assert.IsNull(client.Initialize());
                Assert.AreEqual(1, events.Count);
                Assert.AreEqual(AuthEvent.InitialSession, events[0].Item1);
                Assert.IsNull(events[0].Item2);
                CollectionAssert.Contains(storage.Log, "get sb-auth-token");
            }
        }

        [Test]
        public void InitializeResumesAStoredSession()
        {
            var storage = new DictionaryStorage();
            storage.Items["sb-auth-token"] = Helpers.SessionJson("stored-refresh", "zoë@example.com");
            using (var client = new Client(Unreachable, "anon", storage, Helpers.FastOptions))
            {
                Session seen = null;
                using (client.OnAuthStateChange((e, s) => { if (e == AuthEvent.InitialSession) seen = s; }))
                using (var session = client.Initialize())
                {
                    Assert.AreEqual("stored-refresh", session.RefreshToken);
                    Assert.IsNotNull(seen, "INITIAL_SESSION carries the session");
                    Assert.AreEqual("zoë@example.com", seen.UserEmail);
                    seen.Dispose();
                }
                using (var current = client.GetSession()) Assert.AreEqual("stored-refresh", current.RefreshToken);
            }
        }

        [Test]
        public void StorageFailureIsAStorageError()
        {
            var storage = new DictionaryStorage { FailGets = true };
            using (var client = new Client(Unreachable, "anon", storage, Helpers.FastOptions))
                Assert.AreEqual(ErrorCode.Storage, Assert.Throws<GoTrueException>(() => client.Initialize()).Code);
        }

        [Test]
        public void PkceVerifierGoesToTheStorage()
        {
            var storage = new DictionaryStorage();
            using (var client = new Client(Unreachable, "anon", storage, "{\"flow_type\":\"pkce\"}"))
            {
                string url = client.GetOAuthUrl("github", "{\"redirect_to\":\"http://localhost/cb\"}");
                StringAssert.Contains("code_challenge=", url);
                Assert.IsTrue(storage.Items.Keys.Any(k => k.StartsWith("sb-auth-token") && k != "sb-auth-token"),
                    "verifier stored under a key derived from storage_key: " + string.Join(",", storage.Items.Keys));
            }
        }

        [Test]
        public void StorageIsReleasedWithTheClient()
        {
            WeakReference weak = CreateAndDisposeClientWithStorage();
            for (int i = 0; i < 5 && weak.IsAlive; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
            Assert.IsFalse(weak.IsAlive, "the GCHandle for the storage was not freed by `release`");
        }

        private static WeakReference CreateAndDisposeClientWithStorage()
        {
            var storage = new DictionaryStorage();
            new Client(Unreachable, "anon", storage).Dispose();
            return new WeakReference(storage);
        }

        [Test]
        public void StorageArgumentsAreChecked()
        {
            Assert.Throws<ArgumentNullException>(() => new Client(Unreachable, "anon", (ISessionStorage)null));
            var e = Assert.Throws<GoTrueException>(() => new Client(Unreachable, "anon", new DictionaryStorage(), "{\"storage\":{\"type\":\"file\",\"path\":\"/tmp\"}}"));
            Assert.AreEqual(ErrorCode.InvalidArgument, e.Code);
        }

        [Test]
        public void UnsubscribedHandlersAreNotCalled()
        {
            using (var client = new Client(Unreachable, "anon", new DictionaryStorage(), Helpers.FastOptions))
            {
                int calls = 0;
                var subscription = client.OnAuthStateChange((e, s) => calls++);
                client.Initialize();
                subscription.Dispose();
                subscription.Dispose(); // idempotent
                client.Initialize();
                Assert.AreEqual(1, calls);
            }
        }

        [Test]
        public void HandlerExceptionsDoNotCrossIntoNativeCode()
        {
            var failures = new List<Exception>();
            Action<Exception> record = failures.Add;
            Client.CallbackFailed += record;
            try
            {
                using (var client = new Client(Unreachable, "anon", Helpers.FastOptions))
                using (client.OnAuthStateChange((e, s) => throw new ApplicationException("handler bug")))
                {
                    client.Initialize();
                    Assert.AreEqual(1, failures.Count);
                    Assert.IsInstanceOf<ApplicationException>(failures[0]);
                }
            }
            finally { Client.CallbackFailed -= record; }
        }

        [Test]
        public void HandlersMayCallTheClientButNotDisposeIt()
        {
            using (var client = new Client(Unreachable, "anon", Helpers.FastOptions))
            {
                Exception disposeError = null;
                bool calledBack = false;
                using (client.OnAuthStateChange((e, s) =>
                {
                    Assert.IsNull(client.GetSession()); // re-entrant call: no deadlock
                    calledBack = true;
                    try { client.Dispose(); } catch (Exception x) { disposeError = x; }
                }))
                {
                    client.Initialize();
                }
                Assert.IsTrue(calledBack);
                Assert.IsInstanceOf<InvalidOperationException>(disposeError);
                Assert.IsNull(client.GetSession()); // still usable
            }
        }

        [Test]
        public void AutoRefreshStartStopIsIdempotent()
        {
            using (var client = new Client(Unreachable, "anon", Helpers.FastOptions))
            {
                client.StartAutoRefresh();
                client.StartAutoRefresh();
                client.StopAutoRefresh();
                client.StopAutoRefresh();
            }
        }

        [Test]
        public void GetClaimsErrors()
        {
            using (var client = new Client(Unreachable, "anon", Helpers.FastOptions))
            {
                Assert.AreEqual(ErrorCode.SessionMissing, Assert.Throws<GoTrueException>(() => client.GetClaims()).Code);
                Assert.AreEqual(ErrorCode.InvalidJwt, Assert.Throws<GoTrueException>(() => client.GetClaims("not.a.jwt")).Code);
                var expired = Helpers.FakeJwt(Helpers.Now - 3600);
                Assert.AreEqual(ErrorCode.JwtExpired, Assert.Throws<GoTrueException>(() => client.GetClaims(expired)).Code);
                // HS256 without kid is checked by the server (GET /user): unreachable here.
                var live = Helpers.FakeJwt(Helpers.Now + 3600);
                Assert.AreEqual(ErrorCode.Network, Assert.Throws<GoTrueException>(() => client.GetClaims(live)).Code);
                Assert.AreEqual(ErrorCode.InvalidJson, Assert.Throws<GoTrueException>(() => client.GetClaims(live, "{\"bogus\":1}")).Code);
            }
        }
    }
}
