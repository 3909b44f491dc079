//! The admin API. Every call authenticates with the client's API key, so these work
//! only on a client created with the project's service-role key (never ship that key
//! in an app). With any other key the server answers 403 `not_admin`.

use super::client::Client;
use super::error::{Error, Result};
use super::http::{Request, path_segment};
use super::params::options;
use super::session::SignOutScope;
use super::types::{Json, User, parse_user};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

options! {
    /// Options for list_users (all optional).
    pub struct ListUsersOptions {
        /// 1-based page number (server default 1).
        pub page: Option<u64>,
        /// Users per page (server default 50).
        pub per_page: Option<u64>,
        /// Substring filter on email/phone (server side).
        pub filter: Option<String>,
    }
    shared: []
}

/// One page of users with the pagination the server put in its headers.
#[derive(Clone, Debug, Serialize)]
pub struct UserPage {
    pub users: Vec<User>,
    pub aud: Option<String>,
    /// The next page number, None on the last page.
    pub next_page: Option<u64>,
    /// The number of the last page (0 when there are no users).
    pub last_page: u64,
    /// All users in the audience (`X-Total-Count`).
    pub total: u64,
}

/// Options for list_audit_log (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditLogOptions {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// A server-side filter: "author:<email or name>", "action:<action>" or "type:<log type>".
    pub query: Option<String>,
}

/// One page of the audit log.
#[derive(Clone, Debug, Serialize)]
pub struct AuditLogPage {
    /// {id, payload:{action, actor_id, actor_username, log_type, traits}, created_at, ip_address}, verbatim.
    pub entries: Vec<Value>,
    pub next_page: Option<u64>,
    pub last_page: u64,
    pub total: u64,
}

/// (next page, last page, total) from `Link` and `X-Total-Count`.
fn page_headers(response: &super::http::Response) -> (Option<u64>, u64, u64) {
    let total = response.header("x-total-count").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let (next_page, last_page) = response
        .headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(parse_link_header)
        .fold((None, None), |(n, l), (n2, l2)| (n.or(n2), l.or(l2)));
    (next_page, last_page.unwrap_or(0), total)
}

options! {
    /// Options for invite_user_by_email. redirect_to: where the invite link leads.
    pub struct InviteOptions {
        /// User metadata for the invited user.
        pub data: Option<Json>,
    }
    shared: [redirect_to]
}

options! {
    /// Options for generate_link. redirect_to: where the link leads.
    pub struct GenerateLinkOptions {
        /// User metadata (signup, invite).
        pub data: Option<Json>,
        /// The new address, for email_change_current / email_change_new.
        pub new_email: Option<String>,
    }
    shared: [redirect_to]
}

/// The link types the server can generate.
pub const LINK_TYPES: [&str; 6] = ["signup", "invite", "magiclink", "recovery", "email_change_current", "email_change_new"];

/// What the server generated: the link and its OTP, plus the user it belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct GeneratedLink {
    pub properties: Json,
    pub user: User,
}

const LINK_PROPERTIES: [&str; 5] = ["action_link", "email_otp", "hashed_token", "redirect_to", "verification_type"];

impl GeneratedLink {
    /// The server answers with one flat object (user fields and link fields together):
    /// split it into the link's properties and the user.
    pub fn from_response(value: Value) -> Result<GeneratedLink> {
        let Value::Object(mut all) = value else {
            return Err(Error::invalid_response("generate_link answer is not an object"));
        };
        let mut properties = Json::new();
        for key in LINK_PROPERTIES {
            if let Some(v) = all.remove(key) {
                properties.insert(key.into(), v);
            }
        }
        if !properties.contains_key("action_link") {
            return Err(Error::invalid_response("generate_link answer has no action_link"));
        }
        Ok(GeneratedLink { properties, user: parse_user(Value::Object(all))? })
    }
}

/// The page numbers in a `Link` header: (next, last). The server writes
/// `</admin/users?page=13&per_page=50>; rel="next", </admin/users?page=40&per_page=50>; rel="last"`
/// (the URL may be absolute behind a gateway). Numbers are read whole, from the `page`
/// parameter only (not `per_page`).
pub fn parse_link_header(header: &str) -> (Option<u64>, Option<u64>) {
    let (mut next, mut last) = (None, None);
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|i| open + i) else { break };
        let url = &rest[open + 1..close];
        let params_end = rest[close..].find('<').map_or(rest.len(), |i| close + i);
        let params = &rest[close + 1..params_end];
        let rel = params.split(';').find_map(|p| {
            let (key, value) = p.split_once('=')?;
            key.trim().eq_ignore_ascii_case("rel").then(|| value.trim().trim_end_matches(',').trim().trim_matches('"').to_owned())
        });
        let page = query_param(url, "page").and_then(|v| v.parse::<u64>().ok());
        for rel in rel.iter().flat_map(|r| r.split_whitespace()) {
            match rel {
                "next" => next = next.or(page),
                "last" => last = last.or(page),
                _ => {}
            }
        }
        rest = &rest[params_end..];
    }
    (next, last)
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

impl Client {
    /// POST /admin/users. `attributes`: email and/or phone, password, email_confirm,
    /// phone_confirm, user_metadata, app_metadata, role, ban_duration, ...
    pub fn admin_create_user(&self, attributes: Json) -> Result<User> {
        if attributes.is_empty() {
            return Err(Error::invalid_argument("attributes must not be empty"));
        }
        parse_user(self.http.send_json(Request::post("/admin/users").body(Value::Object(attributes)))?)
    }

    /// GET /admin/users/{id}.
    pub fn admin_get_user_by_id(&self, user_id: &str) -> Result<User> {
        let path = format!("/admin/users/{}", path_segment("user_id", user_id)?);
        parse_user(self.http.send_json(Request::get(&path))?)
    }

    /// PUT /admin/users/{id} with the same attributes as create.
    pub fn admin_update_user_by_id(&self, user_id: &str, attributes: Json) -> Result<User> {
        let path = format!("/admin/users/{}", path_segment("user_id", user_id)?);
        if attributes.is_empty() {
            return Err(Error::invalid_argument("attributes must not be empty"));
        }
        parse_user(self.http.send_json(Request::put(&path).body(Value::Object(attributes)))?)
    }

    /// DELETE /admin/users/{id}. A soft delete keeps the row (anonymised) and removes
    /// factors and sessions; a hard delete removes the user.
    pub fn admin_delete_user(&self, user_id: &str, should_soft_delete: bool) -> Result<()> {
        let path = format!("/admin/users/{}", path_segment("user_id", user_id)?);
        self.http.send(Request::delete(&path).body(json!({ "should_soft_delete": should_soft_delete })))?;
        Ok(())
    }

    /// GET /admin/users?page=&per_page= with pagination from `X-Total-Count` and `Link`.
    pub fn admin_list_users(&self, options: &ListUsersOptions) -> Result<UserPage> {
        if options.page == Some(0) || options.per_page == Some(0) {
            return Err(Error::invalid_argument("page and per_page start at 1"));
        }
        let response = self.http.send(
            Request::get("/admin/users")
                .query_opt("page", options.page.map(|p| p.to_string()))
                .query_opt("per_page", options.per_page.map(|p| p.to_string()))
                .query_opt("filter", options.filter.clone()),
        )?;
        let value = response.json()?;
        let users = match value.get("users") {
            Some(Value::Array(list)) => list.iter().cloned().map(parse_user).collect::<Result<Vec<_>>>()?,
            // Never turn a malformed answer into an empty list.
            _ => return Err(Error::invalid_response("list users answer has no users array")),
        };
        let aud = value.get("aud").and_then(Value::as_str).map(str::to_owned);
        let (next_page, last_page, total) = page_headers(&response);
        Ok(UserPage { users, aud, next_page, last_page, total })
    }

    /// GET /admin/audit?page=&per_page=&query=: one page of audit log entries, newest
    /// first, with the pagination the server put in its headers.
    pub fn admin_list_audit_log(&self, options: &AuditLogOptions) -> Result<AuditLogPage> {
        if options.page == Some(0) || options.per_page == Some(0) {
            return Err(Error::invalid_argument("page and per_page start at 1"));
        }
        if let Some(query) = &options.query {
            let scope = query.split_once(':').map(|(scope, _)| scope);
            if !matches!(scope, Some("author" | "action" | "type")) {
                return Err(Error::invalid_argument("query must be \"author:...\", \"action:...\" or \"type:...\""));
            }
        }
        let response = self.http.send(
            Request::get("/admin/audit")
                .query_opt("page", options.page.map(|p| p.to_string()))
                .query_opt("per_page", options.per_page.map(|p| p.to_string()))
                .query_opt("query", options.query.clone()),
        )?;
        let entries = match response.json()? {
            Value::Array(list) => list,
            Value::Null => Vec::new(),
            _ => return Err(Error::invalid_response("audit log answer is not an array")),
        };
        let (next_page, last_page, total) = page_headers(&response);
        Ok(AuditLogPage { entries, next_page, last_page, total })
    }

    /// PUT /admin/users/{id}/factors/{factor_id}: changes a factor's friendly_name (any
    /// factor) or phone (phone factors). Answers with the updated factor.
    pub fn admin_update_factor(&self, user_id: &str, factor_id: &str, attributes: Json) -> Result<Value> {
        let path = format!("/admin/users/{}/factors/{}", path_segment("user_id", user_id)?, path_segment("factor_id", factor_id)?);
        if attributes.is_empty() {
            return Err(Error::invalid_argument("attributes must not be empty"));
        }
        self.http.send_json(Request::put(&path).body(Value::Object(attributes)))
    }

    /// POST /invite: creates the user and mails an invite link.
    pub fn admin_invite_user_by_email(&self, email: &str, options: &InviteOptions) -> Result<User> {
        if email.is_empty() {
            return Err(Error::invalid_argument("email must not be empty"));
        }
        let body = json!({ "email": email, "data": Value::Object(options.data.clone().unwrap_or_default()) });
        parse_user(self.http.send_json(Request::post("/invite").query_opt("redirect_to", options.redirect_to.clone()).body(body))?)
    }

    /// POST /admin/generate_link: the link (and OTP) the server would mail, without mailing.
    pub fn admin_generate_link(
        &self,
        link_type: &str,
        email: &str,
        password: Option<&str>,
        options: &GenerateLinkOptions,
    ) -> Result<GeneratedLink> {
        if !LINK_TYPES.contains(&link_type) {
            return Err(Error::invalid_argument(format!("link type must be one of {}", LINK_TYPES.join(", "))));
        }
        if email.is_empty() {
            return Err(Error::invalid_argument("email must not be empty"));
        }
        if link_type.starts_with("email_change") && options.new_email.as_deref().is_none_or(str::is_empty) {
            return Err(Error::invalid_argument("email_change links need new_email"));
        }
        let mut body = Json::new();
        body.insert("type".into(), link_type.into());
        body.insert("email".into(), email.into());
        if let Some(password) = password.filter(|p| !p.is_empty()) {
            body.insert("password".into(), password.into());
        }
        if let Some(data) = &options.data {
            body.insert("data".into(), Value::Object(data.clone()));
        }
        if let Some(new_email) = &options.new_email {
            body.insert("new_email".into(), new_email.clone().into());
        }
        if let Some(redirect_to) = &options.redirect_to {
            body.insert("redirect_to".into(), redirect_to.clone().into());
        }
        let value = self.http.send_json(
            Request::post("/admin/generate_link").query_opt("redirect_to", options.redirect_to.clone()).body(Value::Object(body)),
        )?;
        GeneratedLink::from_response(value)
    }

    /// POST /logout?scope= with a user's access token: ends that user's session(s).
    /// The client's own session is not touched.
    pub fn admin_sign_out(&self, jwt: &str, scope: SignOutScope) -> Result<()> {
        if jwt.is_empty() {
            return Err(Error::invalid_argument("jwt must not be empty"));
        }
        self.http.send(Request::post("/logout").query("scope", scope.as_str()).jwt(jwt))?;
        Ok(())
    }

    /// GET /admin/users/{id}/factors: every factor of the user, verified or not.
    pub fn admin_list_factors(&self, user_id: &str) -> Result<Vec<Value>> {
        let path = format!("/admin/users/{}/factors", path_segment("user_id", user_id)?);
        match self.http.send_json(Request::get(&path))? {
            Value::Array(list) => Ok(list),
            Value::Null => Ok(Vec::new()),
            _ => Err(Error::invalid_response("list factors answer is not an array")),
        }
    }

    /// DELETE /admin/users/{id}/factors/{factor_id}; answers with the deleted factor.
    pub fn admin_delete_factor(&self, user_id: &str, factor_id: &str) -> Result<Value> {
        let path = format!("/admin/users/{}/factors/{}", path_segment("user_id", user_id)?, path_segment("factor_id", factor_id)?);
        self.http.send_json(Request::delete(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_past_page_nine() {
        // Page 12 of 2,000 users at 50 per page: 40 pages. A client reading one character
        // after "page=" would see next=1 and last=4.
        let header = r#"</admin/users?page=13&per_page=50>; rel="next", </admin/users?page=40&per_page=50>; rel="last""#;
        assert_eq!(parse_link_header(header), (Some(13), Some(40)));
    }

    #[test]
    fn link_header_with_absolute_urls_and_other_params() {
        let header = "<https://abc.supabase.co/auth/v1/admin/users?filter=x%2Cy&page=100&per_page=7>; rel=\"next\", \
                      <https://abc.supabase.co/auth/v1/admin/users?filter=x%2Cy&page=1234&per_page=7>; rel=\"last\"";
        assert_eq!(parse_link_header(header), (Some(100), Some(1234)));
        // per_page must not be mistaken for page, whatever the order.
        let header = r#"</admin/users?per_page=50&page=3>; rel="last""#;
        assert_eq!(parse_link_header(header), (None, Some(3)));
    }

    #[test]
    fn link_header_last_page_has_no_next() {
        assert_eq!(parse_link_header(r#"</admin/users?page=40&per_page=50>; rel="last""#), (None, Some(40)));
        assert_eq!(parse_link_header(r#"</admin/users?page=0&per_page=50>; rel="last""#), (None, Some(0)));
        assert_eq!(parse_link_header(""), (None, None));
        assert_eq!(parse_link_header("garbage"), (None, None));
        assert_eq!(parse_link_header("</x?page=abc>; rel=\"next\""), (None, None));
    }

    #[test]
    fn generated_link_is_split_into_properties_and_user() {
        let v = json!({"id":"u1","email":"a@example.com","aud":"authenticated","action_link":"http://x/verify?token=t",
            "email_otp":"123456","hashed_token":"h","redirect_to":"http://app","verification_type":"magiclink"});
        let link = GeneratedLink::from_response(v).unwrap();
        assert_eq!(link.properties["email_otp"], "123456");
        assert_eq!(link.properties.len(), 5);
        assert_eq!(link.user.id, "u1");
        assert!(!link.user.extra.contains_key("action_link"));
        assert!(GeneratedLink::from_response(json!({"id":"u1"})).is_err());
    }
}
