using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Web.Api;

/// <summary>
/// Subscribes once per console process to GET /api/v1/events and republishes each event to
/// <see cref="LiveEvents"/>. Reconnects with backoff; a silent stream (no heartbeat) counts as dead.
/// </summary>
internal sealed class ApiEventStream(IHttpClientFactory http, TokenPool tokens, LiveEvents live, ILogger<ApiEventStream> logger)
    : BackgroundService
{
    public const string HttpClientName = "api-events";
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(40);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            var token = tokens.Latest;
            if (token is null)
            {
                await WaitForTokenAsync(stoppingToken);
                continue;
            }
            try
            {
                await StreamAsync(token, stoppingToken);
                delay = TimeSpan.FromMilliseconds(500);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or JsonException)
            {
                logger.LogDebug(ex, "Event stream dropped");
            }
            live.SetConnected(false);
            await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    private async Task StreamAsync(string token, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        silence.CancelAfter(SilenceLimit);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, silence.Token);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            tokens.Reject(token);
            return;
        }
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(silence.Token);
        var parser = SseParser.Create(body, (_, data) => JsonSerializer.Deserialize<ConsoleEvent>(data, JsonSerializerOptions.Web));
        await foreach (var item in parser.EnumerateAsync(silence.Token))
        {
            silence.CancelAfter(SilenceLimit);
            live.SetConnected(true);
            if (item.Data is { } consoleEvent && consoleEvent.Type != EventTypes.Heartbeat)
                live.Publish(consoleEvent);
        }
    }

    private async Task WaitForTokenAsync(CancellationToken stoppingToken)
    {
        var offered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnOffered() => offered.TrySetResult();
        tokens.TokenOffered += OnOffered;
        try
        {
            if (tokens.Latest is null)
                await offered.Task.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            tokens.TokenOffered -= OnOffered;
        }
    }
}
