package dev.libgotrue

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.onSubscription
import kotlinx.coroutines.launch
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Test
import java.io.File
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CountDownLatch
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread
import kotlin.test.assertFalse
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Tests that need no server: loading, generated declarations, misuse, lifetimes, storage, cancellation. */
class UnitTests {
    private val unreachable = "http://127.0.0.1:9" // discard port: nothing listens

    @Test
    fun libraryLoadsAndAbiMatches() {
        assertEquals(GoTrueNative.GOTRUE_ABI_VERSION, GoTrueLibrary.abiVersion)
        assertTrue(GoTrueLibrary.version.matches(Regex("""\d+\.\d+\.\d+.*""")), GoTrueLibrary.version)
        val e = assertFailsWith<UnsatisfiedLinkError> { GoTrueLibrary.checkAbi(GoTrueNative.GOTRUE_ABI_VERSION + 1, GoTrueNative.GOTRUE_ABI_VERSION) }
        assertTrue(e.message!!.contains("ABI version"))
    }

    @Test
    fun generatedErrorCodesAgreeWithTheLibrary() {
        for (code in ErrorCode.entries) {
            assertEquals(code.short, GoTrueNative.gotrue_error_code_name(code.value).utf8(), "name of $code")
        }
        assertNull(GoTrueNative.gotrue_error_code_name(-12345))
        assertEquals(AuthChangeEvent.SIGNED_OUT, AuthChangeEvent.fromValue(AuthChangeEvent.SIGNED_OUT.value))
    }

    @Test
    fun everyManifestFunctionIsWrappedOrListed() {
        // Used internally or superseded by a binding idiom; everything else must be called from src/main.
        val notNeeded = mapOf(
            "gotrue_client_unsubscribe" to "one subscription per client, ended by gotrue_client_free",
            "gotrue_error_code_name" to "the names are generated into ErrorCode.short (checked against it above)",
            "gotrue_session_user_id" to "User is parsed from gotrue_session_user_json",
            "gotrue_session_user_email" to "User is parsed from gotrue_session_user_json",
            "gotrue_session_user_phone" to "User is parsed from gotrue_session_user_json",
            "gotrue_session_clone" to "Session is a Kotlin value: a callback's borrowed session is copied like an owned one",
            "gotrue_set_log_callback" to "not yet exposed in Kotlin (process-wide hook; follow-up)",
            "gotrue_client_poll" to "suspend calls complete by callback; poll is for frame loops",
            "gotrue_client_requests_in_flight" to "coroutines track their own calls",
            "gotrue_request_wait" to "the coroutine suspends instead",
            "gotrue_request_is_done" to "the completion callback says so",
            "gotrue_request_status" to "the result or error taken in the completion callback says so",
        )
        val sources = File(System.getProperty("gotrue.source.dir") ?: "src/main/kotlin").walk()
            .filter { it.isFile && it.name.endsWith(".kt") && !it.name.endsWith(".g.kt") }
            .joinToString("\n") { it.readText() }
        val missing = GoTrueNative.FUNCTIONS.filter { it !in notNeeded && !sources.contains("GoTrueNative.$it(") }
        assertEquals(emptyList(), missing, "functions neither wrapped nor listed as not needed")
    }

    @Test
    fun badArgumentsAreClearErrors() {
        val bad = assertFailsWith<GoTrueException> { GoTrueClient(unreachable, "", buildJsonObject { put("no_such_option", 1) }) }
        assertEquals(ErrorCode.INVALID_JSON, bad.code)
        assertEquals(0, bad.httpStatus)
        assertFalse(bad.isRetryable)
        val nul = assertFailsWith<GoTrueException> { GoTrueClient("http://127.0.0.1:9\u0000x", "") }
        assertEquals(ErrorCode.INVALID_ARGUMENT, nul.code)
        val parse = assertFailsWith<GoTrueException> { Session.fromJson("{}") }.code
        assertTrue(parse == ErrorCode.INVALID_JSON || parse == ErrorCode.INVALID_RESPONSE, parse.toString())
        GoTrueClient(unreachable, "").use { c ->
            val net = assertFailsWith<GoTrueException> { c.healthBlocking() }
            assertEquals(ErrorCode.NETWORK, net.code)
            assertTrue(net.isTransient())
            assertTrue(net.isRetryable)
            assertEquals(ErrorCode.SESSION_MISSING, assertFailsWith<GoTrueException> { c.reauthenticateBlocking() }.code)
        }
    }

    @Test
    fun newerWrappersPassArgumentsThrough() {
        fun code(block: () -> Unit) = assertFailsWith<GoTrueException> { block() }.code
        val cred = buildJsonObject { put("id", "x") }
        GoTrueClient(unreachable, "").use { c ->
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.oauthGetAuthorizationDetailsBlocking("../x") })
            assertEquals(ErrorCode.SESSION_MISSING, code { c.oauthApproveAuthorizationBlocking("abc") })
            assertEquals(ErrorCode.SESSION_MISSING, code { c.oauthDenyAuthorizationBlocking("abc") })
            assertEquals(ErrorCode.SESSION_MISSING, code { c.oauthListGrantsBlocking() })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.oauthRevokeGrantBlocking("a/b") })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.signInWithWeb3Blocking("bitcoin", "m", "s") })
            assertEquals(ErrorCode.SESSION_MISSING, code { c.passkeyRegistrationOptionsBlocking() })
            assertEquals(ErrorCode.SESSION_MISSING, code { c.passkeyRegistrationVerifyBlocking("c", cred) })
            assertEquals(ErrorCode.NETWORK, code { c.passkeyAuthenticationOptionsBlocking() })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.passkeyAuthenticationVerifyBlocking("", cred) })
            assertEquals(ErrorCode.SESSION_MISSING, code { c.listPasskeysBlocking() })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.updatePasskeyBlocking("p", buildJsonObject { }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.deletePasskeyBlocking("../p") })
            assertEquals(ErrorCode.SESSION_MISSING, code { c.mfa.enrollWebAuthnBlocking() })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.mfa.verifyWebAuthnBlocking("f", "c", "sign", cred) })
            assertEquals(ErrorCode.NETWORK, code { c.admin.listAuditLogBlocking() })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.updateFactorBlocking("u", "f", buildJsonObject { }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.listUserPasskeysBlocking("a/b") })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.deleteUserPasskeyBlocking("u", "a/b") })
            assertEquals(ErrorCode.NETWORK, code { c.admin.listOAuthClientsBlocking() })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.createOAuthClientBlocking(buildJsonObject { }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.getOAuthClientBlocking("a/b") })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.updateOAuthClientBlocking("c", buildJsonObject { }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.deleteOAuthClientBlocking("") })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.regenerateOAuthClientSecretBlocking("a b") })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.listCustomProvidersBlocking(buildJsonObject { put("type", "saml") }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.createCustomProviderBlocking(buildJsonObject { }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.getCustomProviderBlocking("custom:a.b") })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.updateCustomProviderBlocking("custom:a", buildJsonObject { }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.deleteCustomProviderBlocking("custom:a/b") })
            assertEquals(ErrorCode.INVALID_JSON, code { c.admin.listSsoProvidersBlocking(buildJsonObject { put("x", 1) }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.createSsoProviderBlocking(buildJsonObject { }) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.getSsoProviderBlocking("a/b") })
            assertEquals(ErrorCode.INVALID_ARGUMENT, code { c.admin.updateSsoProviderBlocking("p", buildJsonObject { }) })
            assertEquals(ErrorCode.NETWORK, code { c.admin.deleteSsoProviderBlocking("p") })
        }
        val message = GoTrueClient.buildWeb3Message(buildJsonObject {
            put("chain", "ethereum"); put("domain", "localhost:3000"); put("address", "0x" + "ab".repeat(20))
            put("uri", "http://localhost:3000"); put("issued_at", "2026-01-01T00:00:00Z")
        })
        assertEquals("localhost:3000 wants you to sign in with your Ethereum account:\n0x" + "ab".repeat(20) +
            "\n\n\nURI: http://localhost:3000\nVersion: 1\nChain ID: 1\nIssued At: 2026-01-01T00:00:00Z", message)
        assertEquals(ErrorCode.INVALID_ARGUMENT, code { GoTrueClient.buildWeb3Message(buildJsonObject { put("chain", "ethereum") }) })
    }

    /** Each newer suspend form (a `_start` request) ends with the error its blocking form throws. */
    @Test
    fun newerSuspendFormsEndLikeTheirBlockingForms() = runBlocking {
        val cred = buildJsonObject { put("id", "x") }
        val empty = buildJsonObject { }
        GoTrueClient(unreachable, "").use { c ->
            val m = c.mfa
            val a = c.admin
            val pairs: List<Pair<() -> Any, suspend () -> Any>> = listOf(
                { c.oauthGetAuthorizationDetailsBlocking("../x") } to { c.oauthGetAuthorizationDetails("../x") },
                { c.oauthApproveAuthorizationBlocking("abc") } to { c.oauthApproveAuthorization("abc") },
                { c.oauthDenyAuthorizationBlocking("abc") } to { c.oauthDenyAuthorization("abc") },
                { c.oauthListGrantsBlocking() } to { c.oauthListGrants() },
                { c.oauthRevokeGrantBlocking("a/b") } to { c.oauthRevokeGrant("a/b") },
                { c.signInWithWeb3Blocking("bitcoin", "m", "s") } to { c.signInWithWeb3("bitcoin", "m", "s") },
                { c.passkeyRegistrationOptionsBlocking() } to { c.passkeyRegistrationOptions() },
                { c.passkeyRegistrationVerifyBlocking("c", cred) } to { c.passkeyRegistrationVerify("c", cred) },
                { c.passkeyAuthenticationOptionsBlocking() } to { c.passkeyAuthenticationOptions() },
                { c.passkeyAuthenticationVerifyBlocking("", cred) } to { c.passkeyAuthenticationVerify("", cred) },
                { c.listPasskeysBlocking() } to { c.listPasskeys() },
                { c.updatePasskeyBlocking("p", empty) } to { c.updatePasskey("p", empty) },
                { c.deletePasskeyBlocking("../p") } to { c.deletePasskey("../p") },
                { m.enrollWebAuthnBlocking() } to { m.enrollWebAuthn() },
                { m.verifyWebAuthnBlocking("f", "c", "sign", cred) } to { m.verifyWebAuthn("f", "c", "sign", cred) },
                { a.listAuditLogBlocking() } to { a.listAuditLog() },
                { a.updateFactorBlocking("u", "f", empty) } to { a.updateFactor("u", "f", empty) },
                { a.listUserPasskeysBlocking("a/b") } to { a.listUserPasskeys("a/b") },
                { a.deleteUserPasskeyBlocking("u", "a/b") } to { a.deleteUserPasskey("u", "a/b") },
                { a.listOAuthClientsBlocking() } to { a.listOAuthClients() },
                { a.createOAuthClientBlocking(empty) } to { a.createOAuthClient(empty) },
                { a.getOAuthClientBlocking("a/b") } to { a.getOAuthClient("a/b") },
                { a.updateOAuthClientBlocking("c", empty) } to { a.updateOAuthClient("c", empty) },
                { a.deleteOAuthClientBlocking("") } to { a.deleteOAuthClient("") },
                { a.regenerateOAuthClientSecretBlocking("a b") } to { a.regenerateOAuthClientSecret("a b") },
                { a.listCustomProvidersBlocking(buildJsonObject { put("type", "saml") }) } to
                    { a.listCustomProviders(buildJsonObject { put("type", "saml") }) },
                { a.createCustomProviderBlocking(empty) } to { a.createCustomProvider(empty) },
                { a.getCustomProviderBlocking("custom:a.b") } to { a.getCustomProvider("custom:a.b") },
                { a.updateCustomProviderBlocking("custom:a", empty) } to { a.updateCustomProvider("custom:a", empty) },
                { a.deleteCustomProviderBlocking("custom:a/b") } to { a.deleteCustomProvider("custom:a/b") },
                { a.listSsoProvidersBlocking(buildJsonObject { put("x", 1) }) } to { a.listSsoProviders(buildJsonObject { put("x", 1) }) },
                { a.createSsoProviderBlocking(empty) } to { a.createSsoProvider(empty) },
                { a.getSsoProviderBlocking("a/b") } to { a.getSsoProvider("a/b") },
                { a.updateSsoProviderBlocking("p", empty) } to { a.updateSsoProvider("p", empty) },
                { a.deleteSsoProviderBlocking("p") } to { a.deleteSsoProvider("p") },
            )
            pairs.forEachIndexed { i, (blocking, suspending) ->
                val expected = assertFailsWith<GoTrueException>("case $i, blocking") { blocking() }.code
                var got: GoTrueException? = null
                try {
                    suspending()
                } catch (e: GoTrueException) {
                    got = e
                }
                assertEquals(expected, got?.code, "case $i: the suspend form")
            }
        }
    }

    @Test
    fun factorListKeepsEveryKind() {
        fun f(id: String, type: String) = buildJsonObject { put("id", id); put("factor_type", type); put("status", "verified") }
        val list = FactorList.fromJson(buildJsonObject {
            put("all", JsonArray(listOf(f("t", "totp"), f("p", "phone"), f("w", "webauthn"))))
            put("totp", JsonArray(listOf(f("t", "totp"))))
            put("phone", JsonArray(listOf(f("p", "phone"))))
            put("webauthn", JsonArray(listOf(f("w", "webauthn"))))
        })
        assertEquals(listOf("t", "p", "w"), list.all.map { it.id })
        assertEquals(listOf(listOf("t"), listOf("p"), listOf("w")), listOf(list.totp, list.phone, list.webauthn).map { l -> l.map { it.id } })
    }

    @Test
    fun callsAfterCloseThrowAndCloseIsIdempotent() {
        val c = GoTrueClient(unreachable, "")
        assertNull(c.getSessionBlocking())
        assertNull(c.storedSessionOrNull())
        assertNull(c.currentUserOrNull())
        c.close()
        c.close()
        assertTrue(c.isClosed)
        assertFailsWith<IllegalStateException> { c.getSessionBlocking() }
        assertFailsWith<IllegalStateException> { runBlocking { c.getSession() } }
        assertFailsWith<IllegalStateException> { c.mfa.listFactorsBlocking() }
    }

    @Test
    fun concurrentCloseFreesOnceAndNeverDuringACall() {
        repeat(200) {
            val frees = AtomicInteger()
            val inCall = AtomicInteger()
            val freedDuringCall = AtomicInteger()
            val handle = ClientHandle(com.sun.jna.Pointer(1)) {
                if (inCall.get() != 0) freedDuringCall.incrementAndGet()
                frees.incrementAndGet()
            }
            val barrier = CyclicBarrier(4)
            val threads = List(4) { i ->
                thread {
                    barrier.await()
                    if (i < 2) handle.close() else repeat(50) {
                        try {
                            handle.use { inCall.incrementAndGet(); Thread.yield(); inCall.decrementAndGet() }
                        } catch (_: IllegalStateException) {
                        }
                    }
                }
            }
            threads.forEach { it.join() }
            assertEquals(1, frees.get())
            assertEquals(0, freedDuringCall.get())
        }
        // And on real clients: two threads closing one client at once.
        repeat(50) {
            val c = GoTrueClient(unreachable, "")
            val barrier = CyclicBarrier(2)
            List(2) { thread { barrier.await(); c.close() } }.forEach { it.join() }
            assertTrue(c.isClosed)
        }
    }

    @Test
    fun cleanerFreesForgottenClientsAndMemoryStaysFlat() {
        fun churn(n: Int) = repeat(n) { GoTrueClient(unreachable, "") }
        // The first rounds reach the high-water mark (the Cleaner runs when the GC gets to it, so
        // thousands of native clients are alive at once, and freed memory stays resident); a
        // leak would grow every round by about as much as the first.
        // Measured: the high-water mark settles after three or four rounds (+10, +37, +4, +1 MB).
        repeat(3) {
            churn(10_000)
            gcUntil { Callbacks.registered < 50 }
        }
        val before = rssKb()
        val t0 = System.nanoTime()
        churn(10_000)
        assertTrue(gcUntil { Callbacks.registered < 50 }, "clients left registered: ${Callbacks.registered}")
        val growth = rssKb() - before
        println("cleaner: 10000 clients created and dropped in ${(System.nanoTime() - t0) / 1_000_000} ms, resident memory ${before} kB -> ${before + growth} kB")
        // 10,000 leaked native clients (each with its HTTP client and pools) would be hundreds of MB.
        assertTrue(growth < 24 * 1024, "resident memory grew by $growth kB")
    }

    @Test
    fun loopbackMisuseCancelAndClose() {
        GoTrueClient(unreachable, "").use { c ->
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertFailsWith<GoTrueException> { c.startLoopbackSignIn("") }.code)
            assertEquals(
                ErrorCode.INVALID_JSON,
                assertFailsWith<GoTrueException> { c.startLoopbackSignIn("redirect", buildJsonObject { put("nope", 1) }) }.code,
            )
            val l = c.startLoopbackSignIn("redirect", buildJsonObject { put("path", "/cb") })
            assertTrue(l.redirectTo.startsWith("http://127.0.0.1:") && "/cb?state=" in l.redirectTo, l.redirectTo)
            assertEquals(l.redirectTo, l.url)
            assertEquals(ErrorCode.TIMEOUT, assertFailsWith<GoTrueException> { l.awaitBlocking(0) }.code)
            val waiter = Executors.newSingleThreadExecutor().submit<ErrorCode> {
                assertFailsWith<GoTrueException> { l.awaitBlocking(30_000) }.code
            }
            Thread.sleep(100)
            l.cancel()
            assertEquals(ErrorCode.CANCELLED, waiter.get(10, TimeUnit.SECONDS))
            val port = java.net.URI(l.redirectTo).port
            assertFailsWith<java.io.IOException> { java.net.Socket("127.0.0.1", port).close() }
            l.close()
            l.close()
            l.cancel()
            assertFailsWith<IllegalStateException> { l.awaitBlocking(0) }
        }
    }

    @Test
    fun customStorageIsBridged() {
        val storage = MemorySessionStorage()
        val gets = AtomicInteger()
        val counting = object : SessionStorage by storage {
            override fun get(key: String): String? { gets.incrementAndGet(); return storage.get(key) }
        }
        GoTrueClient(unreachable, "", storage = counting).use { c ->
            EventRecorder(c).use { events ->
                assertEquals(SessionStatus.Initializing, c.sessionStatus.value)
                assertNull(c.initializeBlocking())
                assertEquals(listOf(AuthEvent(AuthChangeEvent.INITIAL_SESSION, null)), events.await(1))
            }
            assertEquals(SessionStatus.NotAuthenticated(isSignOut = false), c.sessionStatus.value)
            assertTrue(gets.get() >= 1)
        }
        val failing = object : SessionStorage {
            override fun get(key: String): String? = throw RuntimeException("disk on fire")
            override fun set(key: String, value: String) = Unit
            override fun remove(key: String) = Unit
        }
        GoTrueClient(unreachable, "", storage = failing).use { c ->
            assertEquals(ErrorCode.STORAGE, assertFailsWith<GoTrueException> { c.initializeBlocking() }.code)
        }
    }

    @Test
    fun storageReleasedWithTheClient() {
        val before = Callbacks.registered
        val c = GoTrueClient(unreachable, "", storage = MemorySessionStorage())
        assertEquals(before + 2, Callbacks.registered) // the event sink and the storage
        c.close()
        assertEquals(before, Callbacks.registered)
        assertFailsWith<GoTrueException> { GoTrueClient(unreachable, "", buildJsonObject { put("bogus", true) }, MemorySessionStorage()) }
        assertEquals(before, Callbacks.registered)
    }

    @Test
    fun cancellingACoroutineMidCallLeavesTheClientUsable() {
        // A loopback socket that accepts and stays silent on the first connection and answers
        // /health afterwards: the real server cannot be made to hang on demand.
        ServerSocket(0, 50, InetAddress.getLoopbackAddress()).use { server ->
            val accepted = CountDownLatch(1)
            val held = ArrayList<Socket>()
            val pool = Executors.newCachedThreadPool()
            pool.execute {
                try {
                    while (true) {
                        val s = server.accept()
                        if (accepted.count > 0L) { held.add(s); accepted.countDown(); continue }
                        pool.execute { answerHealth(s) }
                    }
                } catch (_: Exception) {
                }
            }
            val options = buildJsonObject { put("timeout_ms", 10_000); put("max_retries", 0) }
            GoTrueClient("http://127.0.0.1:${server.localPort}", "", options).use { c ->
                runBlocking {
                    val call = async(start = CoroutineStart.UNDISPATCHED) { c.health() }
                    assertTrue(accepted.await(5, TimeUnit.SECONDS))
                    val t0 = System.nanoTime()
                    call.cancel()
                    assertFailsWith<CancellationException> { call.await() }
                    val ms = (System.nanoTime() - t0) / 1_000_000
                    assertTrue(ms < 2000, "cancellation took $ms ms") // the server would keep it 10 s
                    // The native request was dropped, not left running: its connection closes.
                    val socket = held.single()
                    socket.soTimeout = 5000
                    val input = socket.getInputStream()
                    val buf = ByteArray(4096)
                    while (input.read(buf) >= 0) { /* the request bytes, then end of stream */ }
                    held.forEach { it.close() }
                    assertEquals("GoTrue", c.health()["name"]!!.jsonPrimitive.content)
                }
            }
            pool.shutdownNow()
        }
    }

    @Test
    fun closingTheClientEndsPendingSuspendCallsAsCancelled() {
        // Accepts and never answers: every request stays in flight until the client is closed.
        ServerSocket(0, 50, InetAddress.getLoopbackAddress()).use { server ->
            val held = java.util.Collections.synchronizedList(ArrayList<Socket>())
            val acceptor = thread(isDaemon = true) {
                try { while (true) held.add(server.accept()) } catch (_: Exception) { }
            }
            val options = buildJsonObject { put("timeout_ms", 30_000); put("max_retries", 0) }
            val c = GoTrueClient("http://127.0.0.1:${server.localPort}", "", options)
            val before = Callbacks.registered
            runBlocking {
                // UNDISPATCHED: each call has handed its request to the library before the next line.
                val calls = (1..20).map { async(start = CoroutineStart.UNDISPATCHED) { runCatching { c.health() } } }
                val t0 = System.nanoTime()
                while (held.size < 4 && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(10)
                c.close()
                for (call in calls) {
                    val e = call.await().exceptionOrNull()
                    assertTrue(e is GoTrueException && e.code == ErrorCode.CANCELLED, "ended with $e")
                }
            }
            // Every request's user_data was released (exactly once) by the library.
            val t0 = System.nanoTime()
            while (Callbacks.registered > before - 1 && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(10)
            assertEquals(before - 1, Callbacks.registered) // the event sink went with the client too
            held.forEach { it.close() }
            acceptor.interrupt()
        }
    }

    @Test
    fun manyCancelledSuspendCallsEachEndOnce() {
        ServerSocket(0, 200, InetAddress.getLoopbackAddress()).use { server ->
            val pool = Executors.newCachedThreadPool()
            pool.execute {
                try {
                    while (true) {
                        val s = server.accept()
                        pool.execute { Thread.sleep(20); answerHealth(s) }
                    }
                } catch (_: Exception) {
                }
            }
            val options = buildJsonObject { put("timeout_ms", 10_000); put("max_retries", 0); put("request_workers", 8) }
            GoTrueClient("http://127.0.0.1:${server.localPort}", "", options).use { c ->
                val before = Callbacks.registered
                val ended = AtomicInteger()
                runBlocking {
                    val calls = (1..200).map { i ->
                        launch(Dispatchers.Default) {
                            try { c.health() } catch (_: CancellationException) { } finally { ended.incrementAndGet() }
                        }.also { job -> if (i % 3 == 0) launch(Dispatchers.Default) { kotlinx.coroutines.delay((i % 50).toLong()); job.cancel() } }
                    }
                    calls.forEach { it.join() }
                }
                assertEquals(200, ended.get())
                val t0 = System.nanoTime()
                while (Callbacks.registered > before && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(10)
                assertEquals(before, Callbacks.registered, "a request's user_data was not released")
                assertEquals("GoTrue", c.healthBlocking()["name"]!!.jsonPrimitive.content)
            }
            pool.shutdownNow()
        }
    }

    private fun answerHealth(s: Socket) {
        s.use {
            val input = it.getInputStream().bufferedReader()
            while (true) {
                val line = input.readLine() ?: return
                if (line.isEmpty()) break
            }
            val body = """{"version":"test","name":"GoTrue","description":"fixture"}"""
            it.getOutputStream().write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n$body".toByteArray()
            )
        }
    }
}

@OptIn(DelicateCoroutinesApi::class)
/** Collects a client's events on its own thread from the moment it is subscribed. */
internal class EventRecorder(c: GoTrueClient) : AutoCloseable {
    private val seen = java.util.Collections.synchronizedList(ArrayList<AuthEvent>())
    private val job: kotlinx.coroutines.Job

    init {
        val subscribed = CountDownLatch(1)
        job = kotlinx.coroutines.GlobalScope.launch(Dispatchers.Default) {
            c.events.onSubscription { subscribed.countDown() }.collect { seen.add(it) }
        }
        check(subscribed.await(5, TimeUnit.SECONDS)) { "events flow not subscribed" }
    }

    /** The events so far, after waiting (at most 5 s) until there are at least [n]. */
    fun await(n: Int): List<AuthEvent> {
        val deadline = System.nanoTime() + 5_000_000_000L
        while (seen.size < n && System.nanoTime() < deadline) Thread.sleep(5)
        return synchronized(seen) { seen.toList() }
    }

    override fun close() = job.cancel()
}

internal fun gcUntil(cond: () -> Boolean): Boolean {
    repeat(100) {
        System.gc()
        Thread.sleep(50)
        if (cond()) return true
    }
    return cond()
}

internal fun rssKb(): Long =
    File("/proc/self/status").readLines().first { it.startsWith("VmRSS:") }.split(Regex("\\s+"))[1].toLong()
