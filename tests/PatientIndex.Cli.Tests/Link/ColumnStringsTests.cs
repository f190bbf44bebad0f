using PatientIndex.Extracts;

namespace PatientIndex.Cli.Tests.Link;

public class ColumnStringsTests
{
    [Fact]
    public void a_repeated_value_is_one_shared_string()
    {
        var column = new ColumnStrings();

        var first = column.Of("Smith".AsSpan());
        var again = column.Of("xSmithx".AsSpan(1, 5));

        Assert.Equal("Smith", again);
        Assert.Same(first, again);
    }

    [Fact]
    public void a_column_of_distinct_values_is_still_read_exactly_once_pooling_stops()
    {
        var column = new ColumnStrings();

        var values = Enumerable.Range(0, 100_000).Select(i => column.Of($"G{i:D7}".AsSpan())).ToList();

        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => $"G{i:D7}"), values);
        Assert.NotSame(column.Of("G0000001".AsSpan()), values[1]); // no longer pooled
    }

    [Fact]
    public void an_empty_value_is_the_empty_string() => Assert.Same("", new ColumnStrings().Of([]));
}
