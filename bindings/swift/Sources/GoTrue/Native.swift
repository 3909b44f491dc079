import CGoTrue
import Foundation

// Small helpers that every wrapper uses to cross the C ABI: strings in (UTF-8, NUL-terminated,
// wiped and freed after the call), errors out (copied into GoTrueError, then freed), owned strings
// out (decoded, then freed with gotrue_string_free), sessions out (decoded, then freed).

/// Holds C copies of the call's string arguments; wipes and frees them when the call returns.
final class CArgs {
    private var owned: [UnsafeMutablePointer<CChar>] = []

    /// A C copy of `s`, or nil for nil. Strings with an embedded NUL are refused (C would truncate them).
    func c(_ s: String?) throws -> UnsafePointer<CChar>? {
        guard let s else { return nil }
        if s.utf8.contains(0) {
            throw GoTrueError(code: .invalidArgument, message: "string argument contains a NUL character")
        }
        guard let p = strdup(s) else { throw GoTrueError(code: .unknown, message: "out of memory") }
        owned.append(p)
        return UnsafePointer(p)
    }

    fileprivate func release() {
        for p in owned {
            memset(p, 0, strlen(p)) // arguments may be passwords or tokens
            free(p)
        }
        owned.removeAll()
    }
}

/// Runs one C call with its string arguments kept alive for the call's duration.
func withCArgs<R>(_ body: (CArgs) throws -> R) throws -> R {
    let args = CArgs()
    defer { args.release() }
    return try body(args)
}

/// Throws the native error (and frees it); returns when it is NULL (success).
func check(_ error: OpaquePointer?) throws {
    guard let error else { return }
    defer { gotrue_error_free(error) }
    throw GoTrueError(native: error)
}

/// Decodes an owned `char*` result and frees it; nil for NULL.
func take(_ s: UnsafeMutablePointer<CChar>?) -> String? {
    guard let s else { return nil }
    defer { gotrue_string_free(s) }
    return String(cString: s)
}

/// Decodes an owned JSON result and frees it.
func takeJSON<T: Decodable>(_ type: T.Type, _ s: UnsafeMutablePointer<CChar>?) throws -> T {
    guard let text = take(s) else {
        throw GoTrueError(code: .invalidResponse, message: "the library returned no JSON")
    }
    do {
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    } catch {
        throw GoTrueError(code: .invalidResponse, message: "could not decode \(T.self): \(error)")
    }
}

/// Like `takeJSON`, for optional results (NULL gives nil).
func takeOptionalJSON<T: Decodable>(_ type: T.Type, _ s: UnsafeMutablePointer<CChar>?) throws -> T? {
    guard s != nil else { return nil }
    return try takeJSON(type, s)
}

/// Serializes a session handle to a `Session` and frees the handle; nil for NULL.
func takeSession(_ session: OpaquePointer?) throws -> Session? {
    guard let session else { return nil }
    defer { gotrue_session_free(session) }
    var json: UnsafeMutablePointer<CChar>? = nil
    try check(gotrue_session_to_json(session, &json))
    return try takeJSON(Session.self, json)
}

/// Like `takeSession`, for calls that always produce a session on success.
func takeRequiredSession(_ session: OpaquePointer?) throws -> Session {
    guard let s = try takeSession(session) else {
        throw GoTrueError(code: .invalidResponse, message: "the library returned no session")
    }
    return s
}


/// Library facts and the load-time ABI check.
public enum GoTrueLibrary {
    /// The library version, e.g. "0.2.0".
    public static var version: String { String(cString: gotrue_version()) }
    /// The ABI version of the loaded library.
    public static var abiVersion: UInt32 { gotrue_abi_version() }
    /// The ABI version these bindings were generated for.
    public static let expectedAbiVersion: UInt32 = headerAbiVersion

    private static let compatibility: GoTrueError? = {
        let loaded = gotrue_abi_version()
        guard loaded == headerAbiVersion else {
            return GoTrueError(code: .unknown, message:
                "libgotrue ABI version \(loaded) does not match the bindings' ABI version \(headerAbiVersion)")
        }
        return nil
    }()

    /// Fails fast when the loaded library was built for another ABI. Checked once, before the first client.
    public static func ensureCompatible() throws {
        if let error = compatibility { throw error }
    }
}
