package dev.libgotrue

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import java.util.UUID
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Against the real Auth server at GOTRUE_TEST_URL (autoconfirm on), with GOTRUE_TEST_ANON_KEY and
 * GOTRUE_TEST_SERVICE_ROLE_KEY. test.sh runs this class only when the server answers; run directly
 * without the variables, every test is reported as skipped (never as passed).
 */
@Tag("real-server")
class RealServerTests {
    private val url = System.getenv("GOTRUE_TEST_URL") ?: ""
    private val anonKey = System.getenv("GOTRUE_TEST_ANON_KEY") ?: ""
    private val serviceKey = System.getenv("GOTRUE_TEST_SERVICE_ROLE_KEY") ?: ""
    private val password = "Kotlin-pw-" + UUID.randomUUID().toString().take(8)

    @BeforeEach
    fun needServer() = assumeTrue(url.isNotEmpty() && serviceKey.isNotEmpty(), "GOTRUE_TEST_URL / keys unset")

    private fun email(tag: String) = "kt-$tag-${UUID.randomUUID()}@example.com"

    private fun client(options: JsonObject? = null, storage: SessionStorage? = null) = GoTrueClient(url, anonKey, options, storage)

    @Test
    fun signUpSignInSessionsAndSignOut() = runBlocking {
        client().use { c ->
            val address = email("basic")
            val up = c.signUp(email = address, password = password, options = buildJsonObject { putJsonObject("data") { put("plan", "pro") } })
            val upSession = assertNotNull(up.session)
            assertEquals(address, up.user?.email)
            assertEquals("pro", up.user!!.userMetadata["plan"]!!.jsonPrimitive.content)

            val s = c.signInWithPassword(email = address, password = password)
            assertNotEquals(upSession.accessToken, s.accessToken)
            assertEquals(address, s.user.email)
            assertTrue(s.secondsLeft() > 60)
            assertTrue(s.toString().contains(s.user.id) && !s.toString().contains(s.accessToken))
            assertEquals(s, c.currentSessionOrNull())
            assertEquals(s.accessToken, c.storedSessionOrNull()?.accessToken)
            assertEquals(s.user.id, c.currentUserOrNull()?.id)
            assertEquals(s.accessToken, c.getSession()!!.accessToken)

            val refreshed = c.refreshSession()
            assertNotEquals(s.refreshToken, refreshed.refreshToken)
            assertEquals(refreshed, c.currentSessionOrNull())

            // Round trip through JSON, then adopt the tokens in a second client.
            val copy = Session.fromJson(refreshed.toJson())
            assertEquals(refreshed.accessToken, copy.accessToken)
            client().use { other ->
                val adopted = other.setSession(copy.accessToken, copy.refreshToken)
                assertEquals(s.user.id, adopted.user.id)
                assertEquals(s.user.id, other.getUser().id)
                // Signing the other device out with scope OTHERS from here leaves this one signed in.
                c.signOut(SignOutScope.OTHERS)
                assertNotNull(c.getSession())
            }
            c.signOut(SignOutScope.LOCAL)
            assertNull(c.currentSessionOrNull())
            assertNull(c.getSession())
            assertEquals(SessionStatus.NotAuthenticated(isSignOut = true), c.sessionStatus.value)
            c.signOut() // signing out while signed out succeeds
        }
    }

    @Test
    fun errorsCarryCodeStatusAndReasons() = runBlocking {
        client().use { c ->
            val address = email("err")
            c.signUp(email = address, password = password)
            val wrong = assertFailsWith<GoTrueException> { c.signInWithPassword(email = address, password = "not-$password") }
            assertEquals(ErrorCode.INVALID_CREDENTIALS, wrong.code)
            assertEquals("invalid_credentials", wrong.serverCode)
            assertEquals(400, wrong.httpStatus)
            assertNull(wrong.retryAfterSeconds)

            val weak = assertFailsWith<GoTrueException> { c.signUp(email = email("weak"), password = "12345") }
            assertEquals(ErrorCode.WEAK_PASSWORD, weak.code)
            assertEquals(422, weak.httpStatus)
            assertTrue("length" in weak.weakPasswordReasons, weak.weakPasswordReasons.toString())

            val exists = assertFailsWith<GoTrueException> {
                GoTrueClient(url, serviceKey).use { it.admin.createUser(buildJsonObject { put("email", address) }) }
            }
            assertEquals(ErrorCode.EMAIL_EXISTS, exists.code)
        }
    }

    @Test
    fun eventsArriveInOrderAndStatusFollows() = runBlocking {
        client().use { c ->
            EventRecorder(c).use { rec ->
                val address = email("events")
                c.signUp(email = address, password = password)
                c.updateUser(buildJsonObject { putJsonObject("data") { put("color", "teal") } })
                c.refreshSession()
                c.signOut()
                val kinds = rec.await(4).map { it.event }
                assertEquals(
                    listOf(AuthChangeEvent.SIGNED_IN, AuthChangeEvent.USER_UPDATED, AuthChangeEvent.TOKEN_REFRESHED, AuthChangeEvent.SIGNED_OUT),
                    kinds,
                )
                assertEquals("teal", rec.await(4)[1].session!!.user.userMetadata["color"]!!.jsonPrimitive.content)
                assertNull(rec.await(4)[3].session)
            }
            // sessionStatus as a flow: the next sign-in shows up as Authenticated.
            val authenticated = async { withTimeout(10_000) { c.sessionStatus.first { it is SessionStatus.Authenticated } } }
            c.signInAnonymously()
            assertEquals(AuthChangeEvent.SIGNED_IN, (authenticated.await() as SessionStatus.Authenticated).event)
        }
    }

    @Test
    fun otpUserUpdateAndClaims() = runBlocking {
        GoTrueClient(url, serviceKey).use { admin ->
            client().use { c ->
                val address = email("otp")
                c.signUp(email = address, password = password)
                c.signOut()
                val link = admin.admin.generateLink("magiclink", address)
                val otp = link["properties"]!!.jsonObject["email_otp"]!!.jsonPrimitive.content
                val verified = c.verifyOtp("email", otp, email = address)
                assertEquals(address, assertNotNull(verified.session).user.email)

                val user = c.updateUser(buildJsonObject { putJsonObject("data") { put("nick", "kt") } })
                assertEquals("kt", user.userMetadata["nick"]!!.jsonPrimitive.content)
                assertEquals("kt", c.getUser().userMetadata["nick"]!!.jsonPrimitive.content)
                assertEquals("email", c.getUserIdentities().single().provider)

                val claims = c.getClaims()["claims"]!!.jsonObject
                assertEquals(user.id, claims["sub"]!!.jsonPrimitive.content)
                assertEquals(ErrorCode.INVALID_JWT, assertFailsWith<GoTrueException> { c.getClaims("not.a.jwt") }.code)

                assertTrue(c.getSettings()["external"]!!.jsonObject.containsKey("email"))
                assertTrue(c.getOAuthUrl("github").contains("/authorize?provider=github"))
            }
        }
    }

    @Test
    fun mfaTotp() = runBlocking {
        client().use { c ->
            c.signUp(email = email("mfa"), password = password)
            val enrolled = c.mfa.enrollTotp(friendlyName = "kt-${UUID.randomUUID()}")
            val factorId = enrolled["id"]!!.jsonPrimitive.content
            val secret = enrolled["totp"]!!.jsonObject["secret"]!!.jsonPrimitive.content
            assertEquals(listOf(false), c.mfa.listFactors().all.map { it.isVerified })
            val wrong = assertFailsWith<GoTrueException> { c.mfa.challengeAndVerify(factorId, "000000".takeIf { totp(secret) != it } ?: "111111") }
            assertEquals(ErrorCode.MFA_VERIFICATION_FAILED, wrong.code)
            val challenge = c.mfa.challenge(factorId)
            val session = c.mfa.verify(factorId, challenge["id"]!!.jsonPrimitive.content, totp(secret))
            assertEquals("aal2", c.mfa.getAuthenticatorAssuranceLevel()["current_level"]!!.jsonPrimitive.content)
            assertEquals(session, c.currentSessionOrNull())
            assertEquals(factorId, c.mfa.listFactors().totp.single().id)
            c.mfa.unenroll(factorId)
            assertTrue(c.mfa.listFactors().all.isEmpty())
        }
    }

    @Test
    fun adminCrud() = runBlocking {
        GoTrueClient(url, serviceKey).use { admin ->
            val address = email("admin")
            val created = admin.admin.createUser(buildJsonObject {
                put("email", address); put("password", password); put("email_confirm", true)
                putJsonObject("app_metadata") { put("tier", "gold") }
            })
            assertEquals("gold", created.appMetadata["tier"]!!.jsonPrimitive.content)
            assertEquals(created.id, admin.admin.getUserById(created.id).id)
            val updated = admin.admin.updateUserById(created.id, buildJsonObject { putJsonObject("user_metadata") { put("n", 1) } })
            assertEquals("1", updated.userMetadata["n"]!!.jsonPrimitive.content)
            val page = admin.admin.listUsers(buildJsonObject { put("filter", address) })
            assertEquals(listOf(created.id), page.users.map { it.id })
            assertTrue(admin.admin.listFactors(created.id).isEmpty())
            client().use { c ->
                val s = c.signInWithPassword(email = address, password = password)
                admin.admin.signOut(s.accessToken, SignOutScope.GLOBAL)
                assertEquals(ErrorCode.REFRESH_TOKEN_NOT_FOUND, assertFailsWith<GoTrueException> { c.refreshSession() }.code)
                assertNull(c.currentSessionOrNull()) // a definitive rejection signs the client out
            }
            admin.admin.deleteUser(created.id)
            assertEquals(ErrorCode.USER_NOT_FOUND, assertFailsWith<GoTrueException> { admin.admin.getUserById(created.id) }.code)
        }
    }

    /** The newer admin API and the OAuth consent side, on GOTRUE_TEST_FEATURES_URL (the OAuth server on). */
    @Test
    fun newerAdminAndOAuthConsent() {
        val features = System.getenv("GOTRUE_TEST_FEATURES_URL")?.takeIf { it.isNotEmpty() } ?: url
        GoTrueClient(features, serviceKey).use { admin ->
            val page = admin.admin.listAuditLogBlocking(buildJsonObject { put("per_page", 1) })
            assertEquals(1, page["entries"]!!.let { it as kotlinx.serialization.json.JsonArray }.size)
            admin.admin.listSsoProvidersBlocking()
            val redirect = "http://127.0.0.1:3000/oauth/cb"
            val created = admin.admin.createOAuthClientBlocking(buildJsonObject {
                put("redirect_uris", kotlinx.serialization.json.JsonArray(listOf(kotlinx.serialization.json.JsonPrimitive(redirect))))
                put("client_name", "kt app"); put("client_type", "public")
            })
            val clientId = created["client_id"]!!.jsonPrimitive.content
            try {
                assertEquals("kt app", admin.admin.getOAuthClientBlocking(clientId)["client_name"]!!.jsonPrimitive.content)
                val address = email("oauth")
                admin.admin.createUserBlocking(buildJsonObject { put("email", address); put("password", password); put("email_confirm", true) })
                GoTrueClient(features, anonKey).use { user ->
                    user.signInWithPasswordBlocking(address, null, password)
                    val challenge = java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest("v".repeat(50).toByteArray()))
                    val query = "client_id=$clientId&redirect_uri=" + java.net.URLEncoder.encode(redirect, "UTF-8") +
                        "&response_type=code&scope=email&state=kt&code_challenge=$challenge&code_challenge_method=S256"
                    val http = java.net.URI("$features/oauth/authorize?$query").toURL().openConnection() as java.net.HttpURLConnection
                    http.instanceFollowRedirects = false
                    val location = http.getHeaderField("Location") ?: ""
                    http.disconnect()
                    val id = Regex("authorization_id=([^&]+)").find(location)?.groupValues?.get(1)
                    assertNotNull(id, location)
                    assertEquals(clientId, user.oauthGetAuthorizationDetailsBlocking(id)["client"]!!.jsonObject["id"]!!.jsonPrimitive.content)
                    assertTrue(user.oauthApproveAuthorizationBlocking(id)["redirect_url"]!!.jsonPrimitive.content.contains("code="))
                    assertEquals(1, user.oauthListGrantsBlocking().size)
                    user.oauthRevokeGrantBlocking(clientId)
                    assertEquals(ErrorCode.OAUTH_CONSENT_NOT_FOUND, assertFailsWith<GoTrueException> { user.oauthRevokeGrantBlocking(clientId) }.code)
                }
            } finally {
                admin.admin.deleteOAuthClientBlocking(clientId)
            }
        }
    }

    /** The newer suspend forms (the generated `_start` requests) on GOTRUE_TEST_FEATURES_URL, one cancelled in flight. */
    @Test
    fun newerSuspendFormsAndCancellation() = runBlocking {
        val features = System.getenv("GOTRUE_TEST_FEATURES_URL")?.takeIf { it.isNotEmpty() } ?: url
        GoTrueClient(features, serviceKey).use { admin ->
            val name = "kt suspend ${UUID.randomUUID()}"
            val created = admin.admin.createOAuthClient(buildJsonObject {
                put("redirect_uris", JsonArray(listOf(JsonPrimitive("http://127.0.0.1:3000/cb")))); put("client_name", name)
            })
            val id = created["client_id"]!!.jsonPrimitive.content
            try {
                assertEquals(name, admin.admin.getOAuthClient(id)["client_name"]!!.jsonPrimitive.content)
                assertTrue(admin.admin.listOAuthClients().any { it.jsonObject["client_id"]?.jsonPrimitive?.content == id })
                assertEquals("$name 2", admin.admin.updateOAuthClient(id, buildJsonObject { put("client_name", "$name 2") })["client_name"]!!.jsonPrimitive.content)
                // Started (UNDISPATCHED runs it up to its suspension), then cancelled: the native request is cancelled.
                val call = async(start = CoroutineStart.UNDISPATCHED) { admin.admin.getOAuthClient(id) }
                call.cancel()
                assertFailsWith<CancellationException> { call.await() }
            } finally {
                admin.admin.deleteOAuthClient(id)
            }
            val gone = assertFailsWith<GoTrueException> { admin.admin.getOAuthClient(id) }
            assertEquals(ErrorCode.OAUTH_CLIENT_NOT_FOUND to 404, gone.code to gone.httpStatus)
            val page = admin.admin.listAuditLog(buildJsonObject { put("page", 1); put("per_page", 1) })
            assertTrue((page["entries"] as JsonArray).size <= 1, page.toString())

            val address = email("suspend-passkeys")
            admin.admin.createUser(buildJsonObject { put("email", address); put("password", password); put("email_confirm", true) })
            GoTrueClient(features, anonKey).use { user ->
                assertEquals(ErrorCode.SESSION_MISSING, assertFailsWith<GoTrueException> { user.listPasskeys() }.code)
                user.signInWithPassword(email = address, password = password)
                assertEquals(JsonArray(emptyList()), user.listPasskeys())
                assertTrue(user.passkeyRegistrationOptions()["challenge_id"]!!.jsonPrimitive.content.isNotEmpty())
                val factor = user.mfa.enrollWebAuthn("kt key")
                assertEquals("webauthn", factor["type"]!!.jsonPrimitive.content)
                val factorId = factor["id"]!!.jsonPrimitive.content
                assertEquals(listOf(factorId), user.mfa.listFactors().all.map { it.id })
                user.mfa.unenroll(factorId)
                assertEquals(emptyList(), user.mfa.listFactors().all)
            }
        }
    }

    @Test
    fun customStorageRoundTrip() = runBlocking {
        val storage = MemorySessionStorage()
        val address = email("store")
        val first = client(storage = storage).use { c ->
            c.signUp(email = address, password = password).session!!
        }
        assertTrue("sb-auth-token" in storage.keys, storage.keys.toString()) // beside PKCE verifiers of the sign-up
        client(storage = storage).use { c ->
            EventRecorder(c).use { rec ->
                val resumed = assertNotNull(c.initialize())
                assertEquals(first.user.id, resumed.user.id)
                assertEquals(AuthChangeEvent.INITIAL_SESSION, rec.await(1).first().event)
                assertTrue(c.sessionStatus.value is SessionStatus.Authenticated)
            }
            c.signOut()
        }
        assertTrue("sb-auth-token" !in storage.keys, storage.keys.toString())
    }

    @Test
    fun aTransientRefreshFailureIsTheLibrarysRefreshFailingStatus() = runBlocking {
        val storage = MemorySessionStorage()
        client(storage = storage).use { c -> c.signUp(email = email("rf"), password = password).session!! }
        // The stored session as a run would leave it near its end; the next client cannot reach the server.
        val now = System.currentTimeMillis() / 1000
        val stored = kotlinx.serialization.json.Json.parseToJsonElement(storage.get("sb-auth-token")!!).jsonObject
        val aged = JsonObject(stored + mapOf(
            "expires_in" to kotlinx.serialization.json.JsonPrimitive(3600),
            "expires_at" to kotlinx.serialization.json.JsonPrimitive(now + 30),
            "received_at" to kotlinx.serialization.json.JsonPrimitive(now - 3570),
        ))
        storage.set("sb-auth-token", aged.toString())
        GoTrueClient("http://127.0.0.1:9", anonKey, buildJsonObject { put("max_retries", 0) }, storage).use { c ->
            EventRecorder(c).use { rec ->
                assertNotNull(c.initializeBlocking(), "the session is kept")
                assertEquals(listOf(AuthChangeEvent.INITIAL_SESSION, AuthChangeEvent.REFRESH_FAILED), rec.await(2).map { it.event })
            }
            val status = c.sessionStatus.value
            assertTrue(status is SessionStatus.RefreshFailure, "$status")
            assertEquals(ErrorCode.NETWORK, status.cause.code)
            assertTrue(status.cause.isRetryable)
        }
    }

    @Test
    fun loopbackMagicLinkSignsIn() = runBlocking {
        val confirmUrl = System.getenv("GOTRUE_TEST_CONFIRM_URL") ?: ""
        val mailUrl = System.getenv("GOTRUE_TEST_MAIL_URL") ?: ""
        assumeTrue(confirmUrl.isNotEmpty() && mailUrl.isNotEmpty(), "GOTRUE_TEST_CONFIRM_URL / MAIL_URL unset")
        GoTrueClient(confirmUrl, anonKey).use { c ->
            c.startLoopbackSignIn("redirect").use { l ->
                val address = email("loopback")
                c.signInWithOtpBlocking(email = address, phone = null, options = buildJsonObject { put("email_redirect_to", l.redirectTo) })
                val http = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build()
                var link: String? = null
                repeat(150) {
                    if (link == null) {
                        val list = http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI("$mailUrl/messages?to=" + java.net.URLEncoder.encode(address, "UTF-8"))).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString(),
                        ).body()
                        link = kotlinx.serialization.json.Json.parseToJsonElement(list).let { it as kotlinx.serialization.json.JsonArray }
                            .lastOrNull()?.jsonObject?.get("links")?.let { it as kotlinx.serialization.json.JsonArray }
                            ?.map { it.jsonPrimitive.content }?.firstOrNull { "/verify" in it }
                        if (link == null) Thread.sleep(100)
                    }
                }
                // A browser opens the link and follows the redirect to the listener.
                val page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI(assertNotNull(link))).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                assertEquals(200, page.statusCode(), page.body())
                assertTrue("You are signed in" in page.body())
                val s = l.await(kotlin.time.Duration.parse("10s"))
                assertEquals(address, s.user.email)
                assertEquals(s.accessToken, c.currentSessionOrNull()?.accessToken)
            }
        }
    }

    @Test
    fun concurrentUseFromManyThreadsAndCoroutines() = runBlocking {
        client().use { c ->
            val s = c.signUp(email = email("conc"), password = password).session!!
            val pool = Executors.newFixedThreadPool(8)
            val futures = List(32) { pool.submit<String> { c.getUserBlocking().id } }
            futures.forEach { assertEquals(s.user.id, it.get(30, TimeUnit.SECONDS)) }
            pool.shutdown()
            val ids = List(32) { async(Dispatchers.Default) { c.getUser().id } }.awaitAll()
            assertEquals(setOf(s.user.id), ids.toSet())
            // Many refreshes at once share one exchange: everyone gets a working session.
            val sessions = List(8) { async(Dispatchers.Default) { c.refreshSession(s.refreshToken) } }.awaitAll()
            assertEquals(1, sessions.map { it.refreshToken }.toSet().size)
        }
        // Closing while calls are in flight: they finish, throw IllegalStateException (started after
        // the close) or end as cancelled (pending when the native client was freed); never crash.
        val c = client()
        val calls = List(16) {
            launch(Dispatchers.IO) {
                try {
                    c.health()
                } catch (_: IllegalStateException) {
                } catch (e: GoTrueException) {
                    assertEquals(ErrorCode.CANCELLED, e.code)
                }
            }
        }
        delay(5)
        c.close()
        calls.forEach { it.join() }
        assertTrue(c.isClosed)
    }

    @Test
    fun cancellingACallLeavesTheClientUsable() = runBlocking {
        client().use { c ->
            val address = email("cancel")
            c.signUp(email = address, password = password)
            repeat(5) {
                val job = launch(Dispatchers.Default) { c.signInWithPassword(email = address, password = password) }
                delay(it.toLong())
                job.cancel()
                job.join()
            }
            val call = async { c.health() }
            call.cancel()
            assertFailsWith<CancellationException> { call.await() }
            assertEquals(address, c.signInWithPassword(email = address, password = password).user.email)
            assertEquals(address, c.getUser().email)
        }
    }

    /** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) for the enrolled factor's base32 secret. */
    private fun totp(secret: String): String {
        val alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        var bits = 0
        var value = 0
        val out = java.io.ByteArrayOutputStream()
        for (ch in secret.uppercase().trimEnd('=')) {
            value = (value shl 5) or alphabet.indexOf(ch)
            bits += 5
            if (bits >= 8) {
                out.write((value shr (bits - 8)) and 0xff)
                bits -= 8
            }
        }
        val counter = System.currentTimeMillis() / 1000 / 30
        val mac = Mac.getInstance("HmacSHA1").apply { init(SecretKeySpec(out.toByteArray(), "HmacSHA1")) }
        val h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(counter).array())
        val o = h[h.size - 1].toInt() and 0xf
        val code = ((h[o].toInt() and 0x7f) shl 24) or ((h[o + 1].toInt() and 0xff) shl 16) or
            ((h[o + 2].toInt() and 0xff) shl 8) or (h[o + 3].toInt() and 0xff)
        return "%06d".format(code % 1_000_000)
    }
}
