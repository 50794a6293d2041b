namespace ReviewConsole.Infrastructure;

/// <summary>
/// The loop every polling background worker runs: one round at a time in a fresh DI scope, the pause the round
/// asks for (none when there is more to do), and after a failure a logged warning and a short back-off - a worker
/// never dies of one bad round. Rounds are replica-safe by their own SQL (SKIP LOCKED, advisory locks).
/// </summary>
internal abstract class PollingWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(2);

    /// <summary>For work a round hands to others that outlive its scope (progress reports).</summary>
    protected IServiceScopeFactory Scopes => scopes;

    /// <summary>What the worker does, for the log: "Profile building".</summary>
    protected abstract string Activity { get; }

    /// <summary>Runs one round; returns how long to wait before the next (<see cref="TimeSpan.Zero"/> for at once).</summary>
    protected abstract Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Runs once before the first round (recovering what a crash left behind).</summary>
    protected virtual Task StartAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RoundAsync(StartAsync, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = await RoundAsync(RunOnceAsync, stoppingToken);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<TimeSpan> RoundAsync(Func<IServiceProvider, CancellationToken, Task> round, CancellationToken ct) =>
        await RoundAsync(async (services, token) => { await round(services, token); return TimeSpan.Zero; }, ct);

    private async Task<TimeSpan> RoundAsync(Func<IServiceProvider, CancellationToken, Task<TimeSpan>> round, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await round(scope.ServiceProvider, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return TimeSpan.Zero;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{Activity} failed; retrying", Activity);
            return FailureDelay;
        }
    }
}
