using System.Text.Json;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Tests.Schema;

public sealed class FeatureSchemaTests
{
    private static readonly FeatureSchema Schema = new([
        new FeatureField("amount", FeatureType.Numeric),
        new FeatureField("country", FeatureType.Categorical),
        new FeatureField("note", FeatureType.Text),
        new FeatureField("photo", FeatureType.ImageUrl),
    ]);

    [Fact]
    public void ValidFeaturesPass()
    {
        var errors = Validate("""{ "amount": 12.5, "country": "DE", "note": "ok", "photo": "https://x.test/a.png" }""");

        Assert.Empty(errors);
    }

    [Fact]
    public void MissingAndNullValuesAreAllowed()
    {
        var errors = Validate("""{ "amount": null }""");

        Assert.Empty(errors);
    }

    [Fact]
    public void EachWrongValueIsReportedUnderItsPath()
    {
        var errors = Validate("""{ "amount": "12", "country": 3, "note": 1, "photo": "ftp://x/a.png", "colour": "red" }""");

        Assert.Equal(
            ["item", "item.amount", "item.colour", "item.country", "item.note", "item.photo"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("1 unknown feature name(s). Known features: ", errors["item"][0]);
    }

    [Fact]
    public void ThousandsOfUnknownNamesReportAFewAndNameTheKnownFeaturesOnce()
    {
        var errors = Validate("{" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"x{i}\": 1")) + "}");

        Assert.Equal(FeatureSchema.MaxUnknownReported + 1, errors.Count);
        Assert.Contains("2000 unknown feature name(s) (20 shown)", errors["item"][0]);
    }

    [Theory]
    [InlineData(@"""a\u0000b""")]
    [InlineData(@"""a\ud800b""")]
    [InlineData(@"""\udc00""")]
    public void TextPostgreSqlCannotStoreIsRefused(string json)
    {
        var errors = Validate($$"""{ "note": {{json}} }""");

        Assert.Equal(StorableText.Problem, Assert.Single(errors["item.note"]));
    }

    [Fact]
    public void FeaturesMustBeAnObject()
    {
        var errors = Validate("[1, 2]");

        Assert.Equal(["item"], errors.Keys);
    }

    private static Dictionary<string, string[]> Validate(string json)
    {
        var errors = new Dictionary<string, string[]>();
        Schema.Validate(JsonDocument.Parse(json).RootElement, "item", errors);
        return errors;
    }
}
