using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

public sealed class StreamTests : IAsyncLifetime
{
    private readonly ServiceHost theService = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await theService.DisposeAsync();

    [Fact]
    public async Task a_stream_of_ten_thousand_records_gets_ten_thousand_answers_in_order()
    {
        const int count = 10_000;
        using var call = theService.Client.MatchAndLinkStream();

        var sending = Task.Run(async () =>
        {
            foreach (var record in Generated(count)) await call.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = record });
            await call.RequestStream.CompleteAsync();
        });
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();
        await sending;

        Assert.Equal(count, answers.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"R{i}"), answers.Select(a => a.Result.RecordId));
        Assert.Equal(count, (await theService.Store.CountAsync()).Records);
    }

    /// <summary>Distinct people: names, dates and NHS-like numbers all vary with i.</summary>
    private static IEnumerable<PatientRecord> Generated(int count)
    {
        string[] given = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Leo", "Freya", "Oscar"];
        string[] family = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Khan", "Evans", "Wright"];
        for (var i = 0; i < count; i++)
            yield return new PatientRecord
            {
                Source = "pas", RecordId = $"R{i}", GivenName = given[i % given.Length], FamilyName = family[i / given.Length % family.Length] + (i / 144),
                Dob = new DateOnly(1930, 1, 1).AddDays(i * 7 % 30000).ToString("yyyy-MM-dd"), Postcode = $"LS{i % 28 + 1} {i % 9 + 1}AB",
            };
    }
}
