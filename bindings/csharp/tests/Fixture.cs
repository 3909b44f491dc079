using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace GoTrue.Tests
{
    /// <summary>
    /// A loopback HTTP fault fixture: answers each path with a scripted status, headers and body,
    /// optionally after a delay. Used only for faults and lifetimes the real server cannot produce on
    /// demand; it is not a GoTrue server and never stands in for one in a flow's success-path test.
    /// </summary>
    internal sealed class Fixture : IDisposable
    {
        internal sealed class Answer
        {
            public int Status = 200;
            public string Body = "{}";
            public int DelayMs;
            public Dictionary<string, string> Headers = new Dictionary<string, string>();
        }

        private readonly HttpListener listener = new HttpListener();
        private readonly Dictionary<string, Answer> answers = new Dictionary<string, Answer>();
        private readonly Thread thread;
        public readonly List<string> Requests = new List<string>();
        public string Url { get; }

        public Fixture()
        {
            int port = FreePort();
            Url = "http://127.0.0.1:" + port;
            listener.Prefixes.Add(Url + "/");
            listener.Start();
            thread = new Thread(Serve) { IsBackground = true };
            thread.Start();
        }

        public void On(string path, int status, string body, int delayMs = 0, Dictionary<string, string> headers = null)
        {
            lock (answers) answers[path] = new Answer { Status = status, Body = body, DelayMs = delayMs, Headers = headers ?? new Dictionary<string, string>() };
        }

        internal static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        private void Serve()
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = listener.GetContext(); }
                catch (Exception) { return; }
                ThreadPool.QueueUserWorkItem(_ => Reply(ctx));
            }
        }

        private void Reply(HttpListenerContext ctx)
        {
            try
            {
                string path = ctx.Request.Url.AbsolutePath;
                Answer answer;
                lock (answers)
                {
                    Requests.Add(ctx.Request.HttpMethod + " " + ctx.Request.Url.PathAndQuery);
                    if (!answers.TryGetValue(path, out answer)) answer = new Answer { Status = 404, Body = "{\"code\":\"not_found\",\"message\":\"no route\"}" };
                }
                if (answer.DelayMs > 0) Thread.Sleep(answer.DelayMs);
                var bytes = Encoding.UTF8.GetBytes(answer.Body);
                ctx.Response.StatusCode = answer.Status;
                ctx.Response.ContentType = "application/json";
                foreach (var h in answer.Headers) ctx.Response.AddHeader(h.Key, h.Value);
                ctx.Response.ContentLength64 = bytes.Length;
                ctx.Response.OutputStream.Write(bytes, 0, bytes.Length);
                ctx.Response.OutputStream.Close();
            }
            catch (Exception) { /* the client went away */ }
        }

        public void Dispose()
        {
            try { listener.Stop(); listener.Close(); } catch (Exception) { }
        }
    }
}
