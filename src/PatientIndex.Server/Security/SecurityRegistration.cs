using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace PatientIndex.Server.Security;

/// <summary>
/// Authentication and authorisation: bearer JWTs from the configured issuer for gRPC and FHIR; for the
/// steward page, OIDC sign-in (authorization code + PKCE) kept in a data-protected cookie; one policy
/// per <see cref="AccessPolicy.Rules"/> entry, and a valid token for anything the table does not name.
/// </summary>
internal static class SecurityRegistration
{
    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;
    public const string StewardCookie = "StewardCookie";
    public const string StewardSignIn = "StewardSignIn";
    public const string StewardPage = "StewardPage";
    public const string CallbackPath = "/steward/signin-oidc";

    public static IServiceCollection AddPatientIndexSecurity(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddAuthentication(Bearer).AddJwtBearer().AddCookie(StewardCookie).AddOpenIdConnect(StewardSignIn, _ => { });
        services.AddOptions<JwtBearerOptions>(Bearer).Configure<IOptions<AuthOptions>, TimeProvider>((o, auth, clock) => ConfigureBearer(o, auth.Value, clock));
        services.AddOptions<CookieAuthenticationOptions>(StewardCookie).Configure(ConfigureCookie);
        services.AddOptions<OpenIdConnectOptions>(StewardSignIn).Configure<IOptions<AuthOptions>>((o, auth) => ConfigureSignIn(o, auth.Value));
        services.AddAuthorization(options =>
        {
            foreach (var rule in AccessPolicy.Rules) options.AddPolicy(rule.Name, Policy(rule, Bearer));
            options.AddPolicy(StewardPage, Policy(AccessPolicy.Rule(AccessPolicy.Steward), StewardCookie));
            options.FallbackPolicy = new AuthorizationPolicyBuilder(Bearer).RequireAuthenticatedUser().Build();
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessRefusals>();
        return services;
    }

    private static AuthorizationPolicy Policy(AccessRule rule, string scheme) => new AuthorizationPolicyBuilder(scheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(context => rule.Admits(new Caller(context.User)))
        .Build();

    private static void ConfigureBearer(JwtBearerOptions options, AuthOptions auth, TimeProvider clock)
    {
        options.Authority = auth.Authority;
        options.Audience = auth.Audience;
        options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        options.RefreshInterval = auth.KeyRefreshInterval;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
        for (var i = 0; i < options.TokenHandlers.Count; i++)
            options.TokenHandlers[i] = new RememberedTokens(options.TokenHandlers[i], auth.RememberAcceptedTokens, clock);
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "patientindex-steward";
        options.Cookie.Path = "/steward";
        options.Cookie.HttpOnly = true;
        // Lax, not Strict: the browser comes back from the issuer's login page with the code.
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.ForwardChallenge = StewardSignIn;
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("403: the steward page is for users with the role 'steward'.");
        };
    }

    private static void ConfigureSignIn(OpenIdConnectOptions options, AuthOptions auth)
    {
        options.Authority = auth.Authority;
        options.ClientId = auth.StewardClientId;
        options.ClientSecret = auth.StewardClientSecret;
        options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        options.RefreshInterval = auth.KeyRefreshInterval;
        options.SignInScheme = StewardCookie;
        options.CallbackPath = CallbackPath;
        options.ResponseType = "code";
        options.UsePkce = true;
        // The code comes back in the query of a top-level redirect, so Lax cookies carry the correlation.
        options.ResponseMode = "query";
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
        options.CorrelationCookie.SameSite = options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }
}
