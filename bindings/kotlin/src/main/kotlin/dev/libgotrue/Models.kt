package dev.libgotrue

import com.sun.jna.Pointer
import com.sun.jna.ptr.PointerByReference
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.longOrNull

/**
 * A session snapshot, copied out of a native GoTrueSession. `toString()` never shows the tokens.
 *
 * @property expiresAt expiry in Unix seconds.
 * @property expiresIn the lifetime the server granted, in seconds.
 */
class Session internal constructor(
    val accessToken: String,
    val refreshToken: String,
    val tokenType: String,
    val expiresAt: Long,
    val expiresIn: Long,
    val user: User,
    secondsLeftAtCopy: Long,
) {
    private val copiedAtNanos = System.nanoTime()
    private val secondsLeftAtCopy = secondsLeftAtCopy

    /** Seconds left before expiry on this machine's monotonic clock (negative once expired). */
    fun secondsLeft(): Long = secondsLeftAtCopy - (System.nanoTime() - copiedAtNanos) / 1_000_000_000L

    /** The session as JSON (gotrue_session_to_json), tokens included: store it like a password. */
    fun toJson(): String = withNative { p ->
        val out = PointerByReference()
        checkError(GoTrueNative.gotrue_session_to_json(p, out))
        out.takeString()!!
    }

    private fun <T> withNative(block: (Pointer) -> T): T {
        val json = buildMap<String, JsonElement> {
            put("access_token", JsonPrimitive(accessToken))
            put("refresh_token", JsonPrimitive(refreshToken))
            put("token_type", JsonPrimitive(tokenType))
            put("expires_in", JsonPrimitive(expiresIn))
            put("expires_at", JsonPrimitive(expiresAt))
            put("user", user.json)
        }
        val p = parseNative(JsonObject(json).toString())
        try {
            return block(p)
        } finally {
            GoTrueNative.gotrue_session_free(p)
        }
    }

    override fun equals(other: Any?): Boolean =
        other is Session && other.accessToken == accessToken && other.refreshToken == refreshToken

    override fun hashCode(): Int = accessToken.hashCode() * 31 + refreshToken.hashCode()

    override fun toString(): String = "Session(user=${user.id}, expiresAt=$expiresAt)"

    companion object {
        /**
         * Parses a session from JSON as made by [toJson] or a GoTrue token answer (gotrue_session_from_json).
         * It does not become any client's session: pass its tokens to [GoTrueClient.setSession] for that.
         */
        @JvmStatic
        fun fromJson(json: String): Session {
            val p = parseNative(json)
            try {
                return copyOf(p)!!
            } finally {
                GoTrueNative.gotrue_session_free(p)
            }
        }

        private fun parseNative(json: String): Pointer = CArgs().use { a ->
            val out = PointerByReference()
            checkError(GoTrueNative.gotrue_session_from_json(a.s(json), out))
            out.value
        }

        /** Copies a borrowed native session (NULL gives null). */
        internal fun copyOf(p: Pointer?): Session? {
            if (p == null) return null
            return Session(
                accessToken = GoTrueNative.gotrue_session_access_token(p).utf8()!!,
                refreshToken = GoTrueNative.gotrue_session_refresh_token(p).utf8()!!,
                tokenType = GoTrueNative.gotrue_session_token_type(p).utf8() ?: "bearer",
                expiresAt = GoTrueNative.gotrue_session_expires_at(p),
                expiresIn = GoTrueNative.gotrue_session_expires_in(p),
                user = User.fromJson(GoTrueNative.gotrue_session_user_json(p).utf8()!!),
                secondsLeftAtCopy = GoTrueNative.gotrue_session_seconds_left(p),
            )
        }

        /** Copies and frees the owned session an out-parameter received. */
        internal fun take(out: PointerByReference): Session? {
            val p = out.value ?: return null
            try {
                return copyOf(p)
            } finally {
                GoTrueNative.gotrue_session_free(p)
            }
        }
    }
}

/** A user. Metadata stays JSON; [json] is everything the server sent. */
data class User(
    val id: String,
    val aud: String?,
    val role: String?,
    val email: String?,
    val phone: String?,
    val emailConfirmedAt: String?,
    val phoneConfirmedAt: String?,
    val lastSignInAt: String?,
    val createdAt: String?,
    val updatedAt: String?,
    val isAnonymous: Boolean,
    val appMetadata: JsonObject,
    val userMetadata: JsonObject,
    val identities: List<Identity>,
    val factors: List<Factor>,
    val json: JsonObject,
) {
    companion object {
        @JvmStatic
        fun fromJson(json: String): User = fromJson(Json.parseToJsonElement(json).jsonObject)

        @JvmStatic
        fun fromJson(o: JsonObject): User = User(
            id = o.str("id") ?: "",
            aud = o.str("aud"),
            role = o.str("role"),
            email = o.str("email")?.takeIf { it.isNotEmpty() },
            phone = o.str("phone")?.takeIf { it.isNotEmpty() },
            emailConfirmedAt = o.str("email_confirmed_at"),
            phoneConfirmedAt = o.str("phone_confirmed_at"),
            lastSignInAt = o.str("last_sign_in_at"),
            createdAt = o.str("created_at"),
            updatedAt = o.str("updated_at"),
            isAnonymous = (o["is_anonymous"] as? JsonPrimitive)?.booleanOrNull ?: false,
            appMetadata = o.obj("app_metadata"),
            userMetadata = o.obj("user_metadata"),
            identities = o.list("identities").map { Identity.fromJson(it.jsonObject) },
            factors = o.list("factors").map { Factor.fromJson(it.jsonObject) },
            json = o,
        )
    }
}

/** A linked sign-in method of a user. */
data class Identity(
    val identityId: String?,
    val id: String?,
    val userId: String?,
    val provider: String,
    val email: String?,
    val identityData: JsonObject,
    val createdAt: String?,
    val lastSignInAt: String?,
    val updatedAt: String?,
) {
    companion object {
        @JvmStatic
        fun fromJson(o: JsonObject): Identity = Identity(
            identityId = o.str("identity_id"),
            id = o.str("id"),
            userId = o.str("user_id"),
            provider = o.str("provider") ?: "",
            email = o.str("email"),
            identityData = o.obj("identity_data"),
            createdAt = o.str("created_at"),
            lastSignInAt = o.str("last_sign_in_at"),
            updatedAt = o.str("updated_at"),
        )
    }
}

/** An MFA factor. [factorType] is "totp", "phone" or "webauthn"; [status] "verified" or "unverified". */
data class Factor(
    val id: String,
    val friendlyName: String?,
    val factorType: String,
    val status: String,
    val phone: String?,
    val createdAt: String?,
    val updatedAt: String?,
) {
    val isVerified: Boolean get() = status == "verified"

    companion object {
        @JvmStatic
        fun fromJson(o: JsonObject): Factor = Factor(
            id = o.str("id") ?: "",
            friendlyName = o.str("friendly_name")?.takeIf { it.isNotEmpty() },
            factorType = o.str("factor_type") ?: o.str("type") ?: "",
            status = o.str("status") ?: "",
            phone = o.str("phone")?.takeIf { it.isNotEmpty() },
            createdAt = o.str("created_at"),
            updatedAt = o.str("updated_at"),
        )
    }
}

/** The signed-in user's factors (gotrue_client_mfa_list_factors): all, and the verified ones per type. */
data class FactorList(val all: List<Factor>, val totp: List<Factor>, val phone: List<Factor>, val webauthn: List<Factor> = emptyList()) {
    companion object {
        /** {"all", "totp", "phone", "webauthn"}: the one mapping, for the blocking and the suspend form. */
        @JvmStatic
        fun fromJson(o: JsonObject): FactorList {
            fun factors(key: String) = o.list(key).map { Factor.fromJson(it.jsonObject) }
            return FactorList(factors("all"), factors("totp"), factors("phone"), factors("webauthn"))
        }
    }
}

/** What sign-up returned: a session when the server signed the user in at once (autoconfirm). */
data class SignUpResult(val session: Session?, val user: User?)

/** What verify_otp returned: either may be null (e.g. the first half of a secure email change). */
data class VerifyOtpResult(val session: Session?, val user: User?)

/** One page of admin users. [nextPage] is null on the last page. */
data class UserPage(val users: List<User>, val nextPage: Long?, val lastPage: Long, val total: Long)

/** An auth state change: what happened and the session after it (null when there is none). */
data class AuthEvent(val event: AuthChangeEvent, val session: Session?)

/** The client's session state, shaped like supabase-kt's `SessionStatus`. */
sealed interface SessionStatus {
    /** Nothing known yet: call [GoTrueClient.initialize] to load a stored session. */
    data object Initializing : SessionStatus

    data class Authenticated(val session: Session, val event: AuthChangeEvent) : SessionStatus

    /** Signed out ([isSignOut]: by a sign-out or a definitive refresh rejection) or never signed in. */
    data class NotAuthenticated(val isSignOut: Boolean) : SessionStatus

    /**
     * The library's last refresh of the session failed for a transient reason (network, timeout, 5xx,
     * 429; event REFRESH_FAILED, status REFRESH_FAILING) and [cause] says why. The library keeps the
     * session and goes on refreshing: [GoTrueClient.currentSessionOrNull] still returns it.
     */
    data class RefreshFailure(val cause: GoTrueException) : SessionStatus
}

internal fun JsonObject.str(key: String): String? = (this[key] as? JsonPrimitive)?.takeIf { it.isString }?.content

internal fun JsonObject.obj(key: String): JsonObject = this[key] as? JsonObject ?: JsonObject(emptyMap())

internal fun JsonObject.list(key: String): JsonArray = this[key] as? JsonArray ?: JsonArray(emptyList())

internal fun JsonObject.long(key: String): Long? =
    (this[key] as? JsonPrimitive)?.takeIf { it !is JsonNull }?.longOrNull
