using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// Where the server listens. By default the two named Kestrel endpoints of appsettings.json:
/// <c>Grpc</c> (HTTP/2 by prior knowledge) and <c>Web</c> (HTTP/1.1), each overridable with the
/// standard keys (<c>--Kestrel:Endpoints:Grpc:Url=...</c>). When <c>urls</c> is given
/// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) it takes over, serving HTTP/2 — without TLS one port
/// cannot serve both protocols, and gRPC is what this server is for. An HTTPS endpoint (a certificate
/// configured) serves both on one port, chosen per connection by ALPN.
/// </summary>
internal static class ListenAddresses
{
    public static void Configure(WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"])) return;
        var protocols = builder.Configuration["Kestrel:EndpointDefaults:Protocols"];
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Replaces the loader built from the Kestrel section, so its named endpoints are not bound.
            kestrel.Configure(new ConfigurationBuilder().Build());
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols =
                Enum.TryParse<HttpProtocols>(protocols, ignoreCase: true, out var configured) ? configured : HttpProtocols.Http2);
        });
    }

    /// <summary>Once listening, says which endpoints are plaintext: on loopback they are for development; elsewhere, unencrypted.</summary>
    public static void ReportPlaintext(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var plaintext = addresses.Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
        var loopback = plaintext.Where(IsLoopback).ToList();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ListenAddresses).FullName!);
        if (loopback.Count > 0)
            log.LogInformation("plaintext loopback endpoints: for local development only ({Addresses})", string.Join(", ", loopback));
        if (plaintext.Count > loopback.Count)
            log.LogWarning("plaintext endpoints on other addresses: their traffic is not encrypted ({Addresses}); serve HTTPS with a certificate (README: TLS and limits)",
                string.Join(", ", plaintext.Except(loopback)));
    });

    private static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) return false;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
