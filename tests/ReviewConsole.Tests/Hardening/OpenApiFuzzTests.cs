using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ReviewConsole.Testing;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Hardening;

/// <summary>
/// Issue 10's fuzz campaign, in the suite: every operation of the OpenAPI document, called as an admin (so the
/// handlers run, not just the authorization), with hostile values for each path parameter, each query parameter
/// and each property of each request body, by the parameter's type. Nothing may answer 5xx.
/// </summary>
public sealed class OpenApiFuzzTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    // Raw JSON tokens: strings the database cannot store, a lone surrogate, non-finite and huge numbers, wrong types.
    private static readonly string[] HostileStrings =
        ["\"a\\u0000b\"", "\"x\\ud800y\"", $"\"{new string('x', 100_000)}\"", "\"'; DROP TABLE items; --\"", "\"../../etc/passwd\"", "\"\"", "null", "{}", "[]", "12"];
    private static readonly string[] HostileNumbers =
        ["\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e308", "-1e308", "1e400", "99999999999999999999", "-1", "0", "null", "\"x\"", "{}", "NaN"];
    // %00 in a path never reaches the host: the server refuses the request line (SecurityHeadersTests covers that answer).
    private static readonly string[] HostilePathValues =
        ["%ED%A0%80", "..%2F..%2Fetc", "-1", "0", "9223372036854775808", "NaN", "1e309", new string('k', 5000), "%27%3B--", "a%20b"];

    [Fact]
    public async Task NoOperationAnswers5xxToHostileInput()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var document = JsonNode.Parse(await api.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"];
        var calls = 0;
        var failures = new List<string>();

        foreach (var (template, pathItem) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in pathItem!.AsObject())
            {
                // Signing the admin out everywhere would end the campaign's own session.
                if (template.EndsWith("/auth/logout", StringComparison.Ordinal) || operation is null)
                    continue;
                var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var pathNames = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
                var queryNames = parameters.Where(p => (string?)p["in"] == "query").Select(p => ((string)p["name"]!, Type(p["schema"], schemas))).ToList();
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];

                var requests = new List<(string Path, string? Body)>();
                var validPath = Fill(template, pathNames, workflow.Key, hostile: null);
                foreach (var name in pathNames)
                    requests.AddRange(HostilePathValues.Select(v => (Fill(template, pathNames, workflow.Key, (name, v)), (string?)Valid(bodySchema, schemas))));
                foreach (var (name, type) in queryNames)
                    requests.AddRange(HostilePathValues.Append("%00").Select(v => ($"{validPath}?{name}={v}", (string?)Valid(bodySchema, schemas))));
                if (bodySchema is not null)
                {
                    requests.AddRange(new[] { "{}", "[]", "null", "\"x\"", "{\"a\":" + new string('[', 2000) + new string(']', 2000) + "}" }
                        .Select(b => (validPath, (string?)b)));
                    requests.AddRange(HostileBodies(bodySchema, schemas).Select(b => (validPath, (string?)b)));
                }
                if (requests.Count == 0)
                    requests.Add((validPath, null));

                foreach (var (path, body) in requests)
                {
                    using var message = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
                    if (body is not null)
                        message.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    // Headers are enough: the event streams never end.
                    using var response = await api.Admin.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                    calls++;
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{method.ToUpperInvariant()} {path[..Math.Min(path.Length, 160)]} {(body is null ? "" : body[..Math.Min(body.Length, 160)])} -> {(int)response.StatusCode}");
                }
            }
        }

        output.WriteLine($"{calls} requests, {failures.Count} answered 5xx");
        Assert.True(calls > 1000, $"only {calls} requests");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private static string Fill(string template, List<string> names, string workflowKey, (string Name, string Value)? hostile)
    {
        var path = template;
        foreach (var name in names)
        {
            var value = hostile is { } h && h.Name == name ? h.Value
                : name == "key" ? workflowKey
                : name.Contains("id", StringComparison.OrdinalIgnoreCase) && !name.Equals("externalId", StringComparison.Ordinal) ? "1"
                : "nobody-here";
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return path;
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonNode? schemas) =>
        schema?["$ref"] is { } reference ? schemas?[((string)reference!).Split('/')[^1]] : schema;

    private static string Type(JsonNode? schema, JsonNode? schemas)
    {
        var resolved = Resolve(schema, schemas);
        return resolved?["type"] switch
        {
            JsonValue v => (string)v!,
            JsonArray a => a.Select(t => (string?)t).FirstOrDefault(t => t is not null and not "null") ?? "string",
            _ => resolved?["properties"] is not null ? "object" : "string",
        };
    }

    /// <summary>A plausible value of the schema, as raw JSON.</summary>
    private static string Valid(JsonNode? schema, JsonNode? schemas, int depth = 0)
    {
        var resolved = Resolve(schema, schemas);
        if (resolved is null || depth > 4)
            return "null";
        return Type(resolved, schemas) switch
        {
            "integer" => "1",
            "number" => "0.5",
            "boolean" => "true",
            "array" => $"[{Valid(resolved["items"], schemas, depth + 1)}]",
            "object" => "{" + string.Join(",", (resolved["properties"]?.AsObject() ?? [])
                .Select(p => $"\"{p.Key}\":{Valid(p.Value, schemas, depth + 1)}")) + "}",
            _ => "\"x\"",
        };
    }

    /// <summary>The plausible body with one property at a time (nested ones too) replaced by each hostile value of its type.</summary>
    private static IEnumerable<string> HostileBodies(JsonNode schema, JsonNode? schemas, int depth = 0)
    {
        var resolved = Resolve(schema, schemas);
        if (resolved?["properties"]?.AsObject() is not { } properties || depth > 2)
            yield break;
        foreach (var (name, property) in properties)
        {
            var others = properties.Where(p => p.Key != name).Select(p => $"\"{p.Key}\":{Valid(p.Value, schemas, depth + 1)}").ToList();
            string With(string value) => "{" + string.Join(",", others.Append($"\"{name}\":{value}")) + "}";
            var type = Type(property, schemas);
            var values = type is "integer" or "number" ? HostileNumbers
                : type == "object" ? HostileBodies(property!, schemas, depth + 1).Concat(HostileStrings.Skip(6)).ToArray()
                : type == "array" ? HostileStrings.Select(s => $"[{s}]").Append(new string('[', 1) + string.Join(",", Enumerable.Repeat("\"x\"", 20_000)) + "]").ToArray()
                : HostileStrings;
            foreach (var value in values)
                yield return With(value);
        }
    }
}
