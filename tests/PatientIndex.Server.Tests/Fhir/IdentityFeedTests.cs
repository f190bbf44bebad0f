using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using static PatientIndex.Server.Tests.Fhir.PatientResources;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

public sealed class IdentityFeedTests : IAsyncLifetime
{
    private const string TrustMrn = "https://trust.example.nhs.uk/Id/mrn";
    private readonly FhirHost theServer = new(new Dictionary<string, string?> { ["Fhir:Sources:trust"] = TrustMrn });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await theServer.DisposeAsync();

    [Fact]
    public async Task gp_hospital_and_community_patients_of_one_person_are_one_person_and_cross_reference_each_other()
    {
        await theServer.FeedAsync(GpWilliam(), $"{Gp}|G1001");
        await theServer.FeedAsync(HospitalBill(), $"{Hospital}|RR8-556677");
        await theServer.Client.CreateAsync(CommunityWill());

        var person = await theServer.PersonOfAsync("hospital.RR8-556677");
        Assert.Equal(["Patient/community.C-77", "Patient/gp.G1001", "Patient/hospital.RR8-556677"], person.Link.Select(l => l.Target.Reference!).Order());
        Assert.All(person.Link, l => Assert.Equal(Hl7.Fhir.Model.Person.IdentityAssuranceLevel.Level3, l.Assurance));
        Assert.Equal(person.Id, (await theServer.Client.ReadAsync<Hl7.Fhir.Model.Person>("Person/" + person.Id))!.Id);

        var pix = await theServer.PixAsync($"{Hospital}|RR8-556677");
        Assert.Equal([$"{Community}|C-77", $"{Gp}|G1001"],
            pix.Get("targetIdentifier").Select(p => (Identifier)p.Value!).Select(i => $"{i.System}|{i.Value}").Order());
        Assert.Equal(["Patient/community.C-77", "Patient/gp.G1001"], pix.Get("targetId").Select(p => ((ResourceReference)p.Value!).Reference!).Order());
        var gpOnly = await theServer.PixAsync($"{Hospital}|RR8-556677", targetSystem: Gp);
        Assert.Equal("G1001", ((Identifier)Assert.Single(gpOnly.Get("targetIdentifier")).Value!).Value);
    }

    [Fact]
    public async Task twins_fed_in_stay_two_persons()
    {
        var (oliver, harry) = Twins();

        await theServer.FeedAsync(oliver, $"{Gp}|T1");
        await theServer.FeedAsync(harry, $"{Gp}|T2");

        Assert.NotEqual((await theServer.PersonOfAsync("gp.T1")).Id, (await theServer.PersonOfAsync("gp.T2")).Id);
        Assert.Empty((await theServer.PixAsync($"{Gp}|T1")).Get("targetIdentifier"));
    }

    [Fact]
    public async Task the_stored_patient_comes_back_with_its_logical_id_and_location()
    {
        var created = await theServer.FeedAsync(GpWilliam(), $"{Gp}|G1001");

        Assert.Equal("gp.G1001", created!.Id);
        Assert.Equal("Hartley", created.Name[0].Family);
        Assert.EndsWith("/fhir/Patient/gp.G1001", theServer.Client.LastResult!.Location);
        Assert.Equal("201", theServer.Client.LastResult.Status![..3]);
        var read = await theServer.Client.ReadAsync<Patient>("Patient/gp.G1001");
        Assert.Equal(("1984-02-29", "9434765919"), (read!.BirthDate, read.Identifier.Single(i => i.System == Nhs).Value));
    }

    [Fact]
    public async Task a_patient_fed_with_its_nhs_number_verification_status_comes_back_with_it()
    {
        var patient = GpWilliam();
        patient.Identifier.Single(i => i.System == Nhs).Extension.Add(new Extension(VerificationStatus,
            new CodeableConcept { Coding = [new Coding(VerificationCodes, "02", "Number present but not traced")] }));

        await theServer.FeedAsync(patient, $"{Gp}|G1001");

        var read = await theServer.Client.ReadAsync<Patient>("Patient/gp.G1001");
        var status = read!.Identifier.Single(i => i.System == Nhs).GetExtension(VerificationStatus);
        var coding = Assert.Single(Assert.IsType<CodeableConcept>(status?.Value).Coding);
        Assert.Equal((VerificationCodes, "02", "Number present but not traced"), (coding.System, coding.Code, coding.Display));
    }

    [Fact]
    public async Task a_system_configured_in_fhir_sources_names_its_source()
    {
        var patient = Patient(TrustMrn, "M-42", null, "Hartley", ["William"], "1984-02-29", AdministrativeGender.Male, "LS6 2AB", "14 Cardigan Road", "Leeds");

        var created = await theServer.Client.CreateAsync(patient);

        Assert.Equal("trust.M-42", created!.Id);
        Assert.Contains(created.Identifier, i => i.System == TrustMrn && i.Value == "M-42");
    }

    [Fact]
    public async Task a_deleted_patient_is_withdrawn_from_its_person()
    {
        await theServer.FeedAsync(GpWilliam(), $"{Gp}|G1001");
        await theServer.FeedAsync(HospitalBill(), $"{Hospital}|RR8-556677");

        await theServer.Client.DeleteAsync("Patient/hospital.RR8-556677");
        await theServer.Client.ConditionalDeleteSingleAsync(new SearchParams().Add("identifier", $"{Gp}|G1001"), "Patient");

        var gone = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.Client.ReadAsync<Patient>("Patient/hospital.RR8-556677"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(0, (await theServer.Service.Store.CountAsync()).Records);
    }

    [Fact]
    public async Task a_transaction_of_patients_links_them_all()
    {
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Transaction)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Gp}|G1001"), GpWilliam())
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Hospital}|RR8-556677"), HospitalBill())
            .Create(CommunityWill())
            .ToBundle();

        var response = await theServer.Client.TransactionAsync(bundle);

        Assert.Equal(Bundle.BundleType.TransactionResponse, response!.Type);
        Assert.All(response.Entry, e => Assert.Equal("201 Created", e.Response!.Status));
        Assert.Equal(3, (await theServer.PersonOfAsync("gp.G1001")).Link.Count);
    }

    [Fact]
    public async Task a_transaction_with_one_bad_entry_writes_nothing()
    {
        var bad = CommunityWill();
        bad.Identifier = [new Identifier("https://unknown.example/id", "X1")];
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Transaction)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Gp}|G1001"), GpWilliam())
            .Create(bad)
            .ToBundle();

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.Client.TransactionAsync(bundle));

        Assert.Equal(422, (int)refused.Status);
        Assert.Contains("Bundle.entry[1].resource.identifier", refused.Outcome!.Issue[0].Expression);
        Assert.Equal(0, (await theServer.Service.Store.CountAsync()).Records);
    }

    [Fact]
    public async Task a_birth_date_in_the_future_is_kept_out_of_matching_with_a_warning_naming_patient_birth_date()
    {
        var patient = GpWilliam();
        patient.BirthDate = "2999-01-01";
        using var request = new HttpRequestMessage(HttpMethod.Put, $"Patient?identifier={Gp}|G1001")
        {
            Content = new StringContent(patient.ToJson(), System.Text.Encoding.UTF8, FhirHost.MediaType),
        };
        request.Headers.Add("Prefer", "return=OperationOutcome");

        using var response = await theServer.Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("Patient.birthDate", response.Headers.GetValues("Warning").Single());
        var outcome = Assert.IsType<OperationOutcome>(FhirHost.ParseStrictly(await response.Content.ReadAsStringAsync()));
        var issue = Assert.Single(outcome.Issue);
        Assert.Equal((OperationOutcome.IssueSeverity.Warning, "Patient.birthDate"), (issue.Severity!.Value, issue.Expression.Single()));
        Assert.Contains("future", issue.Diagnostics);
        Assert.Equal("2999-01-01", (await theServer.Service.Store.FindRecordAsync(new Core.Store.RecordKey("gp", "G1001")))!.Record.Dob);
    }

    [Fact]
    public async Task a_verification_status_that_is_no_code_is_a_warning_in_a_batch_entry_naming_the_identifier_extension()
    {
        var patient = GpWilliam();
        patient.Identifier.Single(i => i.System == Nhs).Extension.Add(new Extension(VerificationStatus, new CodeableConcept(VerificationCodes, "9")));
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Batch)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Gp}|G1001"), patient)
            .ToBundle();

        var response = await theServer.Client.TransactionAsync(bundle);

        var entry = Assert.Single(response!.Entry);
        Assert.Equal("201 Created", entry.Response!.Status);
        var issue = Assert.Single(Assert.IsType<OperationOutcome>(entry.Response.Outcome).Issue);
        Assert.Equal((OperationOutcome.IssueSeverity.Warning, "Patient.identifier.extension"), (issue.Severity!.Value, issue.Expression.Single()));
    }

    [Fact]
    public async Task a_batch_answers_each_entry_on_its_own()
    {
        var bad = CommunityWill();
        bad.Identifier = [new Identifier("https://unknown.example/id", "X1")];
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Batch)
            .Create(bad)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Gp}|G1001"), GpWilliam())
            .ToBundle();

        var response = await theServer.Client.TransactionAsync(bundle);

        Assert.Equal(["422", "201 Created"], response!.Entry.Select(e => e.Response!.Status!));
        Assert.Equal("Bundle.entry[0].resource.identifier", response.Entry[0].Response!.Outcome is OperationOutcome o ? o.Issue[0].Expression.Single() : null);
        Assert.Equal(1, (await theServer.Service.Store.CountAsync()).Records);
    }
}
