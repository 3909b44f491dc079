// The C# quick start: sign up (or in), look at the session, update the user, sign out.
//   SUPABASE_URL=https://<project>.supabase.co/auth/v1 SUPABASE_ANON_KEY=<anon key> \
//   LD_LIBRARY_PATH=../../target/release mono build/QuickStart.exe you@example.com 'a long password'
using System;
using System.Threading.Tasks;
using GoTrue;

public static class QuickStart
{
    public static int Main(string[] args) => Run(args).GetAwaiter().GetResult();

    private static async Task<int> Run(string[] args)
    {
        string url = Environment.GetEnvironmentVariable("SUPABASE_URL");
        string anonKey = Environment.GetEnvironmentVariable("SUPABASE_ANON_KEY");
        if (url == null || anonKey == null || args.Length != 2)
        {
            Console.Error.WriteLine("usage: SUPABASE_URL=... SUPABASE_ANON_KEY=... QuickStart.exe EMAIL PASSWORD");
            return 2;
        }
        string email = args[0], password = args[1];
        Console.WriteLine("libgotrue " + GoTrueLibrary.Version);
        try
        {
            using (var client = new Client(url, anonKey))
            using (client.OnAuthStateChange((e, s) => { Console.WriteLine("event: " + e); s?.Dispose(); }))
            {
                Session session;
                try
                {
                    using (var signUp = await client.SignUpAsync(email, password))
                        if (signUp.Session == null) { Console.WriteLine("check your mail to confirm " + email); return 0; }
                    session = await client.GetSessionAsync();
                }
                catch (GoTrueException e) when (e.Code == ErrorCode.UserAlreadyExists || e.Code == ErrorCode.EmailExists)
                {
                    session = await client.SignInWithPasswordAsync(email, password);
                }
                using (session)
                    Console.WriteLine("signed in as {0} ({1}), token expires {2:u}", session.UserEmail, session.UserId, session.ExpiresAt);
                Console.WriteLine("user: " + await client.UpdateUserAsync("{\"data\":{\"last_quickstart\":\"" + DateTime.UtcNow.ToString("o") + "\"}}"));
                await client.SignOutAsync();
                return 0;
            }
        }
        catch (GoTrueException e)
        {
            Console.Error.WriteLine("{0} (code {1}, server code {2}, HTTP {3})", e.Message, e.CodeName, e.ServerCode, e.HttpStatus);
            if (e.WeakPasswordReasons.Count > 0) Console.Error.WriteLine("weak password: " + string.Join(", ", e.WeakPasswordReasons));
            return 1;
        }
    }
}
