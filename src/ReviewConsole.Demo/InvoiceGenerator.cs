using System.Text.Json.Nodes;
using ReviewConsole.Contracts.Items;

namespace ReviewConsole.Demo;

/// <summary>
/// Invoices of six expense categories, with a simulated external model: right about 89% of the time,
/// and its confidence is informative (higher when right), as a real calibrated-ish model would be.
/// </summary>
public sealed class InvoiceGenerator(int seed)
{
    /// <summary>The simulated external model's version, as its predictions name it.</summary>
    public const string ModelVersion = "invoice-model-2026.10";

    /// <summary>The demo's second external version, sent beside the first when the console's toggle turns it on.</summary>
    public const string NextModelVersion = "invoice-model-2026.11";

    /// <summary>How often the second version is right: clearly better or clearly worse than the first's 89%.</summary>
    public static double NextModelAccuracy(NextModel mode) => mode == NextModel.Better ? 0.97 : 0.55;

    public static readonly string[] Labels = ["travel", "software", "office", "hardware", "consulting", "utilities"];
    public static readonly string[] Countries = ["DE", "FR", "NL", "ES", "IT", "PL"];

    private static readonly Dictionary<string, (string[] Vendors, string[] Phrases, double MeanAmount)> Categories = new()
    {
        ["travel"] = (["Lufthansa", "Deutsche Bahn", "Marriott", "Uber", "Air France"],
            ["Flight to {0} for the customer workshop", "Hotel, 2 nights, {0} offsite", "Train tickets {0} return", "Taxi from airport to {0} office"], 640),
        ["software"] = (["Atlassian", "JetBrains", "GitHub", "Slack", "Adobe"],
            ["Annual licence renewal, 25 seats", "Subscription upgrade to the business tier", "Cloud IDE seats for the {0} team", "Design suite, monthly"], 1900),
        ["office"] = (["Staples", "IKEA Business", "Viking", "Amazon Business"],
            ["Printer paper and toner for the {0} office", "Standing desks (4) and chairs", "Coffee supplies, kitchen restock", "Whiteboards and markers"], 310),
        ["hardware"] = (["Dell", "Lenovo", "Apple", "Logitech"],
            ["Laptops for new hires in {0}", "Monitors 27 inch x6", "Docking stations and keyboards", "Replacement phone for field engineer"], 3200),
        ["consulting"] = (["Accenture", "KPMG", "Freelance Partners", "Baker & Co"],
            ["Security audit, phase 2 ({0})", "Tax advisory, Q3", "Data migration support, 12 days", "Legal review of supplier contracts"], 8200),
        ["utilities"] = (["Vattenfall", "EnBW", "Telekom", "Vodafone"],
            ["Electricity, {0} office, October", "Fibre internet, monthly", "Mobile plans for 40 employees", "Water and heating, quarterly"], 950),
    };

    private readonly Random _random = new(seed);

    /// <summary>
    /// The true category of an invoice, as a careful reviewer reads it: every vendor sells one category. Null for an
    /// invoice this generator did not write.
    /// </summary>
    public static string? CategoryOf(System.Text.Json.JsonElement features) =>
        features.TryGetProperty("vendor", out var vendor) && vendor.ValueKind == System.Text.Json.JsonValueKind.String
            ? Categories.FirstOrDefault(c => c.Value.Vendors.Contains(vendor.GetString())).Key
            : null;

    /// <summary>
    /// The next invoice with the simulated model's prediction; with the second version on, both versions' predictions
    /// (<c>predictions</c>), as a client in a rollout sends them.
    /// </summary>
    public IngestItemRequest Next(string externalId, bool drifted = false, NextModel next = NextModel.Off)
    {
        var truth = Labels[_random.Next(Labels.Length)];
        var (vendors, phrases, mean) = Categories[truth];
        var country = drifted && _random.NextDouble() < 0.3 ? "US" : Countries[_random.Next(Countries.Length)];
        var amount = Math.Round(mean * Math.Exp(Normal() * 0.5) * (drifted ? 1.8 : 1), 2);
        var city = country switch { "DE" => "Berlin", "FR" => "Paris", "NL" => "Amsterdam", "ES" => "Madrid", "IT" => "Milan", "PL" => "Warsaw", _ => "Boston" };
        var features = new JsonObject
        {
            ["amount"] = amount,
            ["vendor"] = vendors[_random.Next(vendors.Length)],
            ["country"] = country,
            ["line_items"] = 1 + _random.Next(12),
            ["description"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, phrases[_random.Next(phrases.Length)], city),
        };

        // Right 89% of the time; confidence drawn higher when right, so thresholds are meaningful. On the US invoices
        // that only come with drift it is right 30% of the time and just as sure of itself: the market it never saw.
        var unfamiliar = country == "US";
        var first = Predict(truth, unfamiliar ? 0.3 : 0.89, unfamiliar, ModelVersion);
        var json = System.Text.Json.JsonSerializer.SerializeToElement(features);
        return next == NextModel.Off
            ? new IngestItemRequest(externalId, json, first)
            : new IngestItemRequest(externalId, json, Predictions: [first, Predict(truth, NextModelAccuracy(next), unfamiliar, NextModelVersion)]);
    }

    private PredictionInput Predict(string truth, double accuracy, bool overconfident, string version)
    {
        var correct = _random.NextDouble() < accuracy;
        var label = correct ? truth : Labels.Where(l => l != truth).ElementAt(_random.Next(Labels.Length - 1));
        var confidence = correct || overconfident ? Beta(8, 1.6) : Beta(3, 2.5);
        confidence = Math.Clamp(Math.Round(confidence, 4), 0.2, 0.999);
        var rest = (1 - confidence) / (Labels.Length - 1);
        var probabilities = Labels.ToDictionary(l => l, l => l == label ? confidence : rest);
        return new PredictionInput(label, confidence, probabilities, version);
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private double Gamma(double shape)
    {
        // Marsaglia-Tsang; shape >= 1 here.
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal();
            var v = Math.Pow(1 + c * x, 3);
            if (v > 0 && Math.Log(1 - _random.NextDouble()) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }

    private double Beta(double a, double b)
    {
        var x = Gamma(a);
        return x / (x + Gamma(b));
    }
}

/// <summary>The demo's second model version: not sent, or sent and better or worse than the first.</summary>
public enum NextModel
{
    Off,
    Better,
    Worse,
}
