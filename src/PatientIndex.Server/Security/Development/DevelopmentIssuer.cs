using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using System.Text;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PatientIndex.Server.Security.Development;

/// <summary>
/// A small OpenID Connect issuer (OpenIddict's server in degraded mode: no database, clients from
/// <see cref="IssuerSettings.Client"/>): discovery, JWKS, client credentials for integration systems
/// and a login page (authorization code + PKCE) where anyone names themselves and picks roles. It has
/// no passwords, so the server runs it only in Development; the tests run it as their OIDC provider.
/// </summary>
public static class DevelopmentIssuer
{
    public const string TokenPath = "/connect/token";
    public const string AuthorizePath = "/connect/authorize";
    public static readonly string[] LoginRoles = ["steward", "auditor", "admin"];

    public static IServiceCollection AddDevelopmentIssuer(this IServiceCollection services, IssuerSettings settings)
    {
        services.AddOpenIddict().AddServer(options =>
        {
            options.EnableDegradedMode();
            options.SetIssuer(settings.Issuer);
            options.SetTokenEndpointUris(TokenPath.TrimStart('/')).SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'));
            options.AllowClientCredentialsFlow().AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, AccessPolicy.ReadScope, AccessPolicy.WriteScope, AccessPolicy.UserReadScope, AccessPolicy.MetricsScope);
            if (settings.SigningKey is { } key) options.AddSigningKey(key);
            else options.AddEphemeralSigningKey();
            options.AddEphemeralEncryptionKey();
            // Resource servers read the access token: a signed JWT, not an encrypted one.
            options.DisableAccessTokenEncryption();
            options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(c => ValidateToken(c, settings)));
            options.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(b => b.UseInlineHandler(c => HandleToken(c, settings)));
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(c => ValidateAuthorization(c, settings)));
        });
        services.AddSingleton(settings);
        return services;
    }

    /// <summary>The login page; discovery, JWKS and the token endpoint are OpenIddict's own.</summary>
    public static IEndpointRouteBuilder MapDevelopmentIssuer(this IEndpointRouteBuilder app)
    {
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], Authorize).AllowAnonymous();
        return app;
    }

    private static ValueTask ValidateToken(OpenIddictServerEvents.ValidateTokenRequestContext context, IssuerSettings settings)
    {
        if (context.Request.IsClientCredentialsGrantType())
        {
            var client = settings.Client(context.ClientId ?? "");
            if (client is null || client.Secret != context.ClientSecret) context.Reject(Errors.InvalidClient, "unknown client, or the wrong secret");
        }
        else if (context.ClientId != settings.LoginClientId) context.Reject(Errors.InvalidClient, $"only {settings.LoginClientId} signs users in");
        return default;
    }

    private static ValueTask HandleToken(OpenIddictServerEvents.HandleTokenRequestContext context, IssuerSettings settings)
    {
        if (context.Request.IsAuthorizationCodeGrantType() && context.AuthorizationCodePrincipal is { } user)
        {
            context.SignIn(user);
            return default;
        }
        if (!context.Request.IsClientCredentialsGrantType()) return default;
        var client = settings.Client(context.Request.ClientId!)!;
        var requested = context.Request.GetScopes();
        if (requested.FirstOrDefault(s => !client.Scopes.Contains(s)) is { } refused)
        {
            context.Reject(Errors.InvalidScope, $"{client.Id} is not given the scope {refused}");
            return default;
        }
        var principal = Principal(client.Subject, client.Name, client.Roles, client.Sources);
        principal.SetScopes(requested.IsEmpty ? client.Scopes : requested);
        principal.SetResources(client.Audience ?? settings.Audience);
        context.SignIn(principal);
        return default;
    }

    private static ValueTask ValidateAuthorization(OpenIddictServerEvents.ValidateAuthorizationRequestContext context, IssuerSettings settings)
    {
        if (context.ClientId != settings.LoginClientId)
            context.Reject(Errors.InvalidClient, $"only {settings.LoginClientId} signs users in");
        else if (!Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var back) || !back.IsLoopback || back.AbsolutePath != SecurityRegistration.CallbackPath)
            context.Reject(Errors.InvalidRequest, $"a development sign-in returns only to a loopback {SecurityRegistration.CallbackPath}");
        return default;
    }

    private static async Task<IResult> Authorize(HttpContext http, IssuerSettings settings)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an authorization request");
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var name = form?["username"].ToString().Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 128 || name.Any(char.IsControl)) return LoginPage(request, form is null ? null : "name yourself");
        var roles = form!["role"].Where(r => LoginRoles.Contains(r)).Select(r => r!).ToList();
        var principal = Principal(name, name, roles, []);
        principal.SetScopes(request.GetScopes());
        principal.SetResources(settings.Audience);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsPrincipal Principal(string subject, string name, IEnumerable<string> roles, IEnumerable<string> sources)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name).SetClaim(Claims.PreferredUsername, name);
        identity.SetClaims(Claims.Role, [.. roles]);
        identity.SetClaims(Caller.SourceClaim, [.. sources]);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return new ClaimsPrincipal(identity);
    }

    private static IResult LoginPage(OpenIddictRequest request, string? error)
    {
        static string E(object? value) => WebUtility.HtmlEncode(value?.ToString() ?? "");
        var hidden = new StringBuilder();
        foreach (var (key, value) in request.GetParameters())
            if (key is not ("username" or "role")) hidden.Append($"<input type=\"hidden\" name=\"{E(key)}\" value=\"{E(value)}\">");
        var roles = string.Concat(LoginRoles.Select(r =>
            $"<label><input type=\"checkbox\" name=\"role\" value=\"{E(r)}\" id=\"role-{E(r)}\"{(r == "steward" ? " checked" : "")}> {E(r)}</label> "));
        return Results.Content($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development sign-in · PatientIndex</title></head>
            <body style="font:15px system-ui,sans-serif;max-width:560px;margin:40px auto">
            <h1>Development sign-in</h1>
            <p>This issuer runs only in Development and checks no password: whoever you name is who the token says.</p>
            {(error is null ? "" : $"<p id=\"error\" style=\"color:#d5281b\">{E(error)}</p>")}
            <form method="post" action="{AuthorizePath}">{hidden}
            <p><label>Your name <input type="text" id="username" name="username" autofocus required maxlength="128"></label></p>
            <p>Roles: {roles}</p>
            <button id="signin">Sign in</button></form></body></html>
            """, "text/html; charset=utf-8");
    }
}
