namespace PatientIndex.Server.Hosting;

/// <summary>
/// Configuration section <c>Tls</c>: how client certificates are checked on an HTTPS endpoint that asks for
/// them (<c>Kestrel:Endpoints:NAME:ClientCertificateMode</c>). Certificates and endpoints themselves are
/// Kestrel's own keys (<c>Kestrel:Endpoints:NAME:Certificate</c>, <c>Kestrel:Certificates:Default</c>).
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Tls";

    /// <summary>
    /// A PEM file of the certificate authorities whose client certificates are accepted; they alone are
    /// trusted for clients, not the machine's store. Unset: the machine's trust store decides.
    /// </summary>
    public string? ClientCertificateAuthorities { get; set; }

    /// <summary>Ask the issuing authority whether a client certificate is revoked (online). Off by default: a private CA often publishes no revocation list.</summary>
    public bool CheckClientCertificateRevocation { get; set; }
}
