using Microsoft.AspNetCore.Components;
using ReviewConsole.Components.Console;

namespace ReviewConsole.Components;

/// <summary>
/// What every console page needs for work that outlives an event handler: background loops that stop with the
/// page and route their failures to the renderer (never a dropped task), and one pending retry of the page's load
/// while the database is unreachable.
/// </summary>
public abstract class ConsolePage : ComponentBase, IAsyncDisposable
{
    /// <summary>How long a page waits before loading again after the database did not answer.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(3);

    // Never disposed: a late callback of a closed page may still read the token (a disposed source would throw).
    private readonly CancellationTokenSource _disposed = new();
    private int _retryPending;

    /// <summary>An action of the page is running: its buttons are disabled.</summary>
    protected bool Busy { get; private set; }

    /// <summary>Why the page's last action failed, shown beside its buttons until dismissed or the next action.</summary>
    protected string? ActionError { get; set; }

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken Disposed => _disposed.Token;

    /// <summary>Runs work beside the page until it finishes or the page goes away; an exception reaches the error boundary.</summary>
    protected void RunInBackground(Func<CancellationToken, Task> work) => _ = GuardedAsync(work);

    /// <summary>Loads again in a few seconds; further calls while one retry is pending are folded into it.</summary>
    protected void RetryLater(Func<Task> load)
    {
        if (Interlocked.Exchange(ref _retryPending, 1) == 1)
            return;
        RunInBackground(async ct =>
        {
            await Task.Delay(RetryInterval, ct);
            Volatile.Write(ref _retryPending, 0);
            await InvokeAsync(load);
        });
    }

    /// <summary>Runs one action at a time; a database outage becomes an <see cref="ActionError"/>, not a crash.</summary>
    protected async Task ActAsync(Func<Task> action)
    {
        if (Busy)
            return;
        Busy = true;
        ActionError = null;
        try
        {
            await action();
        }
        catch (DatabaseUnavailableException)
        {
            ActionError = "The database is unreachable; nothing was changed. Try again in a moment.";
        }
        finally
        {
            Busy = false;
        }
    }

    protected void DismissActionError() => ActionError = null;

    private async Task GuardedAsync(Func<CancellationToken, Task> work)
    {
        try
        {
            await work(_disposed.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Releases what a page holds beyond its background work (JS modules, object references).</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }
}
