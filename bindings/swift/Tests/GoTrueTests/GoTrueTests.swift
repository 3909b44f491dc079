// Written for `swift test -Xlinker -L../../target/release` (not run on the build machine: no Swift
// toolchain). Real-server tests run only when GOTRUE_TEST_URL is set; they skip otherwise.
import Foundation
import XCTest
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
}
