using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace GoTrue.Tests
{
    /// <summary>The newer wrappers (OAuth consent, Web3, passkeys, WebAuthn MFA, newer admin API) pass
    /// arguments through as given: the library's checks come back as its errors before any request.</summary>
    [TestFixture]
    public class NewerMisuseTests
    {
        private static void Expect(ErrorCode code, TestDelegate call)
            => Assert.AreEqual(code, Assert.Throws<GoTrueException>(call).Code);

        [Test]
        public void ArgumentsAreCheckedBeforeAnyRequest()
        {
            using (var c = new Client("http://127.0.0.1:" + Fixture.FreePort(), "anon", Helpers.FastOptions))
            {
                Expect(ErrorCode.InvalidArgument, () => c.OAuthGetAuthorizationDetails("../x"));
                Expect(ErrorCode.SessionMissing, () => c.OAuthApproveAuthorization("abc"));
                Expect(ErrorCode.SessionMissing, () => c.OAuthDenyAuthorization("abc"));
                Expect(ErrorCode.SessionMissing, () => c.OAuthListGrants());
                Expect(ErrorCode.InvalidArgument, () => c.OAuthRevokeGrant("a/b"));
                Expect(ErrorCode.InvalidArgument, () => c.SignInWithWeb3("bitcoin", "m", "s"));
                Expect(ErrorCode.InvalidArgument, () => c.SignInWithWeb3("ethereum", "m", "0x12"));
                Expect(ErrorCode.InvalidJson, () => Client.BuildWeb3Message("{"));
                Expect(ErrorCode.InvalidArgument, () => Client.BuildWeb3Message("{\"chain\":\"ethereum\"}"));
                Expect(ErrorCode.SessionMissing, () => c.PasskeyRegistrationOptions());
                Expect(ErrorCode.InvalidJson, () => c.PasskeyRegistrationVerify("c", "["));
                Expect(ErrorCode.InvalidArgument, () => c.PasskeyAuthenticationVerify("", "{\"id\":\"x\"}"));
                Expect(ErrorCode.Network, () => c.PasskeyAuthenticationOptions());
                Expect(ErrorCode.SessionMissing, () => c.ListPasskeys());
                Expect(ErrorCode.InvalidArgument, () => c.UpdatePasskey("p", "{}"));
                Expect(ErrorCode.InvalidArgument, () => c.DeletePasskey("../admin"));
                Expect(ErrorCode.SessionMissing, () => c.Mfa.EnrollWebAuthn());
                Expect(ErrorCode.InvalidArgument, () => c.Mfa.VerifyWebAuthn("f", "c", "sign", "{\"id\":\"x\"}"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.ListAuditLog("{\"query\":\"colour:red\"}"));
                Expect(ErrorCode.Network, () => c.Admin.ListAuditLog());
                Expect(ErrorCode.InvalidJson, () => c.Admin.UpdateFactor("u", "f", "[]"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.ListUserPasskeys("a/b"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.DeleteUserPasskey("u", "../p"));
                Expect(ErrorCode.Network, () => c.Admin.ListOAuthClients());
                Expect(ErrorCode.InvalidArgument, () => c.Admin.CreateOAuthClient("{}"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.GetOAuthClient("a/b"));
                Expect(ErrorCode.InvalidJson, () => c.Admin.UpdateOAuthClient("c", "nope"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.DeleteOAuthClient(""));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.RegenerateOAuthClientSecret("a b"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.ListCustomProviders("{\"type\":\"saml\"}"));
                Expect(ErrorCode.InvalidJson, () => c.Admin.CreateCustomProvider("{"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.GetCustomProvider("custom:a.b"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.UpdateCustomProvider("custom:a", "{}"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.DeleteCustomProvider("custom:a/b"));
                Expect(ErrorCode.InvalidJson, () => c.Admin.ListSsoProviders("{\"x\":1}"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.CreateSsoProvider("{}"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.GetSsoProvider("a/b"));
                Expect(ErrorCode.InvalidArgument, () => c.Admin.UpdateSsoProvider("p", "{}"));
                Expect(ErrorCode.Network, () => c.Admin.DeleteSsoProvider("p"));
                Assert.Throws<ArgumentNullException>(() => c.OAuthRevokeGrant(null));
            }
        }

        /// <summary>Each newer Async form (a _start request) ends with the error its blocking form throws.</summary>
        [Test]
        public void AsyncFormsEndLikeTheirBlockingForms()
        {
            using (var c = new Client("http://127.0.0.1:" + Fixture.FreePort(), "anon", Helpers.FastOptions))
            {
                var m = c.Mfa;
                var a = c.Admin;
                const string cred = "{\"id\":\"x\"}";
                var pairs = new (TestDelegate, Func<Task>)[]
                {
                    (() => c.OAuthGetAuthorizationDetails("../x"), () => c.OAuthGetAuthorizationDetailsAsync("../x")),
                    (() => c.OAuthApproveAuthorization("abc"), () => c.OAuthApproveAuthorizationAsync("abc")),
                    (() => c.OAuthDenyAuthorization("abc"), () => c.OAuthDenyAuthorizationAsync("abc")),
                    (() => c.OAuthListGrants(), () => c.OAuthListGrantsAsync()),
                    (() => c.OAuthRevokeGrant("a/b"), () => c.OAuthRevokeGrantAsync("a/b")),
                    (() => c.SignInWithWeb3("bitcoin", "m", "s"), () => c.SignInWithWeb3Async("bitcoin", "m", "s")),
                    (() => c.PasskeyRegistrationOptions(), () => c.PasskeyRegistrationOptionsAsync()),
                    (() => c.PasskeyRegistrationVerify("c", "["), () => c.PasskeyRegistrationVerifyAsync("c", "[")),
                    (() => c.PasskeyAuthenticationOptions(), () => c.PasskeyAuthenticationOptionsAsync()),
                    (() => c.PasskeyAuthenticationVerify("", cred), () => c.PasskeyAuthenticationVerifyAsync("", cred)),
                    (() => c.ListPasskeys(), () => c.ListPasskeysAsync()),
                    (() => c.UpdatePasskey("p", "{}"), () => c.UpdatePasskeyAsync("p", "{}")),
                    (() => c.DeletePasskey("../admin"), () => c.DeletePasskeyAsync("../admin")),
                    (() => m.EnrollWebAuthn(), () => m.EnrollWebAuthnAsync()),
                    (() => m.VerifyWebAuthn("f", "c", "sign", cred), () => m.VerifyWebAuthnAsync("f", "c", "sign", cred)),
                    (() => a.ListAuditLog("{\"query\":\"colour:red\"}"), () => a.ListAuditLogAsync("{\"query\":\"colour:red\"}")),
                    (() => a.UpdateFactor("u", "f", "[]"), () => a.UpdateFactorAsync("u", "f", "[]")),
                    (() => a.ListUserPasskeys("a/b"), () => a.ListUserPasskeysAsync("a/b")),
                    (() => a.DeleteUserPasskey("u", "../p"), () => a.DeleteUserPasskeyAsync("u", "../p")),
                    (() => a.ListOAuthClients(), () => a.ListOAuthClientsAsync()),
                    (() => a.CreateOAuthClient("{}"), () => a.CreateOAuthClientAsync("{}")),
                    (() => a.GetOAuthClient("a/b"), () => a.GetOAuthClientAsync("a/b")),
                    (() => a.UpdateOAuthClient("c", "nope"), () => a.UpdateOAuthClientAsync("c", "nope")),
                    (() => a.DeleteOAuthClient(""), () => a.DeleteOAuthClientAsync("")),
                    (() => a.RegenerateOAuthClientSecret("a b"), () => a.RegenerateOAuthClientSecretAsync("a b")),
                    (() => a.ListCustomProviders("{\"type\":\"saml\"}"), () => a.ListCustomProvidersAsync("{\"type\":\"saml\"}")),
                    (() => a.CreateCustomProvider("{"), () => a.CreateCustomProviderAsync("{")),
                    (() => a.GetCustomProvider("custom:a.b"), () => a.GetCustomProviderAsync("custom:a.b")),
                    (() => a.UpdateCustomProvider("custom:a", "{}"), () => a.UpdateCustomProviderAsync("custom:a", "{}")),
                    (() => a.DeleteCustomProvider("custom:a/b"), () => a.DeleteCustomProviderAsync("custom:a/b")),
                    (() => a.ListSsoProviders("{\"x\":1}"), () => a.ListSsoProvidersAsync("{\"x\":1}")),
                    (() => a.CreateSsoProvider("{}"), () => a.CreateSsoProviderAsync("{}")),
                    (() => a.GetSsoProvider("a/b"), () => a.GetSsoProviderAsync("a/b")),
                    (() => a.UpdateSsoProvider("p", "{}"), () => a.UpdateSsoProviderAsync("p", "{}")),
                    (() => a.DeleteSsoProvider("p"), () => a.DeleteSsoProviderAsync("p")),
                };
                for (int i = 0; i < pairs.Length; i++)
                {
                    var expected = Assert.Throws<GoTrueException>(pairs[i].Item1, "case " + i + ", blocking").Code;
                    var failed = Assert.Throws<AggregateException>(() => pairs[i].Item2().Wait(), "case " + i + ", async");
                    Assert.IsInstanceOf<GoTrueException>(failed.InnerException, "case " + i + ": " + failed);
                    Assert.AreEqual(expected, ((GoTrueException)failed.InnerException).Code, "case " + i + ", async");
                }
                Assert.IsInstanceOf<ArgumentNullException>(Assert.Throws<AggregateException>(() => c.OAuthRevokeGrantAsync(null).Wait()).InnerException);
            }
        }

        [Test]
        public void BuildsAnEip4361Message()
        {
            var address = "0x" + string.Concat(System.Linq.Enumerable.Repeat("ab", 20));
            var text = Client.BuildWeb3Message("{\"chain\":\"ethereum\",\"domain\":\"localhost:3000\",\"address\":\"" + address +
                "\",\"uri\":\"http://localhost:3000\",\"issued_at\":\"2026-01-01T00:00:00Z\"}");
            Assert.AreEqual("localhost:3000 wants you to sign in with your Ethereum account:\n" + address +
                "\n\n\nURI: http://localhost:3000\nVersion: 1\nChain ID: 1\nIssued At: 2026-01-01T00:00:00Z", text);
        }
    }

    /// <summary>The newer features against the real server (GOTRUE_TEST_FEATURES_URL: the harness's main
    /// instance with the OAuth server, passkeys and Web3 on).</summary>
    [TestFixture, Category("RealServer")]
    public class NewerRealServerTests
    {
        private static string Env(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(v)) Assert.Ignore(name + " is not set: needs the real Supabase Auth server (./x start)");
            return v;
        }

        private static string Url
        {
            get
            {
                var v = Environment.GetEnvironmentVariable("GOTRUE_TEST_FEATURES_URL");
                return string.IsNullOrEmpty(v) ? Env("GOTRUE_TEST_URL") : v;
            }
        }

        private static string Field(string json, string key)
        {
            var m = Regex.Match(json, "\"" + Regex.Escape(key) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
            Assert.IsTrue(m.Success, key + " not in " + json);
            return m.Groups[1].Value;
        }

        private const string Password = "correct-horse-battery-9";
        private const string Redirect = "http://127.0.0.1:3000/oauth/cb";

        [Test]
        public void OAuthConsentApproveListAndRevoke()
        {
            using (var admin = new Client(Url, Env("GOTRUE_TEST_SERVICE_ROLE_KEY")))
            using (var user = new Client(Url, Env("GOTRUE_TEST_ANON_KEY")))
            {
                var created = admin.Admin.CreateOAuthClient("{\"redirect_uris\":[\"" + Redirect + "\"],\"client_name\":\"cs app\",\"client_type\":\"public\"}");
                var clientId = Field(created, "client_id");
                try
                {
                    StringAssert.Contains("cs app", admin.Admin.GetOAuthClient(clientId));
                    StringAssert.Contains(clientId, admin.Admin.ListOAuthClients());
                    var email = "cs-oauth-" + Guid.NewGuid().ToString("N") + "@example.com";
                    admin.Admin.CreateUser("{\"email\":\"" + email + "\",\"password\":\"" + Password + "\",\"email_confirm\":true}");
                    user.SignInWithPassword(email, Password).Dispose();

                    string challenge;
                    using (var sha = SHA256.Create())
                        challenge = Convert.ToBase64String(sha.ComputeHash(Encoding.ASCII.GetBytes(new string('v', 50))))
                            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
                    var query = "client_id=" + clientId + "&redirect_uri=" + Uri.EscapeDataString(Redirect) +
                        "&response_type=code&scope=email&state=cs&code_challenge=" + challenge + "&code_challenge_method=S256";
                    var request = (HttpWebRequest)WebRequest.Create(Url.TrimEnd('/') + "/oauth/authorize?" + query);
                    request.AllowAutoRedirect = false;
                    string location;
                    using (var response = (HttpWebResponse)request.GetResponse()) location = response.Headers["Location"];
                    var id = Regex.Match(location ?? "", "authorization_id=([^&]+)").Groups[1].Value;
                    Assert.IsNotEmpty(id, location);

                    StringAssert.Contains(clientId, user.OAuthGetAuthorizationDetails(id));
                    StringAssert.Contains("code=", user.OAuthApproveAuthorization(id));
                    StringAssert.Contains(clientId, user.OAuthListGrants());
                    user.OAuthRevokeGrant(clientId);
                    Assert.AreEqual(ErrorCode.OauthConsentNotFound, Assert.Throws<GoTrueException>(() => user.OAuthRevokeGrant(clientId)).Code);
                }
                finally { admin.Admin.DeleteOAuthClient(clientId); }
            }
        }

        /// <summary>The newer Async forms run on the _start requests; a CancellationToken cancels one in flight.</summary>
        [Test]
        public void AsyncFormsAndCancellation()
        {
            using (var admin = new Client(Url, Env("GOTRUE_TEST_SERVICE_ROLE_KEY")))
            using (var user = new Client(Url, Env("GOTRUE_TEST_ANON_KEY")))
            {
                var name = "cs async " + Guid.NewGuid().ToString("N");
                var created = admin.Admin.CreateOAuthClientAsync("{\"redirect_uris\":[\"" + Redirect + "\"],\"client_name\":\"" + name + "\"}").Result;
                var clientId = Field(created, "client_id");
                try
                {
                    Assert.AreEqual(name, Field(admin.Admin.GetOAuthClientAsync(clientId).Result, "client_name"));
                    StringAssert.Contains(clientId, admin.Admin.ListOAuthClientsAsync().Result);
                    Assert.AreEqual(name + " 2", Field(admin.Admin.UpdateOAuthClientAsync(clientId, "{\"client_name\":\"" + name + " 2\"}").Result, "client_name"));
                    using (var cts = new CancellationTokenSource())
                    {
                        var pending = admin.Admin.GetOAuthClientAsync(clientId, cts.Token);
                        cts.Cancel(); // right after the start: the native request is cancelled
                        var e = Assert.Throws<AggregateException>(() => pending.Wait());
                        Assert.IsInstanceOf<TaskCanceledException>(e.InnerException, e.ToString());
                        Assert.IsTrue(pending.IsCanceled);
                    }
                    // An already cancelled token: cancelled at once, nothing started.
                    Assert.IsTrue(admin.Admin.ListOAuthClientsAsync(new CancellationToken(true)).IsCanceled);
                }
                finally { admin.Admin.DeleteOAuthClientAsync(clientId).Wait(); }
                var gone = Assert.Throws<AggregateException>(() => admin.Admin.GetOAuthClientAsync(clientId).Wait()).InnerException as GoTrueException;
                Assert.IsNotNull(gone);
                Assert.AreEqual((ErrorCode.OauthClientNotFound, 404), (gone.Code, gone.HttpStatus));
                StringAssert.StartsWith("{\"entries\":", admin.Admin.ListAuditLogAsync("{\"page\":1,\"per_page\":1}").Result);

                var email = "cs-async-" + Guid.NewGuid().ToString("N") + "@example.com";
                admin.Admin.CreateUserAsync("{\"email\":\"" + email + "\",\"password\":\"" + Password + "\",\"email_confirm\":true}").Wait();
                var missing = Assert.Throws<AggregateException>(() => user.ListPasskeysAsync().Wait()).InnerException as GoTrueException;
                Assert.AreEqual(ErrorCode.SessionMissing, missing?.Code);
                user.SignInWithPasswordAsync(email, Password).Result.Dispose();
                Assert.AreEqual("[]", user.ListPasskeysAsync().Result);
                Assert.IsNotEmpty(Field(user.PasskeyRegistrationOptionsAsync().Result, "challenge_id"));
                var factorId = Field(user.Mfa.EnrollWebAuthnAsync("cs key").Result, "id");
                StringAssert.Contains(factorId, user.Mfa.ListFactorsAsync().Result);
                user.Mfa.UnenrollAsync(factorId).Wait();
                StringAssert.DoesNotContain(factorId, user.Mfa.ListFactorsAsync().Result);
            }
        }

        [Test]
        public void NewerAdminAndPasskeyOptions()
        {
            using (var admin = new Client(Url, Env("GOTRUE_TEST_SERVICE_ROLE_KEY")))
            using (var anon = new Client(Url, Env("GOTRUE_TEST_ANON_KEY")))
            {
                StringAssert.Contains("\"entries\":[{", admin.Admin.ListAuditLog("{\"per_page\":1}"));
                StringAssert.StartsWith("[", admin.Admin.ListSsoProviders());
                StringAssert.StartsWith("[", admin.Admin.ListCustomProviders("{\"type\":\"oauth2\"}"));
                StringAssert.Contains("\"challenge_id\"", anon.PasskeyAuthenticationOptions());
                // Web3: a well-formed but wrong signature is the server's invalid_grant.
                var message = Client.BuildWeb3Message("{\"chain\":\"ethereum\",\"domain\":\"localhost:3000\",\"address\":\"0x" +
                    new string('1', 40) + "\",\"uri\":\"http://localhost:3000/login\"}");
                var e = Assert.Throws<GoTrueException>(() => anon.SignInWithWeb3("ethereum", message, "0x" + new string('a', 128) + "1b"));
                Assert.AreEqual(ErrorCode.InvalidGrant, e.Code, e.Message);
            }
        }
    }
}
