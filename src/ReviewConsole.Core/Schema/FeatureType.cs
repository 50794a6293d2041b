namespace ReviewConsole.Core.Schema;

public enum FeatureType
{
    Numeric,
    Categorical,
    Text,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("imageUrl")]
    ImageUrl,
}
