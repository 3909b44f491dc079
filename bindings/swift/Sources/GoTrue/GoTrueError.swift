import CGoTrue
import Foundation

/// An error from libgotrue. Match on `code` (stable numbers; one per server error code);
/// `serverCode` keeps the server's string verbatim for codes newer than this package.
public struct GoTrueError: Error, CustomStringConvertible, Sendable {
    /// The stable code; `.unknownServerCode` for server codes this version does not know, and
    /// `.unknown` for a number newer than this package (see `rawCode`).
    public let code: Code
    /// The code number as the library reported it.
    public let rawCode: Int32
    /// A human-readable message (never contains tokens or passwords).
    public let message: String
    /// The server's `error_code` string verbatim, or nil when the server sent none.
    public let serverCode: String?
    /// The HTTP status of the server's answer; 0 when the error did not come from the server.
    public let httpStatus: Int
    /// For `.weakPassword`: the reasons ("length", "characters", "pwned"); empty otherwise.
    public let weakPasswordReasons: [String]
    /// Seconds the server asked to wait (Retry-After), or nil.
    public let retryAfter: Int64?
    /// True when the failure is transient (network, timeout, HTTP 5xx, 429), so the same call
    /// may succeed later (`gotrue_error_is_retryable`). The library already retried idempotent
    /// requests; a sign-up or sign-in may have reached the server.
    public let isRetryable: Bool

    public init(code: Code, message: String, serverCode: String? = nil, httpStatus: Int = 0,
                weakPasswordReasons: [String] = [], retryAfter: Int64? = nil, isRetryable: Bool = false) {
        self.code = code
        self.rawCode = code.rawValue
        self.message = message
        self.serverCode = serverCode
        self.httpStatus = httpStatus
        self.weakPasswordReasons = weakPasswordReasons
        self.retryAfter = retryAfter
        self.isRetryable = isRetryable
    }

    /// Copies everything out of a native error (the caller frees it).
    init(native error: OpaquePointer) {
        rawCode = Int32(truncatingIfNeeded: gotrue_error_code(error).rawValue)
        code = Code(rawValue: rawCode) ?? .unknown
        message = String(cString: gotrue_error_message(error))
        serverCode = gotrue_error_server_code(error).map { String(cString: $0) }
        httpStatus = Int(gotrue_error_http_status(error))
        let retry = gotrue_error_retry_after(error)
        retryAfter = retry >= 0 ? retry : nil
        isRetryable = gotrue_error_is_retryable(error)
        weakPasswordReasons = (0..<gotrue_error_weak_password_reason_count(error)).compactMap {
            gotrue_error_weak_password_reason(error, $0).map { String(cString: $0) }
        }
    }

    /// The library's stable name for the code ("invalid_credentials", "Network").
    public var codeName: String? {
        gotrue_error_code_name(rawCode).map { String(cString: $0) }
    }

    public var description: String {
        var s = "GoTrueError(\(codeName ?? String(rawCode))): \(message)"
        if let serverCode { s += " [server code \(serverCode)]" }
        if httpStatus != 0 { s += " [HTTP \(httpStatus)]" }
        return s
    }
}
