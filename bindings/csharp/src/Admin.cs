using System.Threading;
using System.Threading.Tasks;

namespace GoTrue
{
    /// <summary>
    /// User administration (<see cref="Client.Admin"/>). The client must be created with the
    /// service-role key: only on a server you control, never in an app.
    /// </summary>
    public sealed partial class AdminApi
    {
        private readonly Client client;
        internal AdminApi(Client client) { this.client = client; }

        /// <summary>Creates a user: {"email"|"phone", "password", "email_confirm":true, "user_metadata", ...}.</summary>
        public string CreateUser(string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_create_user(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle user));
            return user.Take();
        }

        public string GetUserById(string userId)
        {
            Errors.Check(Native.gotrue_admin_get_user_by_id(client.Handle, Utf8.Required(userId, nameof(userId)), out StringHandle user));
            return user.Take();
        }

        public string UpdateUserById(string userId, string attributesJson)
        {
            Errors.Check(Native.gotrue_admin_update_user_by_id(client.Handle, Utf8.Required(userId, nameof(userId)),
                Utf8.Required(attributesJson, nameof(attributesJson)), out StringHandle user));
            return user.Take();
        }

        public void DeleteUser(string userId, bool shouldSoftDelete = false)
            => Errors.Check(Native.gotrue_admin_delete_user(client.Handle, Utf8.Required(userId, nameof(userId)), shouldSoftDelete));

        /// <summary>One page of users: {"users":[...], "next_page", "last_page", "total"}. Options: {"page","per_page","filter"}.</summary>
        public string ListUsers(string optionsJson = null)
        {
            Errors.Check(Native.gotrue_admin_list_users(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle page));
            return page.Take();
        }

        public string InviteUserByEmail(string email, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_admin_invite_user_by_email(client.Handle, Utf8.Required(email, nameof(email)),
                Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle user));
            return user.Take();
        }

        /// <summary>Generates an email link without mail. <paramref name="linkType"/>: "signup", "invite",
        /// "magiclink", "recovery", "email_change_current", "email_change_new". The result holds secrets.</summary>
        public string GenerateLink(string linkType, string email, string password = null, string optionsJson = null)
        {
            Errors.Check(Native.gotrue_admin_generate_link(client.Handle, Utf8.Required(linkType, nameof(linkType)), Utf8.Required(email, nameof(email)),
                Utf8.Optional(password, nameof(password)), Utf8.Optional(optionsJson, nameof(optionsJson)), out StringHandle link));
            return link.Take();
        }

        /// <summary>Signs out the session an access token belongs to.</summary>
        public void SignOut(string jwt, SignOutScope scope = SignOutScope.Global)
            => Errors.Check(Native.gotrue_admin_sign_out(client.Handle, Utf8.Required(jwt, nameof(jwt)), (int)scope));

        public string ListFactors(string userId)
        {
            Errors.Check(Native.gotrue_admin_mfa_list_factors(client.Handle, Utf8.Required(userId, nameof(userId)), out StringHandle factors));
            return factors.Take();
        }

        public string DeleteFactor(string userId, string factorId)
        {
            Errors.Check(Native.gotrue_admin_mfa_delete_factor(client.Handle, Utf8.Required(userId, nameof(userId)),
                Utf8.Required(factorId, nameof(factorId)), out StringHandle factor));
            return factor.Take();
        }

        public Task<string> CreateUserAsync(string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_create_user_start(client.Handle, Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GetUserByIdAsync(string userId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_get_user_by_id_start(client.Handle, Utf8.Required(userId, nameof(userId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> UpdateUserByIdAsync(string userId, string attributesJson, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_update_user_by_id_start(client.Handle, Utf8.Required(userId, nameof(userId)), Utf8.Required(attributesJson, nameof(attributesJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task DeleteUserAsync(string userId, bool shouldSoftDelete = false, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_admin_delete_user_start(client.Handle, Utf8.Required(userId, nameof(userId)), shouldSoftDelete, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListUsersAsync(string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_list_users_start(client.Handle, Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> InviteUserByEmailAsync(string email, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_invite_user_by_email_start(client.Handle, Utf8.Required(email, nameof(email)), Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> GenerateLinkAsync(string linkType, string email, string password = null, string optionsJson = null, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_generate_link_start(client.Handle, Utf8.Required(linkType, nameof(linkType)), Utf8.Required(email, nameof(email)), Utf8.Optional(password, nameof(password)), Utf8.Optional(optionsJson, nameof(optionsJson)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task SignOutAsync(string jwt, SignOutScope scope = SignOutScope.Global, CancellationToken cancellationToken = default)
            => Requests.ForNothing(a => Native.gotrue_admin_sign_out_start(client.Handle, Utf8.Required(jwt, nameof(jwt)), (int)scope, a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> ListFactorsAsync(string userId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_mfa_list_factors_start(client.Handle, Utf8.Required(userId, nameof(userId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
        public Task<string> DeleteFactorAsync(string userId, string factorId, CancellationToken cancellationToken = default)
            => Requests.ForString(a => Native.gotrue_admin_mfa_delete_factor_start(client.Handle, Utf8.Required(userId, nameof(userId)), Utf8.Required(factorId, nameof(factorId)), a.Callback, a.UserData, a.Finalizer, out a.Request), cancellationToken);
    }
}
