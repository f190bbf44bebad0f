using Google.Rpc;
using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

public sealed class BadInputTests : IAsyncLifetime
{
    private readonly ServiceHost theService = new();

    private PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client => theService.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await theService.DisposeAsync();

    [Fact]
    public async Task every_bad_field_is_named_in_one_invalid_argument()
    {
        var record = new PatientRecord { Dob = "29/02/1984", FamilyName = new string('x', 1000), NhsNumber = "943-476-591X", GivenName = "Ann\u0000" };

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["record.family_name", "record.given_name", "record.record_id", "record.source"], Violations(error).Select(v => v.Field).Order());
    }

    [Fact]
    public async Task a_right_to_left_override_in_a_name_is_refused_as_every_door_refuses_it()
    {
        var record = Patients.GpWilliam();
        record.FamilyName = "\u202EHartley";

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record }).ResponseAsync);

        var violation = Assert.Single(Violations(error));
        Assert.Equal("record.family_name", violation.Field);
        Assert.Contains("bidirectional text control (U+202E)", violation.Description);
    }

    [Fact]
    public async Task a_birth_date_in_the_future_links_the_record_on_the_rest_with_a_warning_naming_the_field()
    {
        await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        var record = Patients.HospitalBill();
        record.Dob = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd");

        var answer = await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record });

        var warning = Assert.Single(answer.Warnings);
        Assert.Equal(("record.dob", record.Dob), (warning.Field, warning.Value));
        Assert.Contains("future", warning.Reason);
        Assert.Equal(Decision.Linked, answer.Decision);
    }

    [Fact]
    public async Task a_verification_status_that_is_no_code_is_a_warning_naming_its_field()
    {
        var record = Patients.GpWilliam();
        record.NhsNumberVerification = "verified";

        var answer = await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record });

        var warning = Assert.Single(answer.Warnings);
        Assert.Equal(("record.nhs_number_verification", "verified"), (warning.Field, warning.Value));
        Assert.Equal(Decision.NewPerson, answer.Decision);
    }

    [Fact]
    public async Task a_request_without_a_record_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.MatchAndLinkAsync(new MatchAndLinkRequest()).ResponseAsync);

        Assert.Equal("record", Assert.Single(Violations(error)).Field);
    }

    [Fact]
    public async Task nothing_is_written_for_a_refused_record()
    {
        var record = Patients.GpWilliam();
        record.RecordId = "G\u00001001";

        await Assert.ThrowsAsync<RpcException>(() => Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record }).ResponseAsync);

        Assert.Equal(0, (await theService.Store.CountAsync()).Records);
    }

    [Fact]
    public async Task unknown_ids_are_not_found()
    {
        var person = await Assert.ThrowsAsync<RpcException>(() => Client.GetPersonAsync(new GetPersonRequest { PersonId = "no-such-person" }).ResponseAsync);
        var xref = await Assert.ThrowsAsync<RpcException>(() => Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "nope" }).ResponseAsync);
        var remove = await Assert.ThrowsAsync<RpcException>(() => Client.RemoveRecordAsync(new RemoveRecordRequest { Source = "gp", RecordId = "nope" }).ResponseAsync);

        Assert.All([person, xref, remove], e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
    }

    [Fact]
    public async Task lookups_without_ids_are_invalid_arguments_not_internal_errors()
    {
        var xref = await Assert.ThrowsAsync<RpcException>(() => Client.GetCrossReferencesAsync(new GetCrossReferencesRequest()).ResponseAsync);
        var match = await Assert.ThrowsAsync<RpcException>(() => Client.MatchAsync(new MatchRequest { Record = new PatientRecord(), TopK = -1 }).ResponseAsync);

        Assert.Equal(["record_id", "source"], Violations(xref).Select(v => v.Field).Order());
        Assert.Equal("top_k", Assert.Single(Violations(match)).Field);
    }

    [Fact]
    public async Task a_bad_record_in_a_stream_gets_an_error_in_its_place_and_the_stream_goes_on()
    {
        var bad = Patients.HospitalBill();
        bad.Source = "";
        using var call = Client.MatchAndLinkStream();

        foreach (var record in new[] { Patients.GpWilliam(), bad, Patients.CommunityWill() })
            await call.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = record });
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal([MatchAndLinkStreamResponse.OutcomeOneofCase.Result, MatchAndLinkStreamResponse.OutcomeOneofCase.Error, MatchAndLinkStreamResponse.OutcomeOneofCase.Result],
            answers.Select(a => a.OutcomeCase));
        Assert.Equal("record.source", Assert.Single(answers[1].Error.FieldViolations).Field);
        Assert.Equal(answers[0].Result.PersonId, answers[2].Result.PersonId);
    }

    [Fact]
    public async Task an_oversized_message_is_refused_with_resource_exhausted()
    {
        var record = Patients.GpWilliam();
        record.AddressLine2 = new string('a', 2 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException error)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return badRequest.FieldViolations;
    }
}
