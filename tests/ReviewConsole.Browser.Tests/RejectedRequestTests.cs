using System.Net.Sockets;
using System.Text;

namespace ReviewConsole.Browser.Tests;

/// <summary>Issue 10, item 6: requests Kestrel refuses before the application runs still get a problem+json answer.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RejectedRequestTests(ConsoleFixture console)
{
    private async Task<string> SendRawAsync(string requestLine)
    {
        var uri = new Uri(console.Url);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{requestLine}\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // The refusal closes the connection, so the whole answer is what arrives before the end of the stream.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Theory]
    [InlineData("GET /api/v1/workflows/%00 HTTP/1.1")]
    [InlineData("GET /api/v1/workflows/a%00b/items HTTP/1.1")]
    public async Task ANulInThePathIsAProblemNotAnEmpty400(string requestLine)
    {
        var answer = await SendRawAsync(requestLine);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);
        Assert.Contains("Content-Type: application/problem+json", answer);
        var body = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        using var problem = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(answer.Split("\r\n"), line => line == $"Content-Length: {Encoding.UTF8.GetByteCount(body)}");
    }

    [Fact]
    public async Task OrdinaryAnswersPassThroughUnchanged()
    {
        var answer = await SendRawAsync("GET /healthz HTTP/1.1");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer.Length > 0 ? answer : "(nothing)");
    }
}
