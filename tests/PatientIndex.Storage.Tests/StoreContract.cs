using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Tests;

/// <summary>
/// What every store must do, written once. Each database runs it by deriving a class that says how
/// to make a fresh, migrated store and how to open a second instance on the same database.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    protected IPatientIndexStore theStore = null!;

    /// <summary>A new, empty store on its own database.</summary>
    protected abstract Task<IPatientIndexStore> CreateStoreAsync();

    /// <summary>Another store instance on the database <see cref="theStore"/> uses (as after a restart).</summary>
    protected abstract Task<IPatientIndexStore> ReopenAsync();

    /// <summary>Runs SQL on the database <see cref="theStore"/> uses, behind the store's back (to make a database an older release left).</summary>
    protected abstract Task ExecuteAsync(string sql);

    public async Task InitializeAsync()
    {
        theStore = await CreateStoreAsync();
        await theStore.MigrateAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task migrating_again_changes_nothing()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "1"), "p1")]);
        await theStore.MigrateAsync();
        Assert.Equal(new StoreCounts(1, 1, 1, 0), await theStore.CountAsync());
    }

    [Fact]
    public async Task a_saved_record_reads_back_with_every_field_and_its_link()
    {
        var record = Record("gp", "G1") with
        {
            NhsNumber = "943 476 5919", NhsNumberVerification = "02", OtherId = "QQ123456C", MiddleNames = "Rose", Sex = "F", AddressLine1 = "1 High St",
            AddressLine2 = "Flat 2", City = "Leeds", Phone = "07700 900123", Email = "a@example.org",
        };
        await theStore.ApplyAsync([NewPersonWith(record, "p1")]);

        var stored = await theStore.FindRecordAsync(new RecordKey("gp", "G1"));

        Assert.NotNull(stored);
        Assert.Equal(record, stored.Record);
        Assert.Equal(Link("p1"), stored.Link);
    }

    [Fact]
    public async Task finding_many_records_at_once_returns_exactly_those_of_the_keys_that_exist()
    {
        var change = new MembershipChange();
        change.NewPersons.Add(new NewPerson("p1", T0));
        var stored = Enumerable.Range(0, 600).Select(i => Record(i % 2 == 0 ? "gp" : "hospital", $"R{i}"))
            .Append(Record("gp", "O'Brien \"quoted\" é")).ToList();
        foreach (var record in stored) change.SavedRecords.Add(new StoredRecord(record, Link("p1")));
        await theStore.ApplyAsync([change]);
        var missing = Enumerable.Range(0, 399).Select(i => i % 3 == 0 ? new RecordKey("gp", $"R{2 * i + 1}") : new RecordKey("lab", $"R{i}"));
        var keys = stored.Select(r => new RecordKey(r.Source, r.RecordId)).Concat(missing).OrderBy(k => k.RecordId, StringComparer.Ordinal).ToList();

        var found = await theStore.FindRecordsAsync(keys);

        Assert.Equal(1000, keys.Count);
        Assert.Equal(stored.OrderBy(r => r.Source).ThenBy(r => r.RecordId), found.Select(r => r.Record).OrderBy(r => r.Source).ThenBy(r => r.RecordId));
        Assert.All(found, r => Assert.Equal(Link("p1"), r.Link));
    }

    [Fact]
    public async Task finding_records_of_no_keys_or_of_a_key_given_twice_returns_each_record_once()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1")]);

        Assert.Empty(await theStore.FindRecordsAsync([]));
        Assert.Equal([new RecordKey("gp", "G1")], (await theStore.FindRecordsAsync([new RecordKey("gp", "G1"), new RecordKey("gp", "G1")])).Select(r => r.Key));
    }

    [Fact]
    public async Task the_nhs_number_verification_status_is_kept_by_every_read_and_by_an_update()
    {
        var verified = Record("gp", "G1") with { NhsNumber = "9434765919", NhsNumberVerification = "01" };
        await theStore.ApplyAsync([NewPersonWith(verified, "p1"), NewPersonWith(Record("gp", "G2"), "p2")]);

        Assert.Equal("01", (await theStore.FindRecordAsync(new RecordKey("gp", "G1")))!.Record.NhsNumberVerification);
        Assert.Equal("01", (await theStore.FindPersonAsync("p1"))!.Records.Single().Record.NhsNumberVerification);
        var all = new Dictionary<string, string?>();
        await foreach (var stored in theStore.ReadAllRecordsAsync()) all[stored.Record.RecordId] = stored.Record.NhsNumberVerification;
        Assert.Equal(new Dictionary<string, string?> { ["G1"] = "01", ["G2"] = null }, all);

        var traceRequired = new MembershipChange();
        traceRequired.SavedRecords.Add(new StoredRecord(verified with { NhsNumberVerification = "03" }, Link("p1")));
        await theStore.ApplyAsync([traceRequired]);
        Assert.Equal("03", (await theStore.FindRecordAsync(new RecordKey("gp", "G1")))!.Record.NhsNumberVerification);
    }

    [Fact]
    public async Task a_database_from_before_the_verification_status_migrates_with_its_records_kept()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1") with { NhsNumber = "9434765919" }, "p1")]);
        await ExecuteAsync("""
            ALTER TABLE source_records DROP COLUMN nhs_number_verification;
            DELETE FROM schema_migrations WHERE name LIKE '%_nhs_number_verification';
            """);

        var upgraded = await ReopenAsync();
        await upgraded.MigrateAsync();

        var stored = await upgraded.FindRecordAsync(new RecordKey("gp", "G1"));
        Assert.Equal(Record("gp", "G1") with { NhsNumber = "9434765919" }, stored!.Record);
        var verified = new MembershipChange();
        verified.SavedRecords.Add(new StoredRecord(stored.Record with { NhsNumberVerification = "01" }, stored.Link));
        await upgraded.ApplyAsync([verified]);
        Assert.Equal("01", (await upgraded.FindRecordAsync(new RecordKey("gp", "G1")))!.Record.NhsNumberVerification);
    }

    [Fact]
    public async Task a_person_is_found_with_all_its_records()
    {
        var change = NewPersonWith(Record("gp", "G1"), "p1");
        change.SavedRecords.Add(new StoredRecord(Record("hospital", "H1"), Link("p1", LinkOutcome.Linked, 0.999)));
        await theStore.ApplyAsync([change]);

        var person = await theStore.FindPersonAsync("p1");

        Assert.NotNull(person);
        Assert.Equal(T0, person.CreatedAt);
        Assert.Equal(["gp/G1", "hospital/H1"], person.Records.Select(r => r.Key.ToString()));
    }

    [Fact]
    public async Task unknown_ids_find_nothing()
    {
        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "nope")));
        Assert.Null(await theStore.FindPersonAsync("nope"));
        Assert.Null(await theStore.FindReviewTaskAsync("nope"));
        Assert.Empty(await theStore.EventsOfRecordAsync(new RecordKey("gp", "nope")));
    }

    [Fact]
    public async Task saving_an_existing_record_replaces_its_data_and_its_link()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1"), NewPersonWith(Record("gp", "G2"), "p2")]);
        var changed = Record("gp", "G1") with { FamilyName = "Smith-Jones", Postcode = "LS1 4AP" };
        var move = new MembershipChange();
        move.SavedRecords.Add(new StoredRecord(changed, Link("p2", LinkOutcome.Linked, 0.995) with { Confirmed = true }));
        move.RetiredPersons.Add("p1");
        await theStore.ApplyAsync([move]);

        var stored = await theStore.FindRecordAsync(new RecordKey("gp", "G1"));
        Assert.Equal(changed, stored!.Record);
        Assert.Equal("p2", stored.Link.PersonId);
        Assert.True(stored.Link.Confirmed);
        Assert.Null(await theStore.FindPersonAsync("p1"));
        Assert.Equal(2, (await theStore.FindPersonAsync("p2"))!.Records.Count);
        Assert.Equal(1, (await theStore.CountAsync()).Persons);
    }

    [Fact]
    public async Task a_removed_record_is_gone_and_its_empty_person_retired()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1")]);
        var remove = new MembershipChange();
        remove.RemovedRecords.Add(new RecordKey("gp", "G1"));
        remove.RetiredPersons.Add("p1");
        remove.Events.Add(Event(LinkEventKind.RecordRemoved, "gp", "G1", from: "p1", to: null));
        await theStore.ApplyAsync([remove]);

        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "G1")));
        Assert.Null(await theStore.FindPersonAsync("p1"));
        Assert.Equal(new StoreCounts(0, 0, 2, 0), await theStore.CountAsync());
    }

    [Fact]
    public async Task link_events_read_back_in_order_by_record_and_by_person()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1"), NewPersonWith(Record("gp", "G2"), "p2")]);
        var move = new MembershipChange();
        move.SavedRecords.Add(new StoredRecord(Record("gp", "G1"), Link("p2")));
        move.Events.Add(Event(LinkEventKind.RecordMoved, "gp", "G1", from: "p1", to: "p2"));
        await theStore.ApplyAsync([move]);

        var ofRecord = await theStore.EventsOfRecordAsync(new RecordKey("gp", "G1"));
        var ofP1 = await theStore.EventsOfPersonAsync("p1");
        var ofP2 = await theStore.EventsOfPersonAsync("p2");

        Assert.Equal([LinkEventKind.RecordLinked, LinkEventKind.RecordMoved], ofRecord.Select(e => e.Kind));
        Assert.True(ofRecord[0].EventId < ofRecord[1].EventId);
        Assert.Equal(Event(LinkEventKind.RecordMoved, "gp", "G1", from: "p1", to: "p2") with { EventId = ofRecord[1].EventId }, ofRecord[1]);
        Assert.Equal(2, ofP1.Count);
        Assert.Equal(["gp/G2", "gp/G1"], ofP2.Select(e => e.Record.ToString()));
    }

    [Fact]
    public async Task a_review_task_reads_back_with_its_candidates_strongest_first()
    {
        var change = NewPersonWith(Record("gp", "G1"), "p1");
        change.OpenedReviewTasks.Add(new ReviewTask("t1", T0, new RecordKey("gp", "G1"), "p1", "probability in the review band", 0.8,
            [new ReviewCandidate(new RecordKey("hospital", "H1"), "p2", 0.6), new ReviewCandidate(new RecordKey("hospital", "H2"), "p3", 0.8)]));
        await theStore.ApplyAsync([change]);

        var task = await theStore.FindReviewTaskAsync("t1");

        Assert.NotNull(task);
        Assert.Equal(ReviewTaskStatus.Open, task.Status);
        Assert.Equal("probability in the review band", task.Reason);
        Assert.Equal(["p3", "p2"], task.Candidates.Select(c => c.PersonId));
        Assert.Equal(1, (await theStore.CountAsync()).OpenReviewTasks);
    }

    [Fact]
    public async Task open_review_tasks_are_listed_oldest_first()
    {
        var first = NewPersonWith(Record("gp", "G1"), "p1");
        first.OpenedReviewTasks.Add(new ReviewTask("b", T0, new RecordKey("gp", "G1"), "p1", "r", 0.7, []));
        var second = NewPersonWith(Record("gp", "G2"), "p2");
        second.OpenedReviewTasks.Add(new ReviewTask("a", T0.AddMinutes(1), new RecordKey("gp", "G2"), "p2", "r", 0.7, []));
        await theStore.ApplyAsync([second, first]);

        var open = await theStore.OpenReviewTasksAsync(10);

        Assert.Equal(["b", "a"], open.Select(t => t.TaskId));
        Assert.Single(await theStore.OpenReviewTasksAsync(1));
    }

    [Fact]
    public async Task a_batch_that_fails_writes_nothing()
    {
        var good = NewPersonWith(Record("gp", "G1"), "p1");
        var bad = new MembershipChange();
        bad.SavedRecords.Add(new StoredRecord(Record("gp", "G2"), Link("no-such-person")));

        await Assert.ThrowsAnyAsync<Exception>(() => theStore.ApplyAsync([good, bad]));

        Assert.Equal(new StoreCounts(0, 0, 0, 0), await theStore.CountAsync());
        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "G1")));
    }

    [Fact]
    public async Task every_record_is_read_back_for_the_index()
    {
        var changes = Enumerable.Range(0, 250).Select(i => NewPersonWith(Record("gp", $"G{i}"), $"p{i}")).ToList();
        await theStore.ApplyAsync(changes);

        var all = new List<StoredRecord>();
        await foreach (var record in theStore.ReadAllRecordsAsync()) all.Add(record);

        Assert.Equal(250, all.Count);
        Assert.Equal(250, all.Select(r => r.Link.PersonId).Distinct().Count());
    }

    [Fact]
    public async Task a_second_store_on_the_same_database_sees_everything()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1")]);

        var reopened = await ReopenAsync();
        await reopened.MigrateAsync();

        Assert.Equal("p1", (await reopened.FindRecordAsync(new RecordKey("gp", "G1")))!.Link.PersonId);
        Assert.Equal(new StoreCounts(1, 1, 1, 0), await reopened.CountAsync());
    }

    protected static SourceRecord Record(string source, string recordId) => new()
    {
        Source = source, RecordId = recordId, GivenName = "Amelia", FamilyName = "Hart", Dob = "1984-02-29", Postcode = "LS6 2AB",
    };

    protected static Link Link(string personId, LinkOutcome outcome = LinkOutcome.NewPerson, double probability = 0) =>
        new(personId, outcome, probability, "fellegi-sunter", false, null, T0);

    protected static LinkEvent Event(LinkEventKind kind, string source, string recordId, string? from, string? to) =>
        new(0, T0, kind, new RecordKey(source, recordId), from, to, "because", "fellegi-sunter", 0.5, "test");

    protected static MembershipChange NewPersonWith(SourceRecord record, string personId)
    {
        var change = new MembershipChange();
        change.NewPersons.Add(new NewPerson(personId, T0));
        change.SavedRecords.Add(new StoredRecord(record, Link(personId)));
        change.Events.Add(Event(LinkEventKind.RecordLinked, record.Source, record.RecordId, from: null, to: personId));
        return change;
    }
}
