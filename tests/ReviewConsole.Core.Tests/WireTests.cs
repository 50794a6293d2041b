using System.Text.Json;
using System.Text.Json.Serialization;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Routing;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Tests;

public sealed class WireTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    [Fact]
    public void WireNamesAreTheOnesTheJsonConverterWrites()
    {
        AssertSameAsJson<AutomationLevel>();
        AssertSameAsJson<Criticality>();
        AssertSameAsJson<RouteReason>();
        AssertSameAsJson<FeatureType>();
    }

    [Fact]
    public void TheStoredNamesOfEarlierReleasesStillRead()
    {
        Assert.Equal(["manual", "shadow", "assist", "low_confidence", "no_prediction", "audit_sample", "escalation"], Wire.NamesOf<RouteReason>());
        Assert.Equal(["numeric", "categorical", "text", "imageUrl"], Wire.NamesOf<FeatureType>());
        Assert.Equal(["manual", "shadow", "assist", "partial", "full"], Wire.NamesOf<AutomationLevel>());
    }

    [Theory]
    [InlineData("Partial", true)]
    [InlineData("partial", true)]
    [InlineData("3", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("semi", false)]
    public void ReadingIgnoresCaseAndRefusesNumbers(string? wire, bool read)
    {
        Assert.Equal(read, Wire.TryParse<AutomationLevel>(wire, out var level));
        Assert.Equal(read ? AutomationLevel.Partial : default, level);
    }

    private static void AssertSameAsJson<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            Assert.Equal(JsonSerializer.Serialize(value, Json), $"\"{value.ToWire()}\"");
    }
}
