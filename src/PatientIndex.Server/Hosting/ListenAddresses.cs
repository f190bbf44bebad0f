using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// Where the server listens. By default the two named Kestrel endpoints of appsettings.json:
/// <c>Grpc</c> (HTTP/2 by prior knowledge) and <c>Web</c> (HTTP/1.1), each overridable with the
/// standard keys (<c>--Kestrel:Endpoints:Grpc:Url=...</c>). When <c>urls</c> is given
/// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) it takes over, serving HTTP/2 — without TLS one port
/// cannot serve both protocols, and gRPC is what this server is for.
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
}
