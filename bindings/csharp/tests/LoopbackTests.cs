using System;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using NUnit.Framework;

namespace GoTrue.Tests
{
    [TestFixture]
    public class LoopbackTests
    {
        [Test]
        public void MisuseCancelAndDispose()
        {
            int port = Fixture.FreePort();
            using (var client = new Client("http://127.0.0.1:" + port, "anon", Helpers.FastOptions))
            {
                Assert.AreEqual(ErrorCode.InvalidArgument, Assert.Throws<GoTrueException>(() => client.StartLoopbackSignIn("")).Code);
                Assert.AreEqual(ErrorCode.InvalidJson, Assert.Throws<GoTrueException>(() => client.StartLoopbackSignIn("redirect", "{\"nope\":1}")).Code);
                Assert.Throws<ArgumentNullException>(() => client.StartLoopbackSignIn(null));
                var l = client.StartLoopbackSignIn("redirect", "{\"path\":\"/cb\"}");
                StringAssert.StartsWith("http://127.0.0.1:", l.RedirectTo);
                StringAssert.Contains("/cb?state=", l.RedirectTo);
                Assert.AreEqual(l.RedirectTo, l.Url);
                Assert.AreEqual(ErrorCode.Timeout, Assert.Throws<GoTrueException>(() => l.Wait(TimeSpan.Zero)).Code);
                var waiting = l.WaitAsync(TimeSpan.FromSeconds(30));
                Thread.Sleep(100);
                l.Cancel();
                var e = Assert.Throws<AggregateException>(() => waiting.Wait());
                Assert.AreEqual(ErrorCode.Cancelled, ((GoTrueException)e.InnerException).Code);
                int listenPort = new Uri(l.RedirectTo).Port;
                Assert.Throws<SocketException>(() => new TcpClient("127.0.0.1", listenPort).Close(), "closed after Cancel");
                l.Dispose();
                l.Dispose();
                Assert.Throws<ObjectDisposedException>(() => l.Wait(TimeSpan.Zero));
            }
        }

        [Test, Category("RealServer")]
        public void RealServerMagicLinkThroughTheListener()
        {
            string url = Environment.GetEnvironmentVariable("GOTRUE_TEST_CONFIRM_URL");
            string mail = Environment.GetEnvironmentVariable("GOTRUE_TEST_MAIL_URL");
            string anon = Environment.GetEnvironmentVariable("GOTRUE_TEST_ANON_KEY");
            if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(mail)) Assert.Ignore("needs the real Supabase Auth server (./x start)");
            using (var client = new Client(url, anon))
            using (var l = client.StartLoopbackSignIn("redirect"))
            {
                string email = "cs-loopback-" + Guid.NewGuid().ToString("N") + "@example.com";
                client.SignInWithOtp(email, "{\"email_redirect_to\":\"" + l.RedirectTo + "\"}");
                string link = null;
                using (var web = new WebClient())
                {
                    for (int i = 0; i < 150 && link == null; i++)
                    {
                        string list = web.DownloadString(mail + "/messages?to=" + Uri.EscapeDataString(email));
                        var m = Regex.Match(list, "\"(http[^\"]*/verify[^\"]*)\"");
                        if (m.Success) link = Regex.Unescape(m.Groups[1].Value).Replace("&amp;", "&");
                        else Thread.Sleep(100);
                    }
                    Assert.IsNotNull(link, "no mail");
                    // A browser opens the link and follows the redirect to the listener.
                    string page;
                    try { page = web.DownloadString(link); }
                    catch (WebException e)
                    {
                        GoTrueException why = null;
                        try { l.Wait(TimeSpan.Zero); } catch (GoTrueException g) { why = g; }
                        throw new Exception("link " + link + ": " + e.Message + "; wait: " + (why == null ? "-" : why.Code + " " + why.Message));
                    }
                    StringAssert.Contains("You are signed in", page);
                }
                using (Session s = l.Wait(TimeSpan.FromSeconds(10)))
                {
                    Assert.AreEqual(email, s.UserEmail);
                }
            }
        }
    }
}
