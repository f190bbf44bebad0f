using PatientIndex.Api.V1;
using PatientIndex.Core.Store;
using PatientIndex.Ml;

namespace PatientIndex.Server.Tests;

public sealed class MatchAndLinkTests : IAsyncLifetime
{
    private readonly ServiceHost theService = new();

    private PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client => theService.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await theService.DisposeAsync();

    [Fact]
    public async Task the_same_patient_from_gp_hospital_and_community_is_one_person_with_a_full_cross_reference()
    {
        var gp = await Link(Patients.GpWilliam());
        var hospital = await Link(Patients.HospitalBill());
        var community = await Link(Patients.CommunityWill());

        Assert.Equal(Decision.NewPerson, gp.Decision);
        Assert.Equal(Decision.Linked, hospital.Decision);
        Assert.Equal(Decision.Linked, community.Decision);
        Assert.All([hospital, community], r => Assert.Equal(gp.PersonId, r.PersonId));
        Assert.True(hospital.Probability >= 0.99);

        var xref = await Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "hospital", RecordId = "RR8-556677" });
        Assert.Equal(gp.PersonId, xref.PersonId);
        Assert.Equal(["community/C-77", "gp/G1001", "hospital/RR8-556677"], xref.Records.Select(r => $"{r.Source}/{r.RecordId}").Order());
        var person = await Client.GetPersonAsync(new GetPersonRequest { PersonId = gp.PersonId });
        Assert.Equal(3, person.Records.Count);
    }

    [Fact]
    public async Task a_link_is_explained_by_its_candidates_and_their_field_contributions()
    {
        await Link(Patients.GpWilliam());

        var hospital = await Link(Patients.HospitalBill());

        var candidate = Assert.Single(hospital.Candidates);
        Assert.Equal(("gp", "G1001"), (candidate.Source, candidate.RecordId));
        var nhs = Assert.Single(candidate.Contributions, c => c.Field == "nhs_number");
        Assert.Equal("exact_valid", nhs.Level);
        Assert.True(nhs.Bits > 0);
        Assert.Equal("nickname", Assert.Single(candidate.Contributions, c => c.Field == "given_name").Level);
    }

    [Fact]
    public async Task the_verification_status_is_kept_and_an_nhs_number_marked_unverified_agrees_only_weakly()
    {
        var gpRecord = Patients.GpWilliam();
        gpRecord.NhsNumberVerification = "01";
        var hospitalRecord = Patients.HospitalBill();
        hospitalRecord.NhsNumberVerification = "02";
        var gp = await Link(gpRecord);

        var hospital = await Link(hospitalRecord);

        Assert.Equal("exact_invalid", Assert.Single(Assert.Single(hospital.Candidates).Contributions, c => c.Field == "nhs_number").Level);
        var person = await Client.GetPersonAsync(new GetPersonRequest { PersonId = gp.PersonId });
        Assert.Equal("01", person.Records.Single(r => r.Record.RecordId == "G1001").Record.NhsNumberVerification);
    }

    [Fact]
    public async Task twins_stay_two_persons()
    {
        var (oliver, harry) = Patients.Twins();

        var first = await Link(oliver);
        var second = await Link(harry);

        Assert.NotEqual(first.PersonId, second.PersonId);
        Assert.NotEqual(Decision.Linked, second.Decision);
        var xref = await Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "T2" });
        Assert.Single(xref.Records);
    }

    [Fact]
    public async Task sending_the_same_record_again_gives_the_same_answer_and_writes_nothing()
    {
        await Link(Patients.GpWilliam());
        var first = await Link(Patients.HospitalBill());
        var before = await theService.Store.CountAsync();

        var again = await Link(Patients.HospitalBill());

        Assert.False(again.Changed);
        Assert.Equal((first.PersonId, first.Decision, first.Probability), (again.PersonId, again.Decision, again.Probability));
        Assert.Equal(before, await theService.Store.CountAsync());
    }

    [Fact]
    public async Task changed_data_that_now_belongs_to_another_person_moves_the_record_and_logs_the_move()
    {
        var william = await Link(Patients.GpWilliam());
        var (oliver, _) = Patients.Twins();
        var oliverPerson = await Link(oliver);
        var hospital = await Link(Patients.HospitalBill());
        Assert.Equal(william.PersonId, hospital.PersonId);

        // The hospital corrects a mis-registration: the record was Oliver's all along.
        var corrected = oliver.Clone();
        corrected.Source = "hospital";
        corrected.RecordId = "RR8-556677";
        var moved = await Link(corrected);

        Assert.True(moved.Changed);
        Assert.Equal(oliverPerson.PersonId, moved.PersonId);
        var events = await theService.Store.EventsOfRecordAsync(new RecordKey("hospital", "RR8-556677"));
        Assert.Equal([LinkEventKind.RecordLinked, LinkEventKind.RecordMoved], events.Select(e => e.Kind));
        Assert.Equal((william.PersonId, oliverPerson.PersonId), (events[1].FromPersonId, events[1].ToPersonId));
        Assert.Equal(theService.Service<LinkageModel>().Version, events[1].Model);
        Assert.StartsWith("match-v3+fs.", events[1].Model);
        Assert.NotNull(events[1].Probability);
    }

    [Fact]
    public async Task changed_data_that_still_matches_stays_and_is_logged_as_an_update()
    {
        var gp = await Link(Patients.GpWilliam());
        await Link(Patients.HospitalBill());

        var moved = Patients.HospitalBill();
        moved.Postcode = "LS6 3HN";
        moved.AddressLine1 = "2 Headingley Lane";
        var updated = await Link(moved);

        Assert.True(updated.Changed);
        Assert.Equal(gp.PersonId, updated.PersonId);
        var events = await theService.Store.EventsOfRecordAsync(new RecordKey("hospital", "RR8-556677"));
        Assert.Equal(LinkEventKind.RecordUpdated, events[^1].Kind);
    }

    [Fact]
    public async Task a_record_linking_two_persons_that_nothing_contradicts_merges_them_as_bulk_linkage_would_in_an_undoable_merge()
    {
        var nhsOnly = Patients.GpWilliam();
        var otherIdOnly = Patients.CommunityWill();
        otherIdOnly.OtherId = "QQ 12 34 56 C";
        otherIdOnly.Postcode = "BD1 1AA";
        otherIdOnly.AddressLine1 = "";
        otherIdOnly.City = "Bradford";
        otherIdOnly.Phone = "07700 900456"; // the mobile the hospital holds: strong evidence it is the bridge's person too
        otherIdOnly.Email = "";
        otherIdOnly.GivenName = "Bill";
        otherIdOnly.Dob = "1984-02-28";
        var first = await Link(nhsOnly);
        var second = await Link(otherIdOnly);
        Assert.NotEqual(first.PersonId, second.PersonId);

        var bridge = Patients.HospitalBill();
        bridge.OtherId = "QQ123456C";
        var linked = await Link(bridge);

        Assert.Equal(Decision.Linked, linked.Decision);
        Assert.Contains(linked.PersonId, new[] { first.PersonId, second.PersonId });
        var person = await Client.GetPersonAsync(new GetPersonRequest { PersonId = linked.PersonId });
        Assert.Equal(["community/C-77", "gp/G1001", "hospital/RR8-556677"], person.Records.Select(r => $"{r.Record.Source}/{r.Record.RecordId}").Order());
        var absorbed = linked.PersonId == first.PersonId ? second.PersonId : first.PersonId;
        var merge = Assert.Single(await theService.Store.MergesOfPersonAsync(absorbed));
        Assert.Equal((absorbed, linked.PersonId, "match-and-link"), (merge.FromPersonId, merge.IntoPersonId, merge.Actor));
    }

    [Fact]
    public async Task a_record_linking_two_persons_that_contradict_each_other_joins_the_stronger_and_opens_a_review_task()
    {
        var (oliver, twin) = Patients.Twins();
        // Two records alike in everything but their valid NHS numbers, which forbid one person.
        var namesake = oliver.With("hospital", "H-T9");
        namesake.NhsNumber = twin.NhsNumber;
        var first = await Link(oliver);
        var second = await Link(namesake);
        Assert.NotEqual(first.PersonId, second.PersonId);

        var bridge = oliver.With("community", "C-T1");
        bridge.NhsNumber = "";
        var review = await Link(bridge);

        Assert.Equal(Decision.Review, review.Decision);
        Assert.Contains(review.PersonId, new[] { first.PersonId, second.PersonId });
        var task = await theService.Store.FindReviewTaskAsync(review.ReviewTaskId);
        Assert.NotNull(task);
        Assert.Contains(task.Candidates, c => c.PersonId != review.PersonId);
        Assert.Single((await Client.GetPersonAsync(new GetPersonRequest { PersonId = first.PersonId == review.PersonId ? second.PersonId : first.PersonId })).Records);
    }

    [Fact]
    public async Task removing_a_record_takes_it_out_of_its_person_and_logs_it()
    {
        var gp = await Link(Patients.GpWilliam());
        await Link(Patients.HospitalBill());

        var removed = await Client.RemoveRecordAsync(new RemoveRecordRequest { Source = "hospital", RecordId = "RR8-556677" });

        Assert.Equal(gp.PersonId, removed.PersonId);
        Assert.False(removed.PersonRetired);
        var xref = await Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1001" });
        Assert.Single(xref.Records);
        var events = await theService.Store.EventsOfRecordAsync(new RecordKey("hospital", "RR8-556677"));
        Assert.Equal(LinkEventKind.RecordRemoved, events[^1].Kind);
    }

    [Fact]
    public async Task match_searches_on_partial_demographics_and_writes_nothing()
    {
        var gp = await Link(Patients.GpWilliam());
        var before = await theService.Store.CountAsync();

        var found = await Client.MatchAsync(new MatchRequest
        {
            Record = new PatientRecord { GivenName = "William", FamilyName = "Hartley", Dob = "1984-02-29" },
            TopK = 3,
        });

        var best = Assert.Single(found.Candidates);
        Assert.Equal(gp.PersonId, best.PersonId);
        Assert.True(best.Probability > 0.5);
        Assert.Equal(before, await theService.Store.CountAsync());
    }

    [Fact]
    public async Task everything_is_still_there_after_a_restart()
    {
        var gp = await Link(Patients.GpWilliam());
        await Link(Patients.HospitalBill());

        await theService.RestartAsync();

        var xref = await Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1001" });
        Assert.Equal(2, xref.Records.Count);
        var again = await Link(Patients.HospitalBill());
        Assert.False(again.Changed);
        var community = await Link(Patients.CommunityWill());
        Assert.Equal((Decision.Linked, gp.PersonId), (community.Decision, community.PersonId));
    }

    private async Task<MatchAndLinkResponse> Link(PatientRecord record) =>
        await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record });
}
