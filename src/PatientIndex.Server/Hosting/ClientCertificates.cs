using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// Client certificates (mTLS, for integration engines) checked against the authorities of
/// <c>Tls:ClientCertificateAuthorities</c> only, on every HTTPS endpoint that asks for one.
/// </summary>
internal static class ClientCertificates
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static void Configure(WebApplicationBuilder builder)
    {
        var tls = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        if (string.IsNullOrWhiteSpace(tls.ClientCertificateAuthorities)) return;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var authorities = Load(tls.ClientCertificateAuthorities);
            var log = new Lazy<ILogger>(() => kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientCertificates).FullName!));
            kestrel.ConfigureHttpsDefaults(https => https.ClientCertificateValidation = (certificate, presented, _) =>
                Trusted(certificate, presented, authorities, tls.CheckClientCertificateRevocation, log.Value));
        });
    }

    private static X509Certificate2Collection Load(string path)
    {
        var authorities = new X509Certificate2Collection();
        try { authorities.ImportFromPemFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"Tls:ClientCertificateAuthorities: {path} cannot be read as PEM certificates: {e.Message}", e);
        }
        if (authorities.Count == 0) throw new InvalidOperationException($"Tls:ClientCertificateAuthorities: {path} holds no PEM certificate");
        return authorities;
    }

    /// <summary>The chain from the certificate to one of the configured authorities, the certificate fit for client authentication.</summary>
    private static bool Trusted(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection authorities, bool checkRevocation, ILogger log)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (chain.Build(certificate)) return true;
        log.LogWarning("Refused the client certificate {Subject} ({Thumbprint}): {Reasons}", certificate.Subject,
            certificate.GetCertHashString(HashAlgorithmName.SHA256), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct()));
        return false;
    }
}
