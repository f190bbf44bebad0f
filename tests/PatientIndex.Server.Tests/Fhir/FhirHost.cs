using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

/// <summary>
/// The server in-process with Firely's own FhirClient pointed at <c>/fhir</c>, set to parse every
/// response strictly; a raw HttpClient for requests a FHIR client would never send.
/// </summary>
public sealed class FhirHost : IAsyncDisposable
{
    public const string MediaType = "application/fhir+json";
    private static readonly FhirJsonDeserializer StrictParser = new(new DeserializerSettings());

    public FhirHost(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Service = new ServiceHost(settings);
        var baseUrl = new Uri(Service.BaseAddress, "/fhir");
        Client = new FhirClient(baseUrl, new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false }, Service.CreateHandler());
        Client.WithStrictSerializer();
        Http = new HttpClient(Service.CreateHandler()) { BaseAddress = new Uri(Service.BaseAddress, "/fhir/") };
    }

    public ServiceHost Service { get; }

    public FhirClient Client { get; }

    public HttpClient Http { get; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Service.DisposeAsync();
    }

    /// <summary>Sends raw text and parses the answer with Firely's strict parser.</summary>
    public async Task<(int Status, Resource Body)> SendAsync(HttpMethod method, string path, string body, string mediaType = MediaType)
    {
        var answer = await ExchangeAsync(method, path, body, mediaType);
        return (answer.Status, answer.Body);
    }

    /// <summary>Sends raw text; the answer's status, media type and strictly parsed body.</summary>
    public async Task<(int Status, string? MediaType, Resource Body)> ExchangeAsync(HttpMethod method, string path, string body, string mediaType = MediaType)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, ParseStrictly(await response.Content.ReadAsStringAsync()));
    }

    public static Resource ParseStrictly(string json) => StrictParser.DeserializeResource(json);

    public Task<Patient?> FeedAsync(Patient patient, string identifier) =>
        Client.ConditionalUpdateAsync(patient, new SearchParams().Add("identifier", identifier));

    public async Task<Bundle> MatchAsync(Patient patient, bool onlyCertain = false, int? count = null)
    {
        var input = new Parameters { { "resource", patient } };
        if (onlyCertain) input.Add("onlyCertainMatches", new FhirBoolean(true));
        if (count is { } n) input.Add("count", new Integer(n));
        return await Client.TypeOperationAsync<Patient>("match", input) as Bundle ?? throw new InvalidOperationException("no Bundle");
    }

    public async Task<Hl7.Fhir.Model.Person> PersonOfAsync(string patientId)
    {
        var found = await Client.SearchAsync<Hl7.Fhir.Model.Person>(new SearchParams().Add("patient", "Patient/" + patientId));
        return Assert.IsType<Hl7.Fhir.Model.Person>(Assert.Single(found!.Entry).Resource);
    }

    public async Task<Parameters> PixAsync(string sourceIdentifier, string? targetSystem = null)
    {
        var input = new Parameters { { "sourceIdentifier", new FhirString(sourceIdentifier) } };
        if (targetSystem is not null) input.Add("targetSystem", new FhirUri(targetSystem));
        return await Client.TypeOperationAsync<Patient>("ihe-pix", input, useGet: true) as Parameters ?? throw new InvalidOperationException("no Parameters");
    }

    public static string GradeOf(Bundle.EntryComponent entry) =>
        Assert.IsType<Code>(entry.Search!.GetExtension("http://hl7.org/fhir/StructureDefinition/match-grade")?.Value).Value!;
}
