using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Web.Api;

namespace ReviewConsole.Web.Review;

/// <summary>
/// The keyboard-first review loop: claim, read, label, next. The lease is renewed while the page is
/// open; a lost lease or an unreachable Api is said plainly and the page recovers by itself.
/// </summary>
public sealed partial class ReviewPage
{
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(2);

    [Parameter] public string Key { get; set; } = "";

    [Inject] private ApiClient Api { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    private WorkflowResponse? _workflow;
    private QueueSnapshot? _queue;
    private ClaimResponse? _task;
    private string? _notice;
    private string _noticeKind = "info";
    private string? _escalationNote;
    private string? _lastAction;
    private bool _busy;
    private bool _apiDown;
    private int _labelledBySelf;
    private DotNetObjectReference<ReviewPage>? _self;
    private IJSObjectReference? _module;
    private IJSObjectReference? _shortcuts;
    private readonly CancellationTokenSource _disposed = new();

    protected override async Task OnInitializedAsync() => await GuardAsync(LoadAsync);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        _self = DotNetObjectReference.Create(this);
        _module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/review.js");
        _shortcuts = await _module.InvokeAsync<IJSObjectReference>("registerShortcuts", _self);
        StateHasChanged();
        _ = RenewLoopAsync();
    }

    [JSInvokable]
    public Task OnShortcut(string key)
    {
        if (_busy || _workflow is null)
            return Task.CompletedTask;
        if (_task is null)
            return key is "n" or "enter" ? GuardAsync(ClaimAsync) : Task.CompletedTask;
        if (key.Length == 1 && char.IsAsciiDigit(key[0]) && key[0] != '0')
        {
            var index = key[0] - '1';
            return index < _workflow.Labels.Count ? LabelAsync(_workflow.Labels[index]) : Task.CompletedTask;
        }
        return key switch
        {
            "s" => SkipAsync(),
            "e" => EscalateAsync(),
            _ => Task.CompletedTask,
        };
    }

    private async Task LoadAsync()
    {
        var workflow = await Api.WorkflowAsync(Key, _disposed.Token);
        if (!workflow.Ok)
        {
            Notice(workflow.Message, "danger");
            return;
        }
        _workflow = workflow.Value;
        await RefreshQueueAsync();
    }

    private async Task RefreshQueueAsync()
    {
        var queue = await Api.QueueAsync(Key, _disposed.Token);
        if (queue.Ok)
            _queue = queue.Value;
    }

    private Task OnLiveEventAsync(ConsoleEvent consoleEvent) => GuardAsync(async () =>
    {
        if (consoleEvent.Type != EventTypes.AutomationChanged)
        {
            await RefreshQueueAsync();
            return;
        }
        await LoadAsync();
        // The level changed under the open item: claiming again returns the same lease with what the ladder now shows.
        if (_task is { } held && await Api.ClaimAsync(Key, _disposed.Token) is { Ok: true, Value: { } again } && again.TaskId == held.TaskId)
            _task = again;
    });

    private Task ClaimAsync() => GuardAsync(async () =>
    {
        var claim = await Api.ClaimAsync(Key, _disposed.Token);
        if (claim.Status == HttpStatusCode.NoContent)
        {
            Notice("Nothing is waiting for you right now. New items appear here live.", "info");
            _task = null;
        }
        else if (claim.Ok)
        {
            _task = claim.Value;
            _escalationNote = null;
            _notice = null;
        }
        else
        {
            Notice(claim.Message, "danger");
        }
        await RefreshQueueAsync();
    });

    private Task LabelAsync(string label) => WithTaskAsync(async task =>
    {
        var result = await Api.LabelAsync(task.TaskId, label, task.LeaseToken, _disposed.Token);
        if (result.Ok)
        {
            _labelledBySelf++;
            _lastAction = $"Labelled {task.Item.ExternalId} as {label}";
            _task = null;
            await ClaimAsync();
        }
        else
        {
            HandleFailure(result.Status, result.Message);
        }
    });

    private Task SkipAsync() => ReturnAsync((api, task) => api.SkipAsync(task.TaskId, task.LeaseToken, _disposed.Token), "Skipped", claimNext: true);

    private Task EscalateAsync() =>
        ReturnAsync((api, task) => api.EscalateAsync(task.TaskId, task.LeaseToken, _escalationNote, _disposed.Token), "Escalated", claimNext: true);

    private Task ReleaseAsync() => ReturnAsync((api, task) => api.ReleaseAsync(task.TaskId, task.LeaseToken, _disposed.Token), "Released", claimNext: false);

    private Task ReturnAsync(Func<ApiClient, ClaimResponse, Task<ApiResponse<LeaseResponse>>> action, string verb, bool claimNext) =>
        WithTaskAsync(async task =>
        {
            var result = await action(Api, task);
            if (!result.Ok)
            {
                HandleFailure(result.Status, result.Message);
                return;
            }
            _lastAction = $"{verb} {task.Item.ExternalId}";
            _task = null;
            if (claimNext)
                await ClaimAsync();
            else
                await RefreshQueueAsync();
        });

    private async Task WithTaskAsync(Func<ClaimResponse, Task> action)
    {
        if (_task is not { } task || _busy)
            return;
        _busy = true;
        try
        {
            await GuardAsync(() => action(task));
        }
        finally
        {
            _busy = false;
            StateHasChanged();
        }
    }

    private void HandleFailure(HttpStatusCode status, string message)
    {
        if (status == HttpStatusCode.Conflict)
        {
            _task = null;
            Notice("Your lease on that item was lost (it expired or was released), so someone else may have it. Claim the next item.", "warning");
        }
        else
        {
            Notice(message, "danger");
        }
    }

    private async Task RenewLoopAsync()
    {
        using var timer = new PeriodicTimer(RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                if (_task is not { } task)
                    continue;
                await InvokeAsync(() => GuardAsync(async () =>
                {
                    var renewed = await Api.RenewAsync(task.TaskId, task.LeaseToken, _disposed.Token);
                    if (!renewed.Ok && _task?.TaskId == task.TaskId)
                        HandleFailure(renewed.Status, renewed.Message);
                }));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs an Api call; if the Api is unreachable, says so and retries loading until it is back.</summary>
    private async Task GuardAsync(Func<Task> action)
    {
        try
        {
            await action();
            if (_apiDown)
                _apiDown = false;
        }
        catch (ApiUnreachableException)
        {
            if (!_apiDown)
            {
                _apiDown = true;
                _ = RecoverAsync();
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        StateHasChanged();
    }

    private async Task RecoverAsync()
    {
        while (_apiDown && !_disposed.IsCancellationRequested)
        {
            await Task.Delay(RecoveryInterval).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await InvokeAsync(() => GuardAsync(LoadAsync));
        }
    }

    private void Notice(string message, string kind)
    {
        _notice = message;
        _noticeKind = kind;
    }

    private static string Ago(DateTimeOffset at)
    {
        var age = DateTimeOffset.UtcNow - at;
        return age.TotalSeconds < 60 ? "just now"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} d ago";
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        try
        {
            if (_shortcuts is not null)
            {
                await _shortcuts.InvokeVoidAsync("dispose");
                await _shortcuts.DisposeAsync();
            }
            if (_module is not null)
                await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; nothing to unregister.
        }
        _self?.Dispose();
        _disposed.Dispose();
    }
}
