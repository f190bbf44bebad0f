using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using static PatientIndex.Server.Tests.Fhir.PatientResources;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

/// <summary>Each refusal: its status, an OperationOutcome naming the element, and nothing written.</summary>
public sealed class ErrorTests : IAsyncLifetime
{
    private readonly FhirHost theServer = new();

    public async Task InitializeAsync() => await theServer.FeedAsync(GpWilliam(), $"{Gp}|G1001");

    public async Task DisposeAsync()
    {
        Assert.Equal(1, (await theServer.Service.Store.CountAsync()).Records); // no refused request wrote anything
        await theServer.DisposeAsync();
    }

    [Fact]
    public async Task malformed_json_is_a_400()
    {
        var (status, body) = await theServer.SendAsync(HttpMethod.Post, "Patient", """{"resourceType": "Patient", "name": [""");

        Assert.Equal(400, status);
        Assert.Equal(OperationOutcome.IssueType.Structure, Assert.IsType<OperationOutcome>(body).Issue[0].Code);
    }

    [Fact]
    public async Task a_resource_of_the_wrong_type_is_a_400_naming_it()
    {
        var (status, body) = await theServer.SendAsync(HttpMethod.Post, "Patient", """{"resourceType": "Observation", "status": "final", "code": {"text": "x"}}""");

        Assert.Equal(400, status);
        Assert.Equal(["Observation"], Assert.IsType<OperationOutcome>(body).Issue[0].Expression);
    }

    [Fact]
    public async Task a_value_that_is_not_fhir_is_a_400_naming_the_element()
    {
        var (status, body) = await theServer.SendAsync(HttpMethod.Post, "Patient",
            """{"resourceType": "Patient", "identifier": [{"system": "urn:patientindex:source:gp", "value": "G2"}], "birthDate": "1984-13-45"}""");

        Assert.Equal(400, status);
        Assert.Equal(["Patient.birthDate"], Assert.IsType<OperationOutcome>(body).Issue[0].Expression);
    }

    /// <summary>The four interactions that read a Patient, and the element path each reports it under.</summary>
    private static readonly Dictionary<string, (HttpMethod Method, string Path, Func<string, string> Wrap, string At)> Interactions = new()
    {
        ["PUT"] = (HttpMethod.Put, $"Patient?identifier={Gp}|G2", patient => patient, "Patient"),
        ["POST"] = (HttpMethod.Post, "Patient", patient => patient, "Patient"),
        ["transaction"] = (HttpMethod.Post, "",
            patient => $$$"""{"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {{{patient}}}, "request": {"method": "POST", "url": "Patient"}}]}""",
            "Bundle.entry[0].resource"),
        ["$match"] = (HttpMethod.Post, "Patient/$match",
            patient => $$$"""{"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": {{{patient}}}}]}""",
            "Parameters.parameter[0].resource"),
    };

    private static readonly (string Element, string Value)[] MalformedElements =
    [
        ("contained", "0"), ("contained", "\"x\""), ("contained", "{}"), ("name", "5"), ("birthDate", "true"), ("identifier", "{}"), ("active", "\"yes\""),
    ];

    public static TheoryData<string, string, string> MalformedBodies()
    {
        var table = new TheoryData<string, string, string>();
        foreach (var interaction in Interactions.Keys)
            foreach (var (element, value) in MalformedElements) table.Add(interaction, element, value);
        return table;
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task a_wrongly_typed_element_is_a_400_outcome_naming_it_in_every_interaction(string interaction, string element, string value)
    {
        var (method, path, wrap, at) = Interactions[interaction];
        var fields = new Dictionary<string, string>
        {
            ["resourceType"] = "\"Patient\"",
            ["identifier"] = $$"""[{"system": "{{Gp}}", "value": "G2"}]""",
            ["name"] = """[{"family": "Hartley", "given": ["William"]}]""",
            ["birthDate"] = "\"1984-02-29\"",
        };
        fields[element] = value;
        var patient = "{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + "}";

        var (status, mediaType, body) = await theServer.ExchangeAsync(method, path, wrap(patient));

        Assert.Equal((400, FhirHost.MediaType), (status, mediaType));
        var issue = Assert.Single(Assert.IsType<OperationOutcome>(body).Issue);
        var named = $"{at}.{element}";
        Assert.Contains(issue.Expression, e => e is not null && (e == named || e.StartsWith(named + "[", StringComparison.Ordinal)));
        Assert.Contains(element, issue.Diagnostics);
    }

    [Fact]
    public async Task an_unknown_identifier_system_is_a_422_naming_patient_identifier()
    {
        var patient = GpWilliam();
        patient.Identifier = [new Identifier("https://somewhere.example/id", "S1")];

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.Client.CreateAsync(patient));

        Assert.Equal((HttpStatusCode)422, refused.Status);
        Assert.Equal(["Patient.identifier"], refused.Outcome!.Issue[0].Expression);
        Assert.Contains("https://somewhere.example/id", refused.Outcome!.Issue[0].Diagnostics);
    }

    [Fact]
    public async Task an_unsupported_media_type_is_a_415()
    {
        var (status, body) = await theServer.SendAsync(HttpMethod.Post, "Patient", "<Patient xmlns=\"http://hl7.org/fhir\"/>", "application/fhir+xml");

        Assert.Equal(415, status);
        Assert.Equal(OperationOutcome.IssueType.NotSupported, Assert.IsType<OperationOutcome>(body).Issue[0].Code);
    }

    [Theory]
    [InlineData("Patient/gp.NOPE")]
    [InlineData("Patient/not-an-id")]
    [InlineData("Person/0123456789abcdef0123456789abcdef")]
    public async Task an_unknown_id_is_a_404(string path)
    {
        using var response = await theServer.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.IsType<OperationOutcome>(FhirHost.ParseStrictly(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task a_conditional_update_whose_patient_names_another_record_is_a_400()
    {
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.FeedAsync(HospitalBill(), $"{Hospital}|OTHER"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["Patient.identifier"], refused.Outcome!.Issue[0].Expression);
    }

    [Fact]
    public async Task a_match_without_a_patient_or_with_a_bad_count_is_a_400()
    {
        var noPatient = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.Client.TypeOperationAsync<Patient>("match", new Parameters { { "count", new Integer(5) } }));
        var badCount = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.MatchAsync(GpWilliam(), count: 0));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (noPatient.Status, badCount.Status));
        Assert.Equal(["Parameters.parameter.where(name = 'resource').resource"], noPatient.Outcome!.Issue[0].Expression);
        Assert.Equal(["Parameters.parameter.where(name = 'count').value"], badCount.Outcome!.Issue[0].Expression);
    }

    [Theory]
    [InlineData("urn:patientindex:source:gp|NOPE", null, HttpStatusCode.NotFound)]
    [InlineData("https://unknown.example/id|G1001", null, HttpStatusCode.BadRequest)]
    [InlineData("urn:patientindex:source:gp|G1001", "https://unknown.example/id", HttpStatusCode.Forbidden)]
    public async Task pix_errors_follow_the_profile(string sourceIdentifier, string? targetSystem, HttpStatusCode expected)
    {
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.PixAsync(sourceIdentifier, targetSystem));

        Assert.Equal(expected, refused.Status);
        Assert.NotNull(refused.Outcome);
    }
}
