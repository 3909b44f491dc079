//! Server information: public settings (GET /settings) and health (GET /health).

use super::client::Client;
use super::error::Result;
use super::http::Request;
use serde_json::Value;

impl Client {
    /// The server's public settings: enabled providers (`external`), `disable_signup`,
    /// `mailer_autoconfirm`, `phone_autoconfirm`, `sms_provider`, `saml_enabled`, ...
    pub fn get_settings(&self) -> Result<Value> {
        self.http.send_json(Request::get("/settings"))
    }

    /// The server's health answer: {"version", "name", "description"}.
    pub fn health(&self) -> Result<Value> {
        self.http.send_json(Request::get("/health"))
    }
}
