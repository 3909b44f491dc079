// Written for `swift test -Xlinker -L../../target/release` (not run on the build machine: no Swift
// toolchain). Real-server tests run only when GOTRUE_TEST_URL is set; they skip otherwise.
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#else
import Darwin
private let streamSocket = SOCK_STREAM
#endif
@testable import GoTrue

final class GoTrueTests: XCTestCase {
    func testAbiVersionMatches() throws {
        XCTAssertEqual(GoTrueLibrary.abiVersion, GoTrueLibrary.expectedAbiVersion)
        try GoTrueLibrary.ensureCompatible()
        XCTAssertFalse(GoTrueLibrary.version.isEmpty)
    }

    func testRefusedPortIsANetworkError() throws {
        let client = try GoTrueClient(url: "http://127.0.0.1:1", apiKey: "anon", options: #"{"max_retries":0}"#)
        XCTAssertThrowsError(try client.health()) { error in
            XCTAssertEqual((error as? GoTrueError)?.code, .network)
            XCTAssertEqual((error as? GoTrueError)?.httpStatus, 0)
            XCTAssertEqual((error as? GoTrueError)?.isRetryable, true)
        }
        XCTAssertThrowsError(try client.signIn(email: "a@example.com", password: "pw\u{0}x")) { error in
            XCTAssertEqual((error as? GoTrueError)?.isRetryable, false)
        }
    }

    func testLoopbackTimesOutAndCancels() throws {
        let client = try GoTrueClient(url: "http://127.0.0.1:1", apiKey: "")
        XCTAssertThrowsError(try client.startLoopbackSignIn("")) { error in
            XCTAssertEqual((error as? GoTrueError)?.code, .invalidArgument)
        }
        let loop = try client.startLoopbackSignIn("redirect", options: #"{"path":"/cb"}"#)
        XCTAssertTrue(loop.redirectTo.hasPrefix("http://127.0.0.1:") && loop.redirectTo.contains("/cb?state="))
        XCTAssertEqual(loop.url, loop.redirectTo)
        XCTAssertThrowsError(try loop.wait(timeout: 0)) { error in
            XCTAssertEqual((error as? GoTrueError)?.code, .timeout)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { loop.cancel() }
        XCTAssertThrowsError(try loop.wait(timeout: 30)) { error in
            XCTAssertEqual((error as? GoTrueError)?.code, .cancelled)
        }
    }

    func testBadOptionsAndNulCharacters() throws {
        XCTAssertThrowsError(try GoTrueClient(url: "http://127.0.0.1:1", apiKey: "", options: #"{"nope":1}"#)) { error in
            XCTAssertEqual((error as? GoTrueError)?.code, .invalidJson)
        }
        let client = try GoTrueClient(url: "http://127.0.0.1:1", apiKey: "anon")
        XCTAssertThrowsError(try client.signIn(email: "a@example.com", password: "pw\u{0}x")) { error in
            XCTAssertEqual((error as? GoTrueError)?.code, .invalidArgument)
        }
        XCTAssertNil(try client.session())
    }

    func testInitializeFromStorageAndEvents() throws {
        final class Memory: SessionStorage {
            var items: [String: String] = [:]
            let lock = NSLock()
            func get(_ key: String) throws -> String? { lock.lock(); defer { lock.unlock() }; return items[key] }
            func set(_ key: String, _ value: String) throws { lock.lock(); items[key] = value; lock.unlock() }
            func remove(_ key: String) throws { lock.lock(); items[key] = nil; lock.unlock() }
        }
        let storage = Memory()
        let client = try GoTrueClient(url: "http://127.0.0.1:1", apiKey: "anon", storage: storage)
        var events: [AuthEvent] = []
        let subscription = try client.onAuthStateChange { event, _ in events.append(event) }
        XCTAssertNil(try client.initialize())
        XCTAssertEqual(events, [.initialSession])
        subscription.cancel()
    }

    func testRealServerSignUpSignInSignOut() async throws {
        guard let url = ProcessInfo.processInfo.environment["GOTRUE_TEST_URL"],
              let key = ProcessInfo.processInfo.environment["GOTRUE_TEST_ANON_KEY"] else {
            throw XCTSkip("needs the real Supabase Auth server (GOTRUE_TEST_URL)")
        }
        let client = try GoTrueClient(url: url, apiKey: key)
        let email = "swift-\(UUID().uuidString.lowercased())@example.com"
        let signUp = try await client.signUp(email: email, password: "correct-horse-battery-9")
        XCTAssertEqual(signUp.session?.user.email, email)
        try await client.signOut()
        let session = try await client.signIn(email: email, password: "correct-horse-battery-9")
        XCTAssertEqual(session.user.email, email)
        let refreshed = try await client.refreshSession()
        XCTAssertNotEqual(refreshed.refreshToken, session.refreshToken)
        let user = try await client.updateUser(attributes: #"{"data":{"n":1}}"#)
        XCTAssertEqual(user.userMetadata?["n"], .number(1))
        XCTAssertEqual(try client.claims()["claims"]?["email"]?.stringValue, email)
        try await client.signOut()
        XCTAssertNil(try client.session())
    }

    /// A loopback port that accepts connections (the kernel's backlog) and never answers.
    private func silentPort() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, streamSocket, 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 16) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        if !ok { close(fd); throw XCTSkip("cannot listen on loopback") }
        return (fd, UInt16(bigEndian: addr.sin_port))
    }

    func testCancellingTheTaskCancelsTheRequest() async throws {
        let (fd, port) = try silentPort()
        defer { close(fd) }
        let client = try GoTrueClient(url: "http://127.0.0.1:\(port)", apiKey: "anon",
                                      options: #"{"max_retries":0,"timeout_ms":20000}"#)
        let task = Task { try await client.health() }
        try await Task.sleep(nanoseconds: 200_000_000)
        let started = Date()
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("a request to a silent server cannot succeed")
        } catch {
            XCTAssertEqual((error as? GoTrueError)?.code, .cancelled)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "the request was not dropped")
        // A second call, cancelled while it waits on the same silent server, ends too.
        let pending = Task { try await client.user(jwt: "x.y.z") }
        try await Task.sleep(nanoseconds: 100_000_000)
        pending.cancel()
        await XCTAssertThrowsErrorAsync(try await pending.value)
    }

    /// The newer async forms (the `_start` requests) end with the blocking forms' errors, and cancel.
    func testNewerAsyncFormsEndWithTheLibrarysErrors() async throws {
        let client = try GoTrueClient(url: "http://127.0.0.1:1", apiKey: "anon", options: #"{"max_retries":0}"#)
        func code<T>(_ call: () async throws -> T) async -> GoTrueError.Code? {
            do { _ = try await call(); return nil } catch { return (error as? GoTrueError)?.code }
        }
        let sessionMissing = await code { try await client.oauthGrants() }
        XCTAssertEqual(sessionMissing, .sessionMissing)
        let listPasskeys = await code { try await client.passkeys() }
        XCTAssertEqual(listPasskeys, .sessionMissing)
        let deletePasskey = await code { try await client.deletePasskey(id: "../p") }
        XCTAssertEqual(deletePasskey, .invalidArgument)
        let web3 = await code { try await client.signInWithWeb3(chain: "bitcoin", message: "m", signature: "s") }
        XCTAssertEqual(web3, .invalidArgument)
        let enroll = await code { try await client.mfa.enrollWebAuthn() }
        XCTAssertEqual(enroll, .sessionMissing)
        let oauthClient = await code { try await client.admin.oauthClient(id: "a/b") }
        XCTAssertEqual(oauthClient, .invalidArgument)
        let auditLog = await code { try await client.admin.auditLog() }
        XCTAssertEqual(auditLog, .network)

        let (fd, port) = try silentPort()
        defer { close(fd) }
        let silent = try GoTrueClient(url: "http://127.0.0.1:\(port)", apiKey: "service",
                                      options: #"{"max_retries":0,"timeout_ms":20000}"#)
        let task = Task { try await silent.admin.oauthClients() }
        try await Task.sleep(nanoseconds: 100_000_000)
        task.cancel()
        let cancelled = await code { try await task.value }
        XCTAssertEqual(cancelled, .cancelled)
    }

    private func XCTAssertThrowsErrorAsync<T>(_ expression: @autoclosure () async throws -> T,
                                              file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await expression()
            XCTFail("expected an error", file: file, line: line)
        } catch {}
    }
}
