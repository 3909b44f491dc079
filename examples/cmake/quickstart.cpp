// libgotrue C++ quick start: sign a new user up, sign in, fetch the user, refresh the session
// and sign out, printing each step and every auth event. Same steps as examples/c/quickstart.c,
// through gotrue.hpp: errors arrive as gotrue::Exception, handles free themselves.
//
// Run: SUPABASE_URL=https://<project>.supabase.co SUPABASE_ANON_KEY=<anon key> ./quickstart_cpp
// (SUPABASE_AUTH_URL=http://127.0.0.1:9999 instead for a bare Auth server). The project must
// let users sign in without confirming their email first (autoconfirm).
#include <gotrue.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

static const char *event_name(gotrue::AuthEvent event) {
    switch (event) {
    case GOTRUE_AUTH_EVENT_INITIAL_SESSION: return "INITIAL_SESSION";
    case GOTRUE_AUTH_EVENT_SIGNED_IN: return "SIGNED_IN";
    case GOTRUE_AUTH_EVENT_SIGNED_OUT: return "SIGNED_OUT";
    case GOTRUE_AUTH_EVENT_TOKEN_REFRESHED: return "TOKEN_REFRESHED";
    case GOTRUE_AUTH_EVENT_USER_UPDATED: return "USER_UPDATED";
    case GOTRUE_AUTH_EVENT_PASSWORD_RECOVERY: return "PASSWORD_RECOVERY";
    case GOTRUE_AUTH_EVENT_MFA_CHALLENGE_VERIFIED: return "MFA_CHALLENGE_VERIFIED";
    }
    return "?";
}

int main() {
    if (!gotrue::abi_matches()) {
        std::cerr << "libgotrue " << gotrue::version() << " does not have this header's ABI\n";
        return 1;
    }
    std::cout << "libgotrue " << gotrue::version() << " (C++)\n";

    const char *project_url = std::getenv("SUPABASE_URL");
    const char *auth_url = std::getenv("SUPABASE_AUTH_URL");
    const char *anon_key = std::getenv("SUPABASE_ANON_KEY");
    if ((!project_url && !auth_url) || !anon_key) {
        std::cerr << "set SUPABASE_URL (or SUPABASE_AUTH_URL) and SUPABASE_ANON_KEY\n";
        return 1;
    }
    std::string url = auth_url ? auth_url : std::string(project_url) + "/auth/v1";

    try {
        auto client = gotrue::Client::create(url, anon_key);
        client.on_auth_state_change([](gotrue::AuthEvent event, gotrue::SessionView session) {
            std::cout << "  event " << event_name(event) << (session ? " for " + session.user_id() : "") << "\n";
        });

        // A fresh address per run so the example can run repeatedly.
        auto now = std::chrono::system_clock::now().time_since_epoch().count();
        std::string email = "quickstart-cpp-" + std::to_string(now) + "-" + std::to_string(getpid()) + "@example.com";
        std::string password = "correct horse battery staple";

        auto signed_up = client.sign_up(email, {}, password);
        std::cout << "signed up " << email << (signed_up.session ? " (signed in at once)" : " (confirmation required)")
                  << "\n";

        gotrue::Session session = client.sign_in_with_password(email, {}, password);
        std::cout << "signed in: user " << session.user_id() << ", " << session.seconds_left() << " s left\n";

        std::string user = client.get_user();
        std::cout << "user JSON: " << user.size() << " bytes\n";

        gotrue::Session refreshed = client.refresh_session();
        std::cout << "refreshed: same user " << (refreshed.user_id() == session.user_id() ? "yes" : "NO") << "\n";

        client.sign_out(GOTRUE_SIGN_OUT_SCOPE_LOCAL);
        std::cout << "signed out: current session " << (client.get_session() ? "still there" : "gone") << "\n";

        // A wrong password: the exception carries the library's stable code.
        try {
            client.sign_in_with_password(email, {}, "wrong password");
            std::cerr << "a wrong password was accepted\n";
            return 1;
        } catch (const gotrue::Exception &e) {
            std::cout << "wrong password refused: " << e.error().code_name() << " (HTTP " << e.error().http_status()
                      << ")\n";
        }
    } catch (const gotrue::Exception &e) {
        std::cerr << "failed: " << e.what() << " (" << e.error().code_name() << ", HTTP " << e.error().http_status()
                  << ")\n";
        return 1;
    }
    std::cout << "done\n";
    return 0;
}
